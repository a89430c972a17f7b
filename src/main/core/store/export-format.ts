/**
 * Encoding of call log rows in export files. Both formats use the field
 * names of `AttemptRecord`, in the same order.
 */
import type { AttemptRecord, ExportFormat } from '../../../shared/types.ts';
import { encodeCsvRow } from './csv.ts';

/**
 * Columns of an export, in file order. This order is stable: append new
 * columns at the end so scripts that read exports keep working.
 */
export const EXPORT_COLUMNS = [
  'id',
  'time',
  'callId',
  'provider',
  'operation',
  'method',
  'url',
  'httpStatus',
  'latencyMs',
  'attempt',
  'outcome',
  'errorClass',
  'errorMessage',
  'breakerState',
] as const satisfies readonly (keyof AttemptRecord)[];

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Text before the first row: the CSV header row, nothing for JSON Lines. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? encodeCsvRow(EXPORT_COLUMNS) : '';
}

/** Encodes one attempt as a line of the export, line end included. */
export function encodeExportLine(format: ExportFormat, record: AttemptRecord): string {
  const values = exportValues(record);
  if (format === 'csv') return encodeCsvRow(EXPORT_COLUMNS.map((column) => values[column]));

  return `${JSON.stringify(values)}\n`;
}

/**
 * Returns the export values of one attempt in column order, with `time` as
 * an ISO 8601 UTC string such as `2025-01-31T12:00:00.000Z`.
 */
function exportValues(record: AttemptRecord): Record<ExportColumn, string | number | null> {
  return {
    id: record.id ?? null,
    time: new Date(record.time).toISOString(),
    callId: record.callId,
    provider: record.provider,
    operation: record.operation,
    method: record.method,
    url: record.url,
    httpStatus: record.httpStatus,
    latencyMs: record.latencyMs,
    attempt: record.attempt,
    outcome: record.outcome,
    errorClass: record.errorClass,
    errorMessage: record.errorMessage,
    breakerState: record.breakerState,
  };
}

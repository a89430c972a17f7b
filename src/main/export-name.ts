/**
 * The file name the export dialog suggests. Pure, so it can be checked
 * without Electron.
 */
import type { ExportFormat } from '../shared/types.ts';

const pad = (value: number): string => String(value).padStart(2, '0');

/** Builds the suggested file name, such as `integration-hub-logs-20250131-0945.csv`, in local time. */
export function defaultExportFileName(format: ExportFormat, date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}${pad(date.getMinutes())}`;

  return `integration-hub-logs-${day}-${time}.${format}`;
}

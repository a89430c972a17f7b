/** The table of attempts, newest first. */
import type { AttemptRecord } from '../../../../shared/types.ts';
import { formatDateTime, formatLatency, formatTime, NONE } from '../../lib/format.ts';
import { useNow } from '../../lib/clock.ts';
import { attemptKey } from '../../stores/logs.ts';
import { BreakerBadge, OutcomeBadge } from '../Badges.tsx';

const COLUMNS = [
  'Time',
  'Provider',
  'Operation',
  'Method',
  'URL',
  'HTTP',
  'Latency',
  'Try',
  'Outcome',
  'Error',
  'Breaker',
];

function ErrorCell({ record }: { record: AttemptRecord }) {
  if (!record.errorClass && !record.errorMessage) return <td className="muted">{NONE}</td>;

  return (
    <td className="cell-error" title={record.errorMessage ?? undefined}>
      {record.errorClass && <span className="error-class">{record.errorClass}</span>}
      {record.errorMessage && <span className="error-message">{record.errorMessage}</span>}
    </td>
  );
}

function LogRow({ record, now }: { record: AttemptRecord; now: number }) {
  return (
    <tr data-testid="log-row" className={`row-${record.outcome}`}>
      <td className="nowrap">
        <time dateTime={new Date(record.time).toISOString()} title={formatDateTime(record.time)}>
          {formatTime(record.time, now)}
        </time>
      </td>
      <td>{record.provider}</td>
      <td>{record.operation}</td>
      <td className="mono">{record.method}</td>
      <td className="cell-url mono" title={record.url}>
        {record.url}
      </td>
      <td className="num">{record.httpStatus ?? NONE}</td>
      <td className="num nowrap">{formatLatency(record.latencyMs)}</td>
      <td className="num">{record.attempt}</td>
      <td>
        <OutcomeBadge outcome={record.outcome} />
      </td>
      <ErrorCell record={record} />
      <td>
        <BreakerBadge state={record.breakerState} />
      </td>
    </tr>
  );
}

interface LogTableProps {
  rows: AttemptRecord[];
  /** Text of the single placeholder row when `rows` is empty. */
  emptyText: string;
}

/** Renders the rows with a sticky header. Each row has `data-testid="log-row"`. */
export function LogTable({ rows, emptyText }: LogTableProps) {
  const now = useNow();

  return (
    <div className="table-wrap">
      <table className="log-table" data-testid="logs-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((record) => (
            <LogRow key={attemptKey(record)} record={record} now={now} />
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="empty">
                {emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

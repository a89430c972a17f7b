/** The table of attempts, newest first, virtualized. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
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
  if (!record.errorClass && !record.errorMessage) {
    return (
      <div role="cell" className="muted">
        {NONE}
      </div>
    );
  }

  return (
    <div role="cell" className="cell-error" title={record.errorMessage ?? undefined}>
      {record.errorClass && <span className="error-class">{record.errorClass}</span>}
      {record.errorMessage && <span className="error-message">{record.errorMessage}</span>}
    </div>
  );
}

/** Height of one row in pixels; the virtualizer positions rows by it. */
const ROW_HEIGHT = 32;

/** Rows before the end at which the next older page is requested. */
const PREFETCH_ROWS = 200;

interface LogRowProps {
  record: AttemptRecord;
  now: number;
  top: number;
  onOpen(callId: string): void;
}

function LogRow({ record, now, top, onOpen }: LogRowProps) {
  return (
    <div
      role="row"
      tabIndex={0}
      data-testid="log-row"
      className={`log-row row-${record.outcome}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onOpen(record.callId)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(record.callId);
      }}
    >
      <div role="cell" className="nowrap">
        <time dateTime={new Date(record.time).toISOString()} title={formatDateTime(record.time)}>
          {formatTime(record.time, now)}
        </time>
      </div>
      <div role="cell">{record.provider}</div>
      <div role="cell">{record.operation}</div>
      <div role="cell" className="mono">
        {record.method}
      </div>
      <div role="cell" className="cell-url mono" title={record.url}>
        {record.url}
      </div>
      <div role="cell" className="num">
        {record.httpStatus ?? NONE}
      </div>
      <div role="cell" className="num nowrap">
        {formatLatency(record.latencyMs)}
      </div>
      <div role="cell" className="num">
        {record.attempt}
      </div>
      <div role="cell">
        <OutcomeBadge outcome={record.outcome} />
      </div>
      <ErrorCell record={record} />
      <div role="cell">
        <BreakerBadge state={record.breakerState} />
      </div>
    </div>
  );
}

interface LogTableProps {
  rows: AttemptRecord[];
  /** Text of the single placeholder row when `rows` is empty. */
  emptyText: string;
  /** Whether older rows exist beyond the last one. */
  hasOlder: boolean;
  /** Requests the next older page; called as the user nears the end. */
  onNearEnd(): void;
  /** Opens the detail pane of a call. */
  onOpen(callId: string): void;
}

/**
 * Renders the rows in a virtualized grid: only the rows in view (plus a few)
 * are in the DOM, so a long log scrolls smoothly. Each row has
 * `data-testid="log-row"`.
 */
export function LogTable({ rows, emptyText, hasOlder, onNearEnd, onOpen }: LogTableProps) {
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasOlder && rows.length > 0 && lastIndex >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [hasOlder, lastIndex, rows.length, onNearEnd]);

  return (
    <div className="table-wrap log-grid" role="table" data-testid="logs-table">
      <div role="row" className="log-row log-head">
        {COLUMNS.map((column) => (
          <div key={column} role="columnheader">
            {column}
          </div>
        ))}
      </div>
      <div ref={scroller} className="log-scroll" data-testid="logs-scroll">
        {rows.length === 0 ? (
          <div className="empty">{emptyText}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const record = rows[item.index] as AttemptRecord;
              return (
                <LogRow
                  key={attemptKey(record)}
                  record={record}
                  now={now}
                  top={item.start}
                  onOpen={onOpen}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** The table of attempts, newest first, virtualized. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { providerName } from '../../../../shared/provider-names.ts';
import type { AttemptRecord } from '../../../../shared/types.ts';
import { formatDateTime, formatLatency, formatTime, localizeTimes, NONE } from '../../lib/format.ts';
import { useNow } from '../../lib/clock.ts';
import { errorClassLabel } from '../../lib/labels.ts';
import { attemptKey } from '../../stores/logs.ts';
import { BreakerBadge, OutcomeBadge } from '../Badges.tsx';

// Outcome, status and error come early, so they stay in view when the detail pane narrows the table.
const COLUMNS = [
  'Time',
  'Provider',
  'Operation',
  'Outcome',
  'HTTP',
  'Try',
  'Error',
  'Latency',
  'Method',
  'URL',
  'Breaker',
];

function ErrorCell({ record, now }: { record: AttemptRecord; now: number }) {
  if (!record.errorClass && !record.errorMessage) {
    return (
      <div role="cell" className="muted">
        {NONE}
      </div>
    );
  }

  const message = record.errorMessage === null ? null : localizeTimes(record.errorMessage, now);
  return (
    <div role="cell" className="cell-error" title={message ?? undefined}>
      {record.errorClass && <span className="error-class">{errorClassLabel(record.errorClass)}</span>}
      {message && <span className="error-message">{message}</span>}
    </div>
  );
}

/** Height of one row in pixels; the virtualizer positions rows by it. */
const ROW_HEIGHT = 32;

/** Rows before the end at which the next older page is requested. */
const PREFETCH_ROWS = 200;

interface LogRowProps {
  record: AttemptRecord;
  /** Position among the loaded rows, 0 for the newest. */
  index: number;
  now: number;
  top: number;
  onOpen(callId: string): void;
}

function LogRow({ record, index, now, top, onOpen }: LogRowProps) {
  return (
    <div
      role="row"
      // Only rows in view are in the DOM, so each states its place; the header is row 1.
      aria-rowindex={index + 2}
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
      <div role="cell">{providerName(record.provider)}</div>
      <div role="cell">{record.operation}</div>
      <div role="cell">
        <OutcomeBadge outcome={record.outcome} />
      </div>
      <div role="cell" className="num">
        {record.httpStatus ?? NONE}
      </div>
      <div role="cell" className="num">
        {record.attempt}
      </div>
      <ErrorCell record={record} now={now} />
      <div role="cell" className="num nowrap">
        {formatLatency(record.latencyMs)}
      </div>
      <div role="cell" className="mono">
        {record.method}
      </div>
      <div role="cell" className="cell-url mono" title={record.url}>
        {record.url}
      </div>
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
    // The sticky header sits above the rows inside the scroller.
    scrollMargin: ROW_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasOlder && rows.length > 0 && lastIndex >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [hasOlder, lastIndex, rows.length, onNearEnd]);

  return (
    <div
      className="table-wrap log-grid"
      role="table"
      aria-rowcount={rows.length + 1}
      data-testid="logs-table"
    >
      {/* Header and rows share one scroller, so a narrow table scrolls sideways as one. */}
      <div ref={scroller} className="log-scroll" data-testid="logs-scroll">
        <div className="log-canvas">
          <div role="row" aria-rowindex={1} className="log-row log-head">
            {COLUMNS.map((column) => (
              <div key={column} role="columnheader">
                {column}
              </div>
            ))}
          </div>
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
                    index={item.index}
                    now={now}
                    top={item.start - ROW_HEIGHT}
                    onOpen={onOpen}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** The Logs view: filters, export, the attempt table and keyset paging. */
import { useEffect, useState } from 'react';
import { formatCount } from '../../lib/format.ts';
import { useLogRows, useLogsStore } from '../../stores/logs.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { LogFilters } from './LogFilters.tsx';
import { LogTable } from './LogTable.tsx';
import { ResilienceEvents } from './ResilienceEvents.tsx';

function LoadOlder() {
  const nextCursor = useLogsStore((state) => state.nextCursor);
  const loading = useLogsStore((state) => state.loading);
  const loadOlder = useLogsStore((state) => state.loadOlder);
  if (nextCursor === null) return null;

  return (
    <button
      type="button"
      className="button"
      disabled={loading}
      data-testid="load-older"
      onClick={() => void loadOlder()}
    >
      {loading ? 'Loading…' : 'Load older'}
    </button>
  );
}

/** Renders the call log. Loads the first page when the view first opens. */
export function IntegrationLogs() {
  const rows = useLogRows();
  const loaded = useLogsStore((state) => state.loaded);
  const loading = useLogsStore((state) => state.loading);
  const error = useLogsStore((state) => state.error);
  const load = useLogsStore((state) => state.load);
  const [tab, setTab] = useState<'attempts' | 'events'>('attempts');

  useEffect(() => {
    const state = useLogsStore.getState();
    if (!state.loaded && !state.loading) void load();
  }, [load]);

  const emptyText = loading || !loaded ? 'Loading attempts…' : 'No attempts match the filter.';
  return (
    <section className="logs" aria-labelledby="logs-title">
      <h2 id="logs-title" className="visually-hidden">
        Logs
      </h2>
      <div className="row" role="tablist" aria-label="Log kind">
        {(['attempts', 'events'] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            role="tab"
            aria-selected={tab === kind}
            className={tab === kind ? 'button primary' : 'button'}
            data-testid={`logs-tab-${kind}`}
            onClick={() => setTab(kind)}
          >
            {kind === 'attempts' ? 'Attempts' : 'Events'}
          </button>
        ))}
      </div>
      {tab === 'events' ? (
        <ResilienceEvents />
      ) : (
        <>
      <div className="toolbar toolbar-split">
        <LogFilters />
        <ExportButtons />
      </div>
      {error && (
        <p className="error-text" role="alert">
          Could not load attempts: {error}
        </p>
      )}
      <LogTable rows={rows} emptyText={emptyText} />
      <div className="table-footer">
        <span className="muted">
          {formatCount(rows.length)} {rows.length === 1 ? 'attempt' : 'attempts'} shown, newest
          first
        </span>
        <LoadOlder />
      </div>
        </>
      )}
    </section>
  );
}

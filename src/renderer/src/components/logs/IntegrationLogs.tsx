/**
 * The Logs view: attempts (filters, export, retention, the virtualized table
 * and the detail pane) and the resilience events, on two tabs.
 */
import { useEffect, useState } from 'react';
import { formatCount } from '../../lib/format.ts';
import { useLogRows, useLogsStore } from '../../stores/logs.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { LogFilters } from './LogFilters.tsx';
import { LogDetail } from './LogDetail.tsx';
import { LogTable } from './LogTable.tsx';
import { ResilienceEvents } from './ResilienceEvents.tsx';
import { RetentionForm } from './RetentionForm.tsx';

function BackToNewest() {
  const trimmed = useLogsStore((state) => state.trimmedNewer);
  const load = useLogsStore((state) => state.load);
  if (!trimmed) return null;

  return (
    <button type="button" className="button" data-testid="back-to-newest" onClick={() => void load()}>
      Back to newest
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
  const nextCursor = useLogsStore((state) => state.nextCursor);
  const loadOlder = useLogsStore((state) => state.loadOlder);
  const openDetail = useLogsStore((state) => state.openDetail);
  const detailOpen = useLogsStore((state) => state.detail !== null);
  const [tab, setTab] = useState<'attempts' | 'events'>('attempts');

  useEffect(() => {
    const state = useLogsStore.getState();
    if (!state.loaded && !state.loading) void load();
  }, [load]);

  const emptyText = loading || !loaded ? 'Loading attempts…' : 'No attempts match the filter.';
  // A JSX value, not a nested component, so switching tabs never remounts the table.
  const attempts = (
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
      <div className={detailOpen ? 'logs-body with-detail' : 'logs-body'}>
        <LogTable
          rows={rows}
          emptyText={emptyText}
          hasOlder={nextCursor !== null}
          onNearEnd={() => void loadOlder()}
          onOpen={(callId) => void openDetail(callId)}
        />
        <LogDetail />
      </div>
      <div className="table-footer">
        <span className="muted" data-testid="logs-count">
          {formatCount(rows.length)} {rows.length === 1 ? 'attempt' : 'attempts'} loaded, newest
          first{loading ? ' (loading…)' : ''}
        </span>
        <BackToNewest />
        <RetentionForm />
      </div>
    </>
  );

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
      {tab === 'events' ? <ResilienceEvents /> : attempts}
    </section>
  );
}

/** Export of the filtered call log to CSV or JSON Lines. */
import { formatCount } from '../../lib/format.ts';
import { useExportRun, useLogsStore } from '../../stores/logs.ts';

/** Renders the two export buttons and the saved path and row count of the last export. */
export function ExportButtons() {
  const run = useExportRun();
  const exportLogs = useLogsStore((state) => state.exportLogs);

  return (
    <div className="export">
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={run.running}
          data-testid="export-csv"
          onClick={() => void exportLogs('csv')}
        >
          Export CSV
        </button>
        <button
          type="button"
          className="button"
          disabled={run.running}
          data-testid="export-jsonl"
          onClick={() => void exportLogs('jsonl')}
        >
          Export JSON Lines
        </button>
      </div>
      <div role="status" className="export-status">
        {run.running && <span className="muted">Exporting…</span>}
        {run.result && (
          <span data-testid="export-result">
            Saved {formatCount(run.result.rows)} {run.result.rows === 1 ? 'row' : 'rows'} to{' '}
            <code>{run.result.path}</code>
          </span>
        )}
        {run.error && (
          <span className="error-text" data-testid="export-error">
            Export failed: {run.error}
          </span>
        )}
      </div>
    </div>
  );
}

/** Export of the filtered call log to CSV or JSON Lines. */
import { formatCount } from '../../lib/format.ts';
import { useExportRun, useLogsStore } from '../../stores/logs.ts';

/** Renders the two export buttons and the saved path and row count of the last export. */
export function ExportButtons() {
  const run = useExportRun();
  const exportLogs = useLogsStore((state) => state.exportLogs);
  const cancelExport = useLogsStore((state) => state.cancelExport);
  const progress = run.progress;

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
        {run.running && (
          <span className="row" data-testid="export-progress">
            <progress
              max={Math.max(1, progress?.total ?? 1)}
              value={progress?.rows ?? 0}
              aria-label="Export progress"
            />
            <span className="muted">
              {progress
                ? `${formatCount(progress.rows)} of ${formatCount(progress.total)} rows`
                : 'Exporting…'}
            </span>
            <button
              type="button"
              className="button"
              data-testid="export-cancel"
              // The hub can cancel the export only after its first progress event, so earlier clicks would be lost.
              disabled={progress === null}
              onClick={() => void cancelExport()}
            >
              Cancel
            </button>
          </span>
        )}
        {run.result && (
          <span data-testid="export-result">
            Saved {formatCount(run.result.rows)} {run.result.rows === 1 ? 'row' : 'rows'} to{' '}
            <code>{run.result.path}</code>
          </span>
        )}
        {run.cancelled && (
          <span className="muted" data-testid="export-cancelled">
            Export cancelled; no file was written.
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

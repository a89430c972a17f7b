/** The dashboard: a "Probe all now" toolbar above one card per provider. */
import { STATUS_LABELS } from '../../../../shared/status.ts';
import type { HealthStatus, ProbeResult } from '../../../../shared/types.ts';
import { useProviders, useProvidersStore } from '../../stores/providers.ts';
import { ApiCard } from './ApiCard.tsx';

function summarize(results: ProbeResult[]): string {
  if (results.length === 0) return 'No enabled providers to probe.';

  const counts = new Map<HealthStatus, number>();
  for (const { status } of results) counts.set(status, (counts.get(status) ?? 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${STATUS_LABELS[status]}`);
  return `Probed ${results.length} providers: ${parts.join(', ')}.`;
}

function ProbeAllBar() {
  const run = useProvidersStore((state) => state.probeAllRun);
  const probeAll = useProvidersStore((state) => state.probeAll);

  return (
    <div className="toolbar">
      <button
        type="button"
        className="button primary"
        data-testid="probe-all"
        disabled={run.running}
        onClick={() => void probeAll()}
      >
        {run.running ? 'Probing…' : 'Probe all now'}
      </button>
      <span className="toolbar-note" role="status">
        {run.error && <span className="error-text">{run.error}</span>}
        {!run.error && run.results && summarize(run.results)}
      </span>
    </div>
  );
}

/** Renders the health grid. Shows the load error in place of the grid when the list failed. */
export function HealthMonitor() {
  const providers = useProviders();
  const loaded = useProvidersStore((state) => state.loaded);
  const loadError = useProvidersStore((state) => state.loadError);

  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title" className="visually-hidden">
        Dashboard
      </h2>
      <ProbeAllBar />
      {loadError && (
        <p className="error-text" role="alert">
          Could not load providers: {loadError}
        </p>
      )}
      {!loaded && !loadError && <p className="muted">Loading providers…</p>}
      <div className="card-grid">
        {providers.map((view) => (
          <ApiCard key={view.provider} view={view} />
        ))}
      </div>
    </section>
  );
}

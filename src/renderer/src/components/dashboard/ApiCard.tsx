/** One provider on the dashboard: status, latency, uptime, breaker, errors and probe times. */
import type { ReactNode } from 'react';
import type { ProviderView } from '../../../../shared/types.ts';
import { formatLatency, formatRatio, localizeTimes } from '../../lib/format.ts';
import { useAppStore } from '../../stores/app.ts';
import { useProvidersStore, useTestRun } from '../../stores/providers.ts';
import { BreakerBadge, StatusBadge } from '../Badges.tsx';
import { RelativeTime } from '../RelativeTime.tsx';
import { TestResult } from './TestResult.tsx';

function Metrics({ view }: { view: ProviderView }) {
  return (
    <dl className="metrics">
      <div>
        <dt>Last</dt>
        <dd>{formatLatency(view.latency.last)}</dd>
      </div>
      <div>
        <dt title="Median probe latency over the last hour">p50 (1 h)</dt>
        <dd>{formatLatency(view.latency.p50)}</dd>
      </div>
      <div>
        <dt title="95th percentile probe latency over the last hour">p95 (1 h)</dt>
        <dd>{formatLatency(view.latency.p95)}</dd>
      </div>
      <div>
        <dt title="Share of successful probes over the last 24 hours">Uptime (24 h)</dt>
        <dd>{formatRatio(view.uptime24h)}</dd>
      </div>
    </dl>
  );
}

function BreakerLine({ view }: { view: ProviderView }) {
  const { state, since } = view.breaker;
  const reason = view.breaker.reason === null ? null : localizeTimes(view.breaker.reason);

  return (
    <div>
      <div className="card-line">
        <span className="line-label">Breaker</span>
        <BreakerBadge state={state} testId={`breaker-${view.provider}`} />
        {since !== null && (
          <span className="muted nowrap">
            since <RelativeTime time={since} withClock />
          </span>
        )}
      </div>
      {reason && (
        <div className="card-reason" title={reason}>
          {reason}
        </div>
      )}
    </div>
  );
}

interface CardNoticeProps {
  className?: string;
  testId: string;
  buttonLabel: string;
  buttonTestId: string;
  onClick(): void;
  children: ReactNode;
}

/** Renders a card notice with one action, which opens the provider's settings. */
function CardNotice({ className, testId, buttonLabel, buttonTestId, onClick, children }: CardNoticeProps) {
  return (
    <div className={className ? `card-notice ${className}` : 'card-notice'} role="note" data-testid={testId}>
      <p>{children}</p>
      <button type="button" className="button" data-testid={buttonTestId} onClick={onClick}>
        {buttonLabel}
      </button>
    </div>
  );
}

/** Says that the provider rejected the key and opens the settings to replace it. */
function KeyRejected({ view, onReplace }: { view: ProviderView; onReplace(): void }) {
  if (view.status !== 'auth_failed') return null;

  return (
    <CardNotice
      testId={`key-rejected-${view.provider}`}
      buttonLabel="Replace key"
      buttonTestId={`replace-key-${view.provider}`}
      onClick={onReplace}
    >
      <strong>Key rejected.</strong> {view.name} did not accept the stored key. Replace it to
      resume calls; the hub probes again once it is saved.
    </CardNotice>
  );
}

/** Shows that the breaker is held open by hand and opens the settings, where it can be closed or reset. */
function Paused({ view, onOpenSettings }: { view: ProviderView; onOpenSettings(): void }) {
  if (view.status !== 'paused') return null;

  const reason = view.breaker.reason === null ? '' : ` (${localizeTimes(view.breaker.reason)})`;

  return (
    <CardNotice
      className="card-notice-paused"
      testId={`paused-${view.provider}`}
      buttonLabel="Breaker settings"
      buttonTestId={`breaker-settings-${view.provider}`}
      onClick={onOpenSettings}
    >
      <strong>Paused.</strong> The breaker is held open{reason}, so no calls reach {view.name}.
      Close or reset the breaker to resume calls, and the hub probes {view.name} again at once.
    </CardNotice>
  );
}

function LastError({ view }: { view: ProviderView }) {
  if (!view.lastError) return null;

  const message = localizeTimes(view.lastError.message);

  return (
    <div className="card-line last-error">
      <span className="line-label">Last error</span>
      <span className="line-detail error-text" title={message}>
        {message}
      </span>
      <span className="muted nowrap">
        <RelativeTime time={view.lastError.time} />
      </span>
    </div>
  );
}

function ProbeTimes({ view }: { view: ProviderView }) {
  return (
    <div className="card-line muted">
      <span>
        Last probe <RelativeTime time={view.lastProbeAt} />
      </span>
      <span aria-hidden="true">·</span>
      <span>
        Next probe <RelativeTime time={view.nextProbeAt} />
      </span>
    </div>
  );
}

/** Renders the card with "Test connection" and "Configure" buttons. */
export function ApiCard({ view }: { view: ProviderView }) {
  const { provider } = view;
  const run = useTestRun(provider);
  const testConnection = useProvidersStore((state) => state.testConnection);
  const openConfig = useAppStore((state) => state.openConfig);
  const titleId = `card-title-${provider}`;

  return (
    <article
      className={`card card-${view.status}`}
      data-testid={`api-card-${provider}`}
      aria-labelledby={titleId}
    >
      <header className="card-header">
        <h3 id={titleId}>{view.name}</h3>
        <StatusBadge status={view.status} testId={`status-${provider}`} />
      </header>
      <div className="card-endpoint" title={view.settings.baseUrl ?? view.defaultBaseUrl}>
        {view.settings.baseUrl ?? view.defaultBaseUrl}
      </div>
      <Metrics view={view} />
      <BreakerLine view={view} />
      <KeyRejected view={view} onReplace={() => openConfig(provider)} />
      <Paused view={view} onOpenSettings={() => openConfig(provider)} />
      <LastError view={view} />
      <ProbeTimes view={view} />
      <div className="card-actions">
        <button
          type="button"
          className="button"
          data-testid={`test-${provider}`}
          disabled={run.running}
          onClick={() => void testConnection(provider)}
        >
          {run.running ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="button"
          className="button"
          data-testid={`configure-${provider}`}
          onClick={() => openConfig(provider)}
        >
          Configure
        </button>
      </div>
      <TestResult run={run} testId={`test-result-${provider}`} />
    </article>
  );
}

/** Manual breaker controls: force open, force close and reset. */
import { useState } from 'react';
import type { ProviderView } from '../../../../shared/types.ts';
import { errorMessage } from '../../hub.ts';
import { localizeTimes } from '../../lib/format.ts';
import { useProvidersStore, type BreakerAction } from '../../stores/providers.ts';
import { BreakerBadge } from '../Badges.tsx';
import { RelativeTime } from '../RelativeTime.tsx';

const ACTIONS: { action: BreakerAction; label: string; title: string }[] = [
  { action: 'open', label: 'Force open', title: 'Open the breaker now, so calls are rejected.' },
  { action: 'close', label: 'Force close', title: 'Close the breaker now, so calls go through.' },
  {
    action: 'reset',
    label: 'Reset',
    title: 'Return the breaker to closed with no failures counted.',
  },
];

/** Renders the breaker state, since-when and reason, and the three control buttons. */
export function BreakerControls({ view }: { view: ProviderView }) {
  const forceBreaker = useProvidersStore((state) => state.forceBreaker);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { state, since, reason } = view.breaker;

  const apply = async (action: BreakerAction): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await forceBreaker(view.provider, action);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel-section" aria-labelledby="panel-breaker-title">
      <h3 id="panel-breaker-title">Circuit breaker</h3>
      <div className="row">
        <BreakerBadge state={state} testId="config-breaker-state" />
        {since !== null && (
          <span className="muted">
            since <RelativeTime time={since} withClock />
          </span>
        )}
      </div>
      {reason && <p className="help">{localizeTimes(reason)}</p>}
      <div className="row">
        {ACTIONS.map(({ action, label, title }) => (
          <button
            key={action}
            type="button"
            className="button"
            title={title}
            disabled={busy}
            data-testid={`breaker-${action}`}
            onClick={() => void apply(action)}
          >
            {label}
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="breaker-error">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * The provider's resilience policy: timeouts, retries and backoff, which
 * failures are retried, breaker thresholds, rate limit and concurrency.
 * Saving applies the changes at once; "Reset to defaults" drops them.
 */
import { useState, type FormEvent } from 'react';
import {
  RETRYABLE_CLASSES,
  type PolicyPatch,
  type ProviderPolicy,
  type ProviderView,
  type RetryableClass,
} from '../../../../shared/types.ts';
import { errorMessage, hub } from '../../hub.ts';
import { useProvidersStore } from '../../stores/providers.ts';

type NumberField = { section: 'timeouts' | 'retry' | 'backoff' | 'breaker' | 'bulkhead'; key: string; label: string };

const FIELDS: NumberField[] = [
  { section: 'timeouts', key: 'connectTimeoutMs', label: 'Connect timeout (ms)' },
  { section: 'timeouts', key: 'headersTimeoutMs', label: 'Headers timeout (ms)' },
  { section: 'timeouts', key: 'bodyTimeoutMs', label: 'Body timeout (ms)' },
  { section: 'timeouts', key: 'deadlineMs', label: 'Call deadline (ms)' },
  { section: 'retry', key: 'retries', label: 'Retries' },
  { section: 'backoff', key: 'baseMs', label: 'Backoff base (ms)' },
  { section: 'backoff', key: 'maxMs', label: 'Backoff cap (ms)' },
  { section: 'retry', key: 'maxRetryAfterMs', label: 'Longest Retry-After waited (ms)' },
  { section: 'breaker', key: 'consecutiveFailures', label: 'Consecutive failures that open' },
  { section: 'breaker', key: 'failureRateThreshold', label: 'Failure rate that opens (0–1)' },
  { section: 'breaker', key: 'windowSize', label: 'Failure-rate window (calls)' },
  { section: 'breaker', key: 'minimumCalls', label: 'Minimum calls' },
  { section: 'breaker', key: 'openMs', label: 'Open wait (ms)' },
  { section: 'bulkhead', key: 'maxConcurrent', label: 'Max calls in flight' },
  { section: 'bulkhead', key: 'maxQueue', label: 'Queue bound' },
];

interface Draft {
  numbers: Record<string, string>;
  jitter: 'full' | 'none';
  retryOn: RetryableClass[];
  rateLimited: boolean;
  ratePerSec: string;
  burst: string;
}

function sectionOf(policy: ProviderPolicy, section: NumberField['section']): Record<string, unknown> {
  return section === 'backoff' ? policy.retry.backoff : policy[section];
}

function toDraft(policy: ProviderPolicy): Draft {
  const numbers = Object.fromEntries(FIELDS.map((field) => [`${field.section}.${field.key}`, String(sectionOf(policy, field.section)[field.key])]));
  return {
    numbers,
    jitter: policy.retry.backoff.jitter,
    retryOn: [...policy.retry.retryOn],
    rateLimited: policy.rateLimit !== null,
    ratePerSec: String(policy.rateLimit?.ratePerSec ?? 10),
    burst: String(policy.rateLimit?.burst ?? 10),
  };
}

/** Builds the patch of the whole draft; the hub checks the ranges and names the faulty value. */
function toPatch(draft: Draft): PolicyPatch {
  const value = (section: string, key: string): number => Number(draft.numbers[`${section}.${key}`]);
  const pick = (section: NumberField['section']) =>
    Object.fromEntries(FIELDS.filter((field) => field.section === section).map((field) => [field.key, value(section, field.key)]));
  return {
    timeouts: pick('timeouts'),
    retry: { ...pick('retry'), backoff: { ...pick('backoff'), jitter: draft.jitter }, retryOn: draft.retryOn },
    breaker: pick('breaker'),
    bulkhead: pick('bulkhead'),
    rateLimit: draft.rateLimited ? { ratePerSec: Number(draft.ratePerSec), burst: Number(draft.burst) } : null,
  };
}

/** Renders the policy form of `view`'s provider. Mount it with `key={provider}`. */
export function PolicyEditor({ view }: { view: ProviderView }) {
  const upsert = useProvidersStore((state) => state.upsert);
  const [draft, setDraft] = useState(() => toDraft(view.policy.effective));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = (patch: Partial<Draft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setSaved(false);
  };

  const apply = async (request: () => Promise<ProviderView>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const next = await request();
      upsert(next);
      setDraft(toDraft(next.policy.effective));
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    void apply(() => hub().request('providers.updatePolicy', { provider: view.provider, patch: toPatch(draft) }));
  };
  const reset = (): void => void apply(() => hub().request('providers.resetPolicy', { provider: view.provider }));

  return (
    <form className="panel-section" aria-labelledby="panel-policy-title" onSubmit={save} noValidate data-testid="policy-editor">
      <h3 id="panel-policy-title">Resilience policy{view.policy.overridden ? ' (changed)' : ''}</h3>
      {FIELDS.map((field) => {
        const id = `policy-${field.section}-${field.key}`;
        const defaults = sectionOf(view.policy.defaults, field.section)[field.key];
        return (
          <div className="field" key={id}>
            <label htmlFor={id}>{field.label}</label>
            <input
              id={id}
              type="number"
              className="input narrow"
              data-testid={id}
              value={draft.numbers[`${field.section}.${field.key}`]}
              onChange={(event) => edit({ numbers: { ...draft.numbers, [`${field.section}.${field.key}`]: event.target.value } })}
            />
            <span className="help">default {String(defaults)}</span>
          </div>
        );
      })}
      <div className="field field-inline">
        <input id="policy-jitter" type="checkbox" checked={draft.jitter === 'full'} onChange={(event) => edit({ jitter: event.target.checked ? 'full' : 'none' })} />
        <label htmlFor="policy-jitter">Full jitter on backoff</label>
      </div>
      <fieldset className="field">
        <legend>Retried failures</legend>
        {RETRYABLE_CLASSES.map((errorClass) => (
          <label key={errorClass} className="field-inline">
            <input
              type="checkbox"
              data-testid={`policy-retry-${errorClass}`}
              checked={draft.retryOn.includes(errorClass)}
              onChange={(event) =>
                edit({ retryOn: event.target.checked ? [...draft.retryOn, errorClass] : draft.retryOn.filter((entry) => entry !== errorClass) })
              }
            />
            {errorClass}
          </label>
        ))}
      </fieldset>
      <div className="field field-inline">
        <input id="policy-rate-limited" type="checkbox" data-testid="policy-rate-limited" checked={draft.rateLimited} onChange={(event) => edit({ rateLimited: event.target.checked })} />
        <label htmlFor="policy-rate-limited">Client-side rate limit</label>
      </div>
      {draft.rateLimited && (
        <div className="row">
          <label htmlFor="policy-rate">Requests per second</label>
          <input id="policy-rate" type="number" className="input narrow" data-testid="policy-rate" value={draft.ratePerSec} onChange={(event) => edit({ ratePerSec: event.target.value })} />
          <label htmlFor="policy-burst">Burst</label>
          <input id="policy-burst" type="number" className="input narrow" data-testid="policy-burst" value={draft.burst} onChange={(event) => edit({ burst: event.target.value })} />
        </div>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy} data-testid="save-policy">
          {busy ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" className="button" disabled={busy} data-testid="reset-policy" onClick={reset}>
          Reset to defaults
        </button>
        <span role="status" className="muted">
          {saved && 'Applied.'}
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="policy-error">
          {error}
        </p>
      )}
    </form>
  );
}

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

/** A message shown next to one field, keyed `section.key` as in `Draft.numbers`, or unplaced (null). */
interface PolicyError {
  field: string | null;
  message: string;
}

/**
 * Places a hub error next to the field it names. The hub's messages start
 * with "Invalid <section>.<key> <value>", such as
 * "Invalid retry.backoff.maxMs 10 for openai: use at least baseMs 500, …".
 */
export function placeError(message: string): PolicyError {
  const path = /^Invalid ([\w.]+) /.exec(message)?.[1];
  if (path === undefined) return { field: null, message };

  const field = path.replace(/^retry\.backoff\./, 'backoff.').replace(/^rateLimit\./, 'rate.');
  return { field, message };
}

/** Finds the first field that is not a number, so an empty field is not sent as 0. */
function findEmptyField(draft: Draft): PolicyError | null {
  const numbers = FIELDS.map((field) => ({ key: `${field.section}.${field.key}`, label: field.label }));
  if (draft.rateLimited) {
    numbers.push({ key: 'rate.ratePerSec', label: 'Requests per second' }, { key: 'rate.burst', label: 'Burst' });
  }
  const values: Record<string, string> = { ...draft.numbers, 'rate.ratePerSec': draft.ratePerSec, 'rate.burst': draft.burst };
  const empty = numbers.find(({ key }) => {
    const text = (values[key] ?? '').trim();
    return text === '' || !Number.isFinite(Number(text));
  });

  return empty ? { field: empty.key, message: `${empty.label} is empty or not a number: enter a number.` } : null;
}

function FieldError({ error, field, id }: { error: PolicyError | null; field: string; id: string }) {
  if (error?.field !== field) return null;

  return (
    <p className="field-error" role="alert" id={`${id}-error`} data-testid={`${id}-error`}>
      {error.message}
    </p>
  );
}

/** Fieldsets of the form, each with the sections of its number fields. */
const GROUPS: { title: string; sections: NumberField['section'][] }[] = [
  { title: 'Timeouts', sections: ['timeouts'] },
  { title: 'Retries and backoff', sections: ['retry', 'backoff'] },
  { title: 'Circuit breaker', sections: ['breaker'] },
  { title: 'Calls in flight', sections: ['bulkhead'] },
];

interface NumberInputProps {
  field: NumberField;
  value: string;
  defaults: unknown;
  error: PolicyError | null;
  onChange(value: string): void;
}

/** Renders one number field: label and default on the left, the input on the right, its error below. */
function NumberInput({ field, value, defaults, error, onChange }: NumberInputProps) {
  const id = `policy-${field.section}-${field.key}`;
  const invalid = error?.field === `${field.section}.${field.key}`;

  return (
    <div className="policy-field">
      <label htmlFor={id}>
        {field.label}
        <span className="help">default {String(defaults)}</span>
      </label>
      <input
        id={id}
        type="number"
        className="input"
        data-testid={id}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError error={error} field={`${field.section}.${field.key}`} id={id} />
    </div>
  );
}

/** Renders the policy form of `view`'s provider. Mount it with `key={provider}`. */
export function PolicyEditor({ view }: { view: ProviderView }) {
  const upsert = useProvidersStore((state) => state.upsert);
  const [draft, setDraft] = useState(() => toDraft(view.policy.effective));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PolicyError | null>(null);
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
      setError(placeError(errorMessage(caught)));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    const empty = findEmptyField(draft);
    setError(empty);
    if (empty) return;

    void apply(() => hub().request('providers.updatePolicy', { provider: view.provider, patch: toPatch(draft) }));
  };
  const reset = (): void => void apply(() => hub().request('providers.resetPolicy', { provider: view.provider }));

  return (
    <form className="panel-section" aria-labelledby="panel-policy-title" onSubmit={save} noValidate data-testid="policy-editor">
      <h3 id="panel-policy-title">Resilience policy{view.policy.overridden ? ' (changed)' : ''}</h3>
      {GROUPS.map((group) => (
        <fieldset className="policy-group" key={group.title}>
          <legend>{group.title}</legend>
          {FIELDS.filter((field) => group.sections.includes(field.section)).map((field) => (
            <NumberInput
              key={`${field.section}.${field.key}`}
              field={field}
              value={draft.numbers[`${field.section}.${field.key}`] ?? ''}
              defaults={sectionOf(view.policy.defaults, field.section)[field.key]}
              error={error}
              onChange={(value) => edit({ numbers: { ...draft.numbers, [`${field.section}.${field.key}`]: value } })}
            />
          ))}
          {group.sections.includes('retry') && (
            <>
              <div className="field field-inline">
                <input id="policy-jitter" type="checkbox" checked={draft.jitter === 'full'} onChange={(event) => edit({ jitter: event.target.checked ? 'full' : 'none' })} />
                <label htmlFor="policy-jitter">Full jitter on backoff</label>
              </div>
              <fieldset className="field policy-retry-on">
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
            </>
          )}
        </fieldset>
      ))}
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
          <FieldError error={error} field="rate.ratePerSec" id="policy-rate" />
          <FieldError error={error} field="rate.burst" id="policy-burst" />
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
      {error && error.field === null && (
        <p className="field-error" role="alert" data-testid="policy-error">
          {error.message}
        </p>
      )}
    </form>
  );
}

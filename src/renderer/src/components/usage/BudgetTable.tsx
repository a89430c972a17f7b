/** Editable budget, call and unit quotas, hard stop and ElevenLabs plan of each provider. */
import { useState } from 'react';
import { PROVIDER_IDS, type PriceEntry, type ProviderBudget, type ProviderId, type UsageSettingsView } from '../../../../shared/types.ts';
import { useUsageStore } from '../../stores/usage.ts';
import { providerName } from './format.ts';

type LimitKey = 'monthlyBudget' | 'dailyCalls' | 'monthlyCalls' | 'dailyUnits' | 'monthlyUnits';
type Draft = Record<LimitKey, string> & { hardStop: boolean; plan: string };

const LIMITS: { key: LimitKey; label: string }[] = [
  { key: 'monthlyBudget', label: 'Monthly budget' },
  { key: 'dailyCalls', label: 'Calls a day' },
  { key: 'monthlyCalls', label: 'Calls a month' },
  { key: 'dailyUnits', label: 'Units a day' },
  { key: 'monthlyUnits', label: 'Units a month' },
];

function toDraft(budget: ProviderBudget): Draft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    monthlyBudget: text(budget.monthlyBudget),
    dailyCalls: text(budget.dailyCalls),
    monthlyCalls: text(budget.monthlyCalls),
    dailyUnits: text(budget.dailyUnits),
    monthlyUnits: text(budget.monthlyUnits),
    hardStop: budget.hardStop,
    plan: budget.plan ?? '',
  };
}

function fromDraft(draft: Draft): Partial<ProviderBudget> {
  const value = (text: string) => (text.trim() === '' ? null : Number(text));
  return {
    monthlyBudget: value(draft.monthlyBudget),
    dailyCalls: value(draft.dailyCalls),
    monthlyCalls: value(draft.monthlyCalls),
    dailyUnits: value(draft.dailyUnits),
    monthlyUnits: value(draft.monthlyUnits),
    hardStop: draft.hardStop,
    plan: draft.plan === '' ? null : draft.plan,
  };
}

/**
 * Returns a message for the first limit that is not a number of 0 or more
 * (calls must be whole), or null when every limit is empty or valid.
 */
function invalidLimit(provider: ProviderId, draft: Draft): string | null {
  for (const { key, label } of LIMITS) {
    const text = draft[key].trim();
    if (text === '') continue;

    const value = Number(text);
    const whole = key === 'dailyCalls' || key === 'monthlyCalls';
    if (!Number.isFinite(value) || value < 0 || (whole && (!Number.isInteger(value) || value < 1))) {
      const expected = whole ? 'a whole number of calls from 1' : 'a number of 0 or more';
      return `Invalid ${label.toLowerCase()} "${text}" for ${providerName(provider)}: enter ${expected}, or leave it empty for no limit.`;
    }
  }
  return null;
}

function plans(prices: PriceEntry[]): string[] {
  return prices.filter((row) => row.provider === 'elevenlabs').map((row) => row.item);
}

function BudgetRow({ provider, view }: { provider: ProviderId; view: UsageSettingsView }) {
  const [draft, setDraft] = useState(() => toDraft(view.settings.budgets[provider]));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const updateSettings = useUsageStore((state) => state.updateSettings);
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
    setError(null);
  };
  const save = async () => {
    const invalid = invalidLimit(provider, draft);
    setError(invalid);
    if (invalid === null) setSaved(await updateSettings({ budgets: { [provider]: fromDraft(draft) } }));
  };

  return (
    <tr data-testid={`budget-row-${provider}`}>
      <th scope="row">{providerName(provider)}</th>
      {LIMITS.map(({ key, label }) => (
        <td key={key}>
          <input
            className="input narrow"
            inputMode="decimal"
            aria-label={`${providerName(provider)} ${label}`}
            placeholder="none"
            value={draft[key]}
            data-testid={`budget-${provider}-${key}`}
            onChange={(event) => edit({ [key]: event.target.value })}
          />
        </td>
      ))}
      <td>
        <input type="checkbox" aria-label={`${providerName(provider)} hard stop`} checked={draft.hardStop} data-testid={`budget-${provider}-hardStop`} onChange={(event) => edit({ hardStop: event.target.checked })} />
      </td>
      <td>
        {provider === 'elevenlabs' && (
          <select className="input narrow" aria-label="ElevenLabs plan" value={draft.plan} onChange={(event) => edit({ plan: event.target.value })}>
            <option value="">creator (default)</option>
            {plans(view.prices).map((plan) => (
              <option key={plan} value={plan}>
                {plan}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>
        <button type="button" className="button" data-testid={`budget-${provider}-save`} onClick={() => void save()}>
          Save
        </button>
        {saved && <span className="muted"> Saved</span>}
        {error && (
          <p className="error-text" role="alert" data-testid={`budget-${provider}-error`}>
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Renders one editable row per provider. Budgets are in the settings' currency. */
export function BudgetTable({ view }: { view: UsageSettingsView }) {
  return (
    <table className="usage-table budget-table" data-testid="budget-table">
      <caption>
        Budgets in {view.currency}; units are each provider's own (tokens, characters or requests). Empty means no
        limit. Calls include the health probes, one per probe interval; a hard stop never blocks a probe.
      </caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          {LIMITS.map(({ key, label }) => (
            <th key={key} scope="col">
              {label}
            </th>
          ))}
          <th scope="col">Hard stop</th>
          <th scope="col">Plan</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {PROVIDER_IDS.map((provider) => (
          <BudgetRow key={provider} provider={provider} view={view} />
        ))}
      </tbody>
    </table>
  );
}

/** Filter bar of the call log: provider, outcome, time range, HTTP status, operation and error text. */
import { providerName } from '../../../../shared/provider-names.ts';
import type { AttemptOutcome, ProviderId } from '../../../../shared/types.ts';
import { PROVIDER_IDS } from '../../../../shared/types.ts';
import { useDebounced } from '../../lib/debounce.ts';
import { TIME_RANGES, useLogFilter, useLogsStore, type TimeRange } from '../../stores/logs.ts';

const OUTCOMES: AttemptOutcome[] = ['success', 'failure', 'rejected', 'cancelled'];

interface FilterSelectProps {
  label: string;
  testId: string;
  /** The selected value, or '' for the "any" option. */
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}

function FilterSelect({ label, testId, value, options, onChange }: FilterSelectProps) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select
        className="input"
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

interface TextFilterProps {
  label: string;
  testId: string;
  /** The applied value, as stored in the logs store. */
  value: string;
  placeholder: string;
  onCommit(value: string): void;
}

/** Renders a text input that applies once typing pauses, and at once on Enter or when it loses focus. */
function TextFilter({ label, testId, value, placeholder, onCommit }: TextFilterProps) {
  const debounced = useDebounced((text: string) => {
    if (text !== value) onCommit(text);
  });
  const commitNow = (text: string): void => {
    debounced.cancel();
    onCommit(text);
  };

  return (
    <label className="filter">
      <span>{label}</span>
      <input
        className="input"
        defaultValue={value}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(event) => debounced.schedule(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commitNow(event.currentTarget.value);
        }}
        onBlur={(event) => {
          if (event.currentTarget.value !== value) commitNow(event.currentTarget.value);
        }}
      />
    </label>
  );
}

/** Renders the filter controls. Each change of the query reloads the newest page. */
export function LogFilters() {
  const filter = useLogFilter();
  const setFilter = useLogsStore((state) => state.setFilter);

  const providerOptions = [
    { value: '', label: 'All providers' },
    ...PROVIDER_IDS.map((id) => ({ value: id, label: providerName(id) })),
  ];
  const outcomeOptions = [
    { value: '', label: 'All outcomes' },
    ...OUTCOMES.map((outcome) => ({ value: outcome, label: outcome })),
  ];
  const rangeOptions = Object.entries(TIME_RANGES).map(([range, { label }]) => ({
    value: range,
    label,
  }));

  return (
    <div className="filters">
      <FilterSelect
        label="Provider"
        testId="filter-provider"
        value={filter.provider ?? ''}
        options={providerOptions}
        onChange={(value) => void setFilter({ provider: (value || null) as ProviderId | null })}
      />
      <FilterSelect
        label="Outcome"
        testId="filter-outcome"
        value={filter.outcome ?? ''}
        options={outcomeOptions}
        onChange={(value) => void setFilter({ outcome: (value || null) as AttemptOutcome | null })}
      />
      <FilterSelect
        label="Time range"
        testId="filter-range"
        value={filter.range}
        options={rangeOptions}
        onChange={(value) => void setFilter({ range: value as TimeRange })}
      />
      <TextFilter
        label="HTTP status"
        testId="filter-status"
        value={filter.httpStatus === null ? '' : String(filter.httpStatus)}
        placeholder="any"
        onCommit={(value) => {
          const status = Number(value.trim());
          const valid = Number.isInteger(status) && status >= 100 && status <= 599;
          void setFilter({ httpStatus: valid ? status : null });
        }}
      />
      <TextFilter
        label="Operation"
        testId="filter-operation"
        value={filter.operation}
        placeholder="any"
        onCommit={(value) => void setFilter({ operation: value })}
      />
      <TextFilter
        label="Error text"
        testId="filter-text"
        value={filter.text}
        placeholder="search errors"
        onCommit={(value) => void setFilter({ text: value })}
      />
    </div>
  );
}

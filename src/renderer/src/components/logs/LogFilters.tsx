/** Filter bar of the call log: provider, outcome and time range. */
import type { AttemptOutcome, ProviderId } from '../../../../shared/types.ts';
import { PROVIDER_IDS } from '../../../../shared/types.ts';
import { TIME_RANGES, useLogFilter, useLogsStore, type TimeRange } from '../../stores/logs.ts';
import { useProviders } from '../../stores/providers.ts';

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

function TextFilter(props: {
  label: string;
  testId: string;
  value: string;
  placeholder: string;
  onCommit(value: string): void;
}) {
  return (
    <label className="filter">
      <span>{props.label}</span>
      <input
        className="input"
        defaultValue={props.value}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onKeyDown={(event) => {
          if (event.key === 'Enter') props.onCommit(event.currentTarget.value);
        }}
        onBlur={(event) => {
          if (event.currentTarget.value !== props.value) props.onCommit(event.currentTarget.value);
        }}
      />
    </label>
  );
}

/** Renders the filter controls. Each change reloads the newest page. */
export function LogFilters() {
  const filter = useLogFilter();
  const setFilter = useLogsStore((state) => state.setFilter);
  const names = new Map(useProviders().map((view) => [view.provider, view.name]));

  const providerOptions = [
    { value: '', label: 'All providers' },
    ...PROVIDER_IDS.map((id) => ({ value: id, label: names.get(id) ?? id })),
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

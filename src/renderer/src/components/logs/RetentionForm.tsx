/** How long the call log keeps attempts: a small form over `logs.retention`. */
import { useEffect, useState } from 'react';
import type { RetentionSettings } from '../../../../shared/types.ts';
import { errorMessage, hub } from '../../hub.ts';

function toField(value: number | null): string {
  return value === null ? '' : String(value);
}

interface Limit {
  label: string;
  unit: string;
  min: number;
  max: number;
  /** The effect of an empty field, as the end of a sentence. */
  off: string;
}

// The same ranges as the bridge's retention schema, so the form can name the field and the fix.
const AGE: Limit = { label: 'Keep days', unit: 'days', min: 1, max: 3650, off: 'keep attempts forever' };
const SIZE: Limit = { label: 'Max size (MB)', unit: 'megabytes', min: 10, max: 1_000_000, off: 'set no size limit' };

/** Reads a limit field: null when empty, or an error message naming the value and the fix. */
function fromField(text: string, limit: Limit): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };

  const value = Number(trimmed);
  if (Number.isInteger(value) && value >= limit.min && value <= limit.max) return { value };

  return {
    error:
      `${limit.label} ${trimmed} is invalid: enter a whole number of ${limit.unit} from ` +
      `${limit.min} to ${limit.max}, or leave it empty to ${limit.off}.`,
  };
}

/** Renders the age and size limits with a Save button. An empty field turns a limit off. */
export function RetentionForm() {
  const [saved, setSaved] = useState<RetentionSettings | null>(null);
  const [age, setAge] = useState('');
  const [size, setSize] = useState('');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    hub()
      .request('logs.retention')
      .then((retention) => {
        setSaved(retention);
        setAge(toField(retention.maxAgeDays));
        setSize(toField(retention.maxSizeMb));
      })
      .catch((error: unknown) => setStatus({ text: errorMessage(error), error: true }));
  }, []);

  const save = async () => {
    const maxAgeDays = fromField(age, AGE);
    const maxSizeMb = fromField(size, SIZE);
    if ('error' in maxAgeDays || 'error' in maxSizeMb) {
      const text = 'error' in maxAgeDays ? maxAgeDays.error : (maxSizeMb as { error: string }).error;
      setStatus({ text, error: true });
      return;
    }

    try {
      const retention = { maxAgeDays: maxAgeDays.value, maxSizeMb: maxSizeMb.value };
      setSaved(await hub().request('logs.setRetention', retention));
      setStatus({ text: 'Saved. Older rows are deleted in the background.', error: false });
    } catch (error) {
      setStatus({ text: errorMessage(error), error: true });
    }
  };

  return (
    <form
      className="retention filters"
      data-testid="retention-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="filter">
        <span>{AGE.label}</span>
        <input className="input" inputMode="numeric" value={age} placeholder="forever"
          data-testid="retention-days" onChange={(event) => setAge(event.target.value)} />
      </label>
      <label className="filter">
        <span>{SIZE.label}</span>
        <input className="input" inputMode="numeric" value={size} placeholder="no limit"
          data-testid="retention-size" onChange={(event) => setSize(event.target.value)} />
      </label>
      <button type="submit" className="button" disabled={saved === null}>
        Save retention
      </button>
      {status && (
        <span
          className={status.error ? 'error-text' : 'muted'}
          role={status.error ? 'alert' : 'status'}
          data-testid="retention-status"
        >
          {status.text}
        </span>
      )}
    </form>
  );
}

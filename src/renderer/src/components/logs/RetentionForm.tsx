/** How long the call log keeps attempts: a small form over `logs.retention`. */
import { useEffect, useState } from 'react';
import type { RetentionSettings } from '../../../../shared/types.ts';
import { errorMessage, hub } from '../../hub.ts';

function toField(value: number | null): string {
  return value === null ? '' : String(value);
}

function fromField(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

/** Renders the age and size limits with a Save button. An empty field turns a limit off. */
export function RetentionForm() {
  const [saved, setSaved] = useState<RetentionSettings | null>(null);
  const [age, setAge] = useState('');
  const [size, setSize] = useState('');
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    hub()
      .request('logs.retention')
      .then((retention) => {
        setSaved(retention);
        setAge(toField(retention.maxAgeDays));
        setSize(toField(retention.maxSizeMb));
      })
      .catch((error: unknown) => setStatus(errorMessage(error)));
  }, []);

  const save = async () => {
    try {
      const retention = { maxAgeDays: fromField(age), maxSizeMb: fromField(size) };
      setSaved(await hub().request('logs.setRetention', retention));
      setStatus('Saved. Older rows are deleted in the background.');
    } catch (error) {
      setStatus(errorMessage(error));
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
        <span>Keep days</span>
        <input className="input" inputMode="numeric" value={age} placeholder="forever"
          data-testid="retention-days" onChange={(event) => setAge(event.target.value)} />
      </label>
      <label className="filter">
        <span>Max size (MB)</span>
        <input className="input" inputMode="numeric" value={size} placeholder="no limit"
          data-testid="retention-size" onChange={(event) => setSize(event.target.value)} />
      </label>
      <button type="submit" className="button" disabled={saved === null}>
        Save retention
      </button>
      {status && <span className="muted" role="status">{status}</span>}
    </form>
  );
}

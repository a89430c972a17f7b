/** Time zone of the daily and monthly windows, and the alert thresholds. */
import { useState } from 'react';
import type { UsageSettingsView } from '../../../../shared/types.ts';
import { useUsageStore } from '../../stores/usage.ts';

function parseThresholds(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .filter((part) => part !== '')
    .map(Number);
}

/** Renders the form; errors from the hub, such as an unknown time zone, show below it. */
export function UsageSettingsForm({ view }: { view: UsageSettingsView }) {
  const [timeZone, setTimeZone] = useState(view.settings.timeZone ?? '');
  const [thresholds, setThresholds] = useState(view.settings.thresholds.join(', '));
  const updateSettings = useUsageStore((state) => state.updateSettings);
  const saveError = useUsageStore((state) => state.saveError);
  const save = () => void updateSettings({ timeZone: timeZone.trim() === '' ? null : timeZone, thresholds: parseThresholds(thresholds) });

  return (
    <form
      className="usage-settings"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="field">
        <label htmlFor="usage-time-zone">Time zone</label>
        <input id="usage-time-zone" className="input" placeholder={view.machineTimeZone} value={timeZone} spellCheck={false} data-testid="usage-time-zone" onChange={(event) => setTimeZone(event.target.value)} />
        <p className="help">
          IANA name such as Europe/Berlin. Empty follows this machine ({view.machineTimeZone}). Days and months reset at local midnight; now using{' '}
          <strong data-testid="usage-effective-time-zone">{view.timeZone}</strong>.
        </p>
      </div>
      <div className="field">
        <label htmlFor="usage-thresholds">Alert thresholds (%)</label>
        <input id="usage-thresholds" className="input narrow" value={thresholds} data-testid="usage-thresholds" onChange={(event) => setThresholds(event.target.value)} />
      </div>
      <button type="submit" className="button primary" data-testid="usage-settings-save">
        Save
      </button>
      {saveError && (
        <p className="field-error" role="alert" data-testid="usage-save-error">
          {saveError}
        </p>
      )}
    </form>
  );
}

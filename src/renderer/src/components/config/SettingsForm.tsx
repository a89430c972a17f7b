/**
 * Connection settings of one provider: base URL, enabled and probe interval.
 * Errors from the bridge show next to the field they name.
 */
import type { ProviderView } from '../../../../shared/types.ts';
import { PROBE_INTERVAL_MAX_SEC, PROBE_INTERVAL_MIN_SEC } from './settingsErrors.ts';
import { useSettingsForm, type SettingsForm as Form } from './useSettingsForm.ts';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;

  return (
    <p id={id} className="field-error" role="alert" data-testid={id}>
      {message}
    </p>
  );
}

function BaseUrlField({ form, defaultBaseUrl }: { form: Form; defaultBaseUrl: string }) {
  return (
    <div className="field">
      <label htmlFor="base-url">Base URL</label>
      <input
        id="base-url"
        type="url"
        className="input"
        placeholder={defaultBaseUrl}
        value={form.draft.baseUrl}
        spellCheck={false}
        aria-invalid={form.errors.baseUrl ? true : undefined}
        aria-describedby="base-url-help base-url-error"
        data-testid="base-url"
        onChange={(event) => form.edit({ baseUrl: event.target.value })}
      />
      <p id="base-url-help" className="help">
        Leave empty to use the default endpoint.
      </p>
      <FieldError id="base-url-error" message={form.errors.baseUrl} />
    </div>
  );
}

function EnabledField({ form }: { form: Form }) {
  return (
    <div className="field field-inline">
      <input
        id="enabled"
        type="checkbox"
        checked={form.draft.enabled}
        aria-describedby="enabled-error"
        data-testid="enabled"
        onChange={(event) => form.edit({ enabled: event.target.checked })}
      />
      <label htmlFor="enabled">Enabled (probe and allow calls)</label>
      <FieldError id="enabled-error" message={form.errors.enabled} />
    </div>
  );
}

function ProbeIntervalField({ form }: { form: Form }) {
  return (
    <div className="field">
      <label htmlFor="probe-interval">Probe interval (seconds)</label>
      <input
        id="probe-interval"
        type="number"
        className="input narrow"
        min={PROBE_INTERVAL_MIN_SEC}
        max={PROBE_INTERVAL_MAX_SEC}
        step={1}
        value={form.draft.probeInterval}
        aria-invalid={form.errors.probeIntervalSec ? true : undefined}
        aria-describedby="probe-interval-error"
        data-testid="probe-interval"
        onChange={(event) => form.edit({ probeInterval: event.target.value })}
      />
      <FieldError id="probe-interval-error" message={form.errors.probeIntervalSec} />
    </div>
  );
}

/** Renders the settings form. Mount it with `key={provider}` so the draft resets per provider. */
export function SettingsForm({ view }: { view: ProviderView }) {
  const form = useSettingsForm(view);

  return (
    <form
      className="panel-section"
      aria-labelledby="panel-settings-title"
      onSubmit={(event) => void form.save(event)}
      noValidate
    >
      <h3 id="panel-settings-title">Connection</h3>
      <BaseUrlField form={form} defaultBaseUrl={view.defaultBaseUrl} />
      <EnabledField form={form} />
      <ProbeIntervalField form={form} />
      <div className="row">
        <button
          type="submit"
          className="button primary"
          disabled={form.busy}
          data-testid="save-settings"
        >
          {form.busy ? 'Saving…' : 'Save'}
        </button>
        <span role="status" className="muted">
          {form.saved && 'Saved.'}
        </span>
      </div>
      <FieldError id="settings-error" message={form.errors.form} />
    </form>
  );
}

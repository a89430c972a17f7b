/** Draft, validation and saving of one provider's connection settings. */
import { useState, type FormEvent } from 'react';
import type { ProviderSettings, ProviderView } from '../../../../shared/types.ts';
import { errorMessage } from '../../hub.ts';
import { useProvidersStore } from '../../stores/providers.ts';
import { fieldOfError, parseProbeInterval, type SettingsErrors } from './settingsErrors.ts';

/** The form's text and checkbox values before they are parsed. */
export interface SettingsDraft {
  baseUrl: string;
  enabled: boolean;
  probeInterval: string;
}

export interface SettingsForm {
  draft: SettingsDraft;
  errors: SettingsErrors;
  busy: boolean;
  /** True after a successful save, until the next edit. */
  saved: boolean;
  edit(patch: Partial<SettingsDraft>): void;
  save(event: FormEvent): Promise<void>;
}

function toDraft(settings: ProviderSettings): SettingsDraft {
  return {
    baseUrl: settings.baseUrl ?? '',
    enabled: settings.enabled,
    probeInterval: String(settings.probeIntervalSec),
  };
}

/**
 * Holds the settings draft of `view`'s provider. Saving sends the whole
 * draft, with an empty base URL as null (the default endpoint), and puts a
 * bridge error next to the field its message names.
 */
export function useSettingsForm(view: ProviderView): SettingsForm {
  const updateSettings = useProvidersStore((state) => state.updateSettings);
  const [draft, setDraft] = useState(() => toDraft(view.settings));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const edit = (patch: Partial<SettingsDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setSaved(false);
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const interval = parseProbeInterval(draft.probeInterval);
    if (typeof interval === 'string') {
      setErrors({ probeIntervalSec: interval });
      return;
    }

    setBusy(true);
    setErrors({});
    try {
      const patch = {
        baseUrl: draft.baseUrl.trim() || null,
        enabled: draft.enabled,
        probeIntervalSec: interval,
      };
      const next = await updateSettings(view.provider, patch);
      setDraft(toDraft(next.settings));
      setSaved(true);
    } catch (caught) {
      const message = errorMessage(caught);
      setErrors({ [fieldOfError(message)]: message });
    } finally {
      setBusy(false);
    }
  };

  return { draft, errors, busy, saved, edit, save };
}

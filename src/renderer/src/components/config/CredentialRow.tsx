/**
 * One credential field: whether it is set, its last four characters and
 * source, and a password input to set or replace it. The bridge never
 * returns the value, and the input is cleared once the keychain has it.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { CredentialHint, ProviderId } from '../../../../shared/types.ts';
import { errorMessage } from '../../hub.ts';
import { useProvidersStore } from '../../stores/providers.ts';

const SOURCE_LABELS: Record<NonNullable<CredentialHint['source']>, string> = {
  keychain: 'keychain',
  env: 'environment variable',
  memory: 'memory',
};

const ENV_REMOVE_HINT = 'Set by an environment variable. Unset the variable to remove it.';

function describeHint(hint: CredentialHint): string {
  if (!hint.set) return 'Not set';

  const parts = ['Set'];
  if (hint.last4) parts.push(`ends in ${hint.last4}`);
  if (hint.source) parts.push(`from ${SOURCE_LABELS[hint.source]}`);
  return parts.join(' · ');
}

interface CredentialRowProps {
  provider: ProviderId;
  hint: CredentialHint;
}

/**
 * Renders the hint, the input, Save and Remove for one field. Errors show
 * under the field. The input is uncontrolled, so the typed value lives only in
 * the element's `value` property and React never copies it into the HTML.
 */
export function CredentialRow({ provider, hint }: CredentialRowProps) {
  const setSecret = useProvidersStore((state) => state.setSecret);
  const deleteSecret = useProvidersStore((state) => state.deleteSecret);
  const inputRef = useRef<HTMLInputElement>(null);
  const [filled, setFilled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = `secret-${provider}-${hint.field}`;
  const errorId = `${inputId}-error`;
  const envOnly = hint.source === 'env';

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent): void => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input?.value) return;

    void run(async () => {
      await setSecret(provider, hint.field, input.value);
      input.value = '';
      setFilled(false);
    });
  };

  return (
    <form className="credential" onSubmit={save}>
      <div className="credential-head">
        <label htmlFor={inputId}>{hint.label}</label>
        <span
          className={`hint ${hint.set ? 'hint-set' : 'hint-unset'}`}
          data-testid={`secret-hint-${hint.field}`}
        >
          {describeHint(hint)}
        </span>
      </div>
      <div className="row">
        <input
          ref={inputRef}
          id={inputId}
          type="password"
          className="input grow"
          autoComplete="off"
          spellCheck={false}
          placeholder={hint.set ? 'Enter a new value to replace' : 'Enter a value'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={`secret-input-${hint.field}`}
          onInput={(event) => setFilled(event.currentTarget.value !== '')}
        />
        <button
          type="submit"
          className="button primary"
          disabled={busy || !filled}
          data-testid={`secret-save-${hint.field}`}
        >
          Save
        </button>
        <button
          type="button"
          className="button danger"
          disabled={busy || !hint.set || envOnly}
          title={envOnly ? ENV_REMOVE_HINT : undefined}
          data-testid={`secret-remove-${hint.field}`}
          onClick={() => void run(() => deleteSecret(provider, hint.field))}
        >
          Remove
        </button>
      </div>
      {error && (
        <p
          id={errorId}
          className="field-error"
          role="alert"
          data-testid={`secret-error-${hint.field}`}
        >
          {error}
        </p>
      )}
    </form>
  );
}

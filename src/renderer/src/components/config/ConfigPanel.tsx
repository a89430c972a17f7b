/**
 * Side panel for one provider's configuration: credentials, connection
 * settings, a connection test and breaker controls. Escape closes it.
 */
import { useRef } from 'react';
import type { ProviderId } from '../../../../shared/types.ts';
import { useAppStore, useKeychain } from '../../stores/app.ts';
import { useProvider, useProvidersStore, useTestRun } from '../../stores/providers.ts';
import { TestResult } from '../dashboard/TestResult.tsx';
import { BreakerControls } from './BreakerControls.tsx';
import { CredentialRow } from './CredentialRow.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { useCloseOnEscape, useFocusWhileOpen } from '../../lib/dialog.ts';

function ConnectionTest({ provider }: { provider: ProviderId }) {
  const run = useTestRun(provider);
  const testConnection = useProvidersStore((state) => state.testConnection);

  return (
    <section className="panel-section" aria-labelledby="panel-test-title">
      <h3 id="panel-test-title">Connection test</h3>
      <div className="row">
        <button
          type="button"
          className="button"
          data-testid="config-test"
          disabled={run.running}
          onClick={() => void testConnection(provider)}
        >
          {run.running ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <TestResult run={run} testId="config-test-result" />
    </section>
  );
}

function Credentials({ provider }: { provider: ProviderId }) {
  const view = useProvider(provider);
  const keychain = useKeychain();
  if (!view) return null;

  return (
    <section className="panel-section" aria-labelledby="panel-credentials-title">
      <h3 id="panel-credentials-title">Credentials</h3>
      {keychain && !keychain.available && (
        <p className="note warning-text">
          The keychain is unavailable, so keys cannot be saved until it is available.
        </p>
      )}
      {view.credentials.map((hint) => (
        <CredentialRow key={hint.field} provider={provider} hint={hint} />
      ))}
    </section>
  );
}

/** Renders the panel for `provider`. Mount it with `key={provider}` so forms reset per provider. */
export function ConfigPanel({ provider }: { provider: ProviderId }) {
  const view = useProvider(provider);
  const closeConfig = useAppStore((state) => state.closeConfig);
  const panelRef = useRef<HTMLElement>(null);
  useCloseOnEscape(closeConfig);
  useFocusWhileOpen(panelRef);

  return (
    <aside
      ref={panelRef}
      tabIndex={-1}
      className="config-panel"
      role="dialog"
      aria-labelledby="config-panel-title"
      data-testid="config-panel"
    >
      <header className="panel-header">
        <h2 id="config-panel-title">Configure {view?.name ?? provider}</h2>
        <button
          type="button"
          className="button ghost"
          data-testid="close-panel"
          aria-label="Close configuration panel"
          onClick={closeConfig}
        >
          ✕
        </button>
      </header>
      {view ? (
        <div className="panel-body">
          <Credentials provider={provider} />
          <SettingsForm view={view} />
          <ConnectionTest provider={provider} />
          <BreakerControls view={view} />
          <PolicyEditor view={view} />
        </div>
      ) : (
        <p className="muted panel-body">Loading…</p>
      )}
    </aside>
  );
}

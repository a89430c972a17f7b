/** The app header: name, version, demo badge and the worst status of all providers. */
import { worstStatus } from '../../lib/status.ts';
import { useAppStore } from '../../stores/app.ts';
import { useProviders } from '../../stores/providers.ts';
import { StatusBadge } from '../Badges.tsx';

/** Renders the top bar. The worst status counts enabled providers only. */
export function Header() {
  const info = useAppStore((state) => state.info);
  const providers = useProviders();

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1>Integration Hub</h1>
        {info && <span className="version">v{info.version}</span>}
        {info?.demo && (
          <span
            className="demo-badge"
            data-testid="demo-badge"
            title="Demo mode: providers are simulated on this machine."
          >
            Demo
          </span>
        )}
      </div>
      <div className="header-status">
        <span className="muted">Overall</span>
        <StatusBadge status={worstStatus(providers)} testId="worst-status" />
      </div>
    </header>
  );
}

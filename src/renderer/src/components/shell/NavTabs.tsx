/** Switches between the Dashboard, Logs and Usage views. */
import { useAppStore, useView, type AppView } from '../../stores/app.ts';
import { useUsageAlerts } from '../../stores/usage.ts';

const TABS: { view: AppView; label: string }[] = [
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'logs', label: 'Logs' },
  { view: 'usage', label: 'Usage' },
];

/** Renders the view switcher as a row of buttons. The open view has `aria-current="page"`. */
export function NavTabs() {
  const current = useView();
  const showView = useAppStore((state) => state.showView);
  const alerts = useUsageAlerts().length;

  return (
    <nav className="nav-tabs" aria-label="Views">
      {TABS.map(({ view, label }) => (
        <button
          key={view}
          type="button"
          className="nav-tab"
          aria-current={view === current ? 'page' : undefined}
          data-testid={`nav-${view}`}
          onClick={() => showView(view)}
        >
          {label}
          {view === 'usage' && alerts > 0 && (
            <span className="nav-badge" data-testid="usage-alert-count" aria-label={`${alerts} usage alerts`}>
              {alerts}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}

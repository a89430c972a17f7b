/** Switches between the Dashboard and Logs views. */
import { useAppStore, useView, type AppView } from '../../stores/app.ts';

const TABS: { view: AppView; label: string }[] = [
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'logs', label: 'Logs' },
];

/** Renders the view switcher as a row of buttons. The open view has `aria-current="page"`. */
export function NavTabs() {
  const current = useView();
  const showView = useAppStore((state) => state.showView);

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
        </button>
      ))}
    </nav>
  );
}

/** The app shell: header, keychain banner, view switcher and the open view. */
import { ConfigPanel } from './components/config/ConfigPanel.tsx';
import { HealthMonitor } from './components/dashboard/HealthMonitor.tsx';
import { IntegrationLogs } from './components/logs/IntegrationLogs.tsx';
import { Header } from './components/shell/Header.tsx';
import { KeychainBanner } from './components/shell/KeychainBanner.tsx';
import { StoreHealthBanner } from './components/shell/StoreHealthBanner.tsx';
import { NavTabs } from './components/shell/NavTabs.tsx';
import { UsageAlertBanner } from './components/usage/UsageAlertBanner.tsx';
import { UsagePage } from './components/usage/UsagePage.tsx';
import { useAppStore, useConfiguring, useView } from './stores/app.ts';
import { useHubConnection } from './stores/connect.ts';

/** Root component. Connects to the hub once, on mount. */
export function App() {
  useHubConnection();
  const view = useView();
  const configuring = useConfiguring();
  const fatalError = useAppStore((state) => state.fatalError);

  return (
    <div className={`app app-${view}`}>
      <Header />
      <KeychainBanner />
      <UsageAlertBanner />
      <StoreHealthBanner />
      <NavTabs />
      <main className="app-main">
        {fatalError && (
          <div className="banner banner-error" role="alert">
            {fatalError}
          </div>
        )}
        {view === 'dashboard' && <HealthMonitor />}
        {view === 'logs' && <IntegrationLogs />}
        {view === 'usage' && <UsagePage />}
      </main>
      {configuring && <ConfigPanel key={configuring} provider={configuring} />}
    </div>
  );
}

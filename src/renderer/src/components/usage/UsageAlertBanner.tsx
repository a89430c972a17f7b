/** Banner of the usage alerts raised in the current day and month windows. */
import { useUsageAlerts, useUsageStore } from '../../stores/usage.ts';

/** Renders the newest alerts with a Dismiss button, or nothing when there are none. */
export function UsageAlertBanner() {
  const alerts = useUsageAlerts();
  const dismiss = useUsageStore((state) => state.dismissAlerts);
  if (alerts.length === 0) return null;

  const reached = alerts.some((alert) => alert.threshold >= 100);
  return (
    <div className={`banner ${reached ? 'banner-error' : 'banner-warning'} usage-banner`} role="alert" data-testid="usage-alert-banner">
      <ul>
        {alerts.slice(0, 3).map((alert) => (
          <li key={`${alert.provider}-${alert.metric}-${alert.window}-${alert.threshold}`}>{alert.message}</li>
        ))}
      </ul>
      {alerts.length > 3 && <span className="muted">and {alerts.length - 3} more on the Usage page.</span>}
      <button type="button" className="button ghost" data-testid="usage-alert-dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** Severity and labels of health statuses, shared by the tray and the renderer. */
import type { HealthStatus } from './types.ts';

/**
 * Higher is worse. `auth_failed` ranks below `down` and above `degraded`,
 * because a rejected key is a configuration problem, not an outage.
 * `paused` ranks just above `up`, because the user paused the provider on
 * purpose. `unconfigured` ranks below `up` because a missing key is not an
 * outage, and `disabled` ranks lowest.
 */
export const STATUS_SEVERITY: Readonly<Record<HealthStatus, number>> = {
  down: 7,
  auth_failed: 6,
  degraded: 5,
  unknown: 4,
  paused: 3,
  up: 2,
  unconfigured: 1,
  disabled: 0,
};

/** The words the tray and the status badges show for each status. */
export const STATUS_LABELS: Readonly<Record<HealthStatus, string>> = {
  up: 'up',
  degraded: 'degraded',
  down: 'down',
  auth_failed: 'key rejected',
  paused: 'paused',
  unconfigured: 'unconfigured',
  disabled: 'disabled',
  unknown: 'unknown',
};

/** Returns the worst status in a list; `unconfigured` when the list is empty or all are disabled. */
export function worstOf(statuses: readonly HealthStatus[]): HealthStatus {
  let worst: HealthStatus = 'unconfigured';
  for (const status of statuses) {
    if (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  }
  return worst;
}

/** Severity of health statuses, shared by the tray and the renderer's header. */
import type { HealthStatus } from './types.ts';

/**
 * Higher is worse. `unconfigured` ranks below `up` because a missing key is
 * not an outage, and `disabled` ranks lowest.
 */
export const STATUS_SEVERITY: Readonly<Record<HealthStatus, number>> = {
  down: 5,
  degraded: 4,
  unknown: 3,
  up: 2,
  unconfigured: 1,
  disabled: 0,
};

/** Returns the worst status in a list; `unconfigured` when the list is empty or all are disabled. */
export function worstOf(statuses: readonly HealthStatus[]): HealthStatus {
  let worst: HealthStatus = 'unconfigured';
  for (const status of statuses) {
    if (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  }
  return worst;
}

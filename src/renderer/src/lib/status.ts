/** Severity order and descriptions of health statuses. */
import type { HealthStatus, ProviderView } from '../../../shared/types.ts';

/**
 * Severity of each status for the header summary, in the same order as the
 * core's tray icon: `unconfigured` ranks below `up` because a missing key is
 * not an outage.
 */
const SEVERITY: Record<HealthStatus, number> = {
  down: 5,
  degraded: 4,
  unknown: 3,
  up: 2,
  unconfigured: 1,
  disabled: 0,
};

/**
 * Returns the worst status among the providers. A disabled provider counts
 * only when every provider is disabled. Returns `unknown` before the list has
 * loaded.
 */
export function worstStatus(providers: readonly ProviderView[]): HealthStatus {
  if (providers.length === 0) return 'unknown';

  let worst: HealthStatus = 'disabled';
  for (const view of providers) {
    if (SEVERITY[view.status] > SEVERITY[worst]) worst = view.status;
  }

  return worst;
}

/** Tooltip text for each status. */
export const STATUS_DESCRIPTIONS: Record<HealthStatus, string> = {
  up: 'The last probe succeeded at the first attempt and in time.',
  degraded: 'The last probe was slow, needed retries, was rate-limited or ran half-open.',
  down: 'The last probe failed or the breaker is open.',
  unconfigured: 'A credential is missing, so the provider is not probed.',
  disabled: 'The connection is turned off in its settings.',
  unknown: 'No probe has finished yet.',
};

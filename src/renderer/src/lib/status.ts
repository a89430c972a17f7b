/** Severity order and descriptions of health statuses. */
import { worstOf } from '../../../shared/status.ts';
import type { HealthStatus, ProviderView } from '../../../shared/types.ts';

/**
 * Returns the worst status among the providers, ranked as the tray ranks
 * them. Returns `unknown` before the list has loaded.
 */
export function worstStatus(providers: readonly ProviderView[]): HealthStatus {
  if (providers.length === 0) return 'unknown';

  return worstOf(providers.map((view) => view.status));
}

/** Tooltip text for each status. */
export const STATUS_DESCRIPTIONS: Record<HealthStatus, string> = {
  up: 'The last probe succeeded at the first attempt and in time.',
  degraded: 'The last probe was slow, needed retries, was rate-limited or ran half-open.',
  down: 'The last probe failed, or failures opened the breaker.',
  auth_failed: 'The provider rejected the key in the last probe. Replace the key in the provider settings.',
  paused: 'The breaker is held open by hand, so no call is sent. Close or reset it in the provider settings to resume calls.',
  unconfigured: 'A credential is missing, so the provider is not probed.',
  disabled: 'The connection is turned off in its settings.',
  unknown: 'No probe has finished yet.',
};

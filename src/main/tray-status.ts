/**
 * Tray content: one icon for the worst provider status and a tooltip with
 * each provider's status. Pure, so it can be checked without Electron.
 */
import { STATUS_LABELS } from '../shared/status.ts';
import type { HealthStatus, ProviderView } from '../shared/types.ts';

/** The four tray icons, one PNG each in resources/ (`tray-<state>.png`). */
export const TRAY_ICON_STATES = ['up', 'degraded', 'down', 'unknown'] as const;

export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

/**
 * Maps a health status to its tray icon. A rejected key shows the amber
 * icon, because it needs the user but is not an outage. Paused,
 * unconfigured, disabled and unknown share the grey one.
 */
export function trayIconState(status: HealthStatus): TrayIconState {
  if (status === 'up' || status === 'degraded' || status === 'down') return status;
  if (status === 'auth_failed') return 'degraded';

  return 'unknown';
}

/** Returns the file name of a tray icon inside resources/. */
export function trayIconFileName(state: TrayIconState): string {
  return `tray-${state}.png`;
}

/**
 * Builds the tooltip: the app name, then one `Name: status` line per provider,
 * such as `Stripe: key rejected`, with `(breaker open)` when the provider's
 * breaker is not closed. A paused line, such as `OpenAI: paused`, omits the
 * breaker, because only an open breaker pauses a provider.
 */
export function trayTooltip(views: readonly ProviderView[]): string {
  const lines = views.map((view) => {
    const omitBreaker = view.breaker.state === 'closed' || view.status === 'paused';
    const breaker = omitBreaker ? '' : ` (breaker ${view.breaker.state})`;
    return `${view.name}: ${STATUS_LABELS[view.status]}${breaker}`;
  });

  // NOTE: Windows cuts tray tooltips at 127 characters, so the last lines may not show there.
  return ['Integration Hub', ...lines].join('\n');
}

/** The OS notification for a breaker transition: one when it opens, one when it closes again. */
import type { Notification } from './ports.ts';
import { PROVIDERS } from './providers/catalog.ts';
import type { BreakerEvent } from './resilience/breaker.ts';

/**
 * Returns the notification for `event`, or null for transitions the user
 * does not need (half-open, and a close of a breaker that was closed).
 * Times are in the machine's local time.
 */
export function breakerNotification(event: BreakerEvent): Notification | null {
  const name = PROVIDERS[event.provider].name;
  if (event.type === 'open') {
    const until = event.retryAt === null ? 'until it is closed by hand' : `until ${new Date(event.retryAt).toLocaleTimeString()}`;
    return { provider: event.provider, title: `${name}: circuit breaker opened`, body: `Calls are paused ${until}. Reason: ${event.reason}.` };
  }
  if (event.type === 'close' && event.from !== 'closed') {
    return { provider: event.provider, title: `${name}: circuit breaker closed`, body: `Calls flow again (${event.reason}).` };
  }
  return null;
}

/**
 * The `Notifier` port in the app: each call shows one OS notification. The
 * hub decides when to notify (a breaker opening or closing, once per
 * transition); this module only shows what it is given.
 */
import { Notification } from 'electron';
import type { Logger, Notification as HubNotification, Notifier } from './core/ports.ts';

const MAX_KEPT = 20;

/** Creates a notifier that shows Electron notifications; it logs and skips them where the OS has none. */
export function createElectronNotifier(logger: Logger): Notifier {
  // Electron may collect a notification that nothing references before the
  // OS shows it, so each one is kept until it closes. Some Linux notification
  // daemons never report the close, hence the cap.
  const shown = new Set<Notification>();

  return {
    notify(notification: HubNotification) {
      if (!Notification.isSupported()) {
        logger.log('info', 'notifier', 'OS notifications are not supported; skipped one', {
          provider: notification.provider ?? null,
          title: notification.title,
        });
        return;
      }

      const osNotification = new Notification({ title: notification.title, body: notification.body });
      shown.add(osNotification);
      if (shown.size > MAX_KEPT) shown.delete(shown.values().next().value as Notification);
      osNotification.once('close', () => shown.delete(osNotification));
      osNotification.show();
    },
  };
}

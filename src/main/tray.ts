/**
 * The tray icon: its colour is the worst provider status, its tooltip lists
 * every provider, and its menu opens the window, probes all providers or quits.
 */
import { join } from 'node:path';
import { app, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { Hub, Logger } from './core/ports.ts';
import { trayIconFileName, trayIconState, trayTooltip, type TrayIconState } from './tray-status.ts';

export interface TrayOptions {
  hub: Hub;
  /** Folder that contains the `tray-<state>.png` icons. */
  resourcesDir: string;
  logger: Logger;
  /** Shows the dashboard window, creating it when it was closed. */
  openWindow(): void;
}

export interface HubTray {
  /** Removes the icon and stops following hub events. */
  dispose(): void;
}

function loadIcon(resourcesDir: string, state: TrayIconState): NativeImage {
  // nativeImage picks up the `@2x` file beside it on high-density displays.
  return nativeImage.createFromPath(join(resourcesDir, trayIconFileName(state)));
}

function buildMenu(options: TrayOptions): Menu {
  const probeAll = (): void => {
    options.hub.probeAll().catch((error: unknown) => {
      options.logger.log('error', 'tray', 'Probing all providers failed', {}, error);
    });
  };

  return Menu.buildFromTemplate([
    { label: 'Open Integration Hub', click: () => options.openWindow() },
    { label: 'Probe all now', click: probeAll },
    { type: 'separator' },
    { label: 'Quit', role: 'quit' },
  ]);
}

/** Creates the tray icon and keeps it in step with the hub's provider events. */
export function createTray(options: TrayOptions): HubTray {
  const { hub, resourcesDir } = options;
  let shownState = trayIconState(hub.worstStatus());
  const tray = new Tray(loadIcon(resourcesDir, shownState));

  tray.setContextMenu(buildMenu(options));
  tray.setToolTip(trayTooltip(hub.listProviders()));
  tray.on('click', () => options.openWindow());

  const refresh = (): void => {
    const state = trayIconState(hub.worstStatus());
    if (state !== shownState) {
      shownState = state;
      tray.setImage(loadIcon(resourcesDir, state));
    }

    tray.setToolTip(trayTooltip(hub.listProviders()));
  };
  const unsubscribes = [hub.on('provider.changed', refresh), hub.on('breaker.changed', refresh)];

  return {
    dispose() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/** Returns the folder of the tray icons: resources/ at the app root. */
export function resourcesDirectory(): string {
  return join(app.getAppPath(), 'resources');
}

/**
 * The Electron main process: one instance per data folder, the hub composed
 * from the shell's ports, the dashboard window, the tray and the IPC adapter.
 * Closing the window keeps the app running in the tray, and Quit in the tray
 * menu stops the hub and exits.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import ElectronStore from 'electron-store';
import { composeHub } from './core/compose.ts';
import { createConsoleLogger } from './core/logger.ts';
import { PRODUCT_NAME } from './core/paths.ts';
import type { Hub, Logger } from './core/ports.ts';
import { ConfSettingsStore, openSettingsBackend, settingsOptions, type SettingsBackend } from './core/settings.ts';
import { createExportPathChooser } from './export-dialog.ts';
import { registerIpc } from './ipc.ts';
import { resolveLaunchOptions } from './launch.ts';
import { createElectronNotifier } from './notifier.ts';
import { createTray, resourcesDirectory, type HubTray } from './tray.ts';
import type { AppPages } from './trust.ts';
import { createMainWindow, hardenWebContents, resolveAppPages } from './window.ts';

const logger = createConsoleLogger();
// The bundle runs from out/main, two folders below the package root.
const launch = resolveLaunchOptions(process.argv, process.env, join(import.meta.dirname, '..', '..'));

interface Running {
  hub: Hub;
  tray: HubTray;
  disposeIpc(): void;
}

let running: Running | null = null;
let mainWindow: BrowserWindow | null = null;
let stopped = false;

/** Shows the dashboard window, creating it when there is none. */
function openWindow(pages: AppPages): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }

  const preloadFile = join(import.meta.dirname, '..', 'preload', 'index.cjs');
  mainWindow = createMainWindow({ pages, preloadFile, logger });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function createSettingsStore(dataDir: string): ConfSettingsStore {
  // electron-store names the file with `name`, not conf's `configName`.
  const options = settingsOptions(dataDir);
  const store = openSettingsBackend(() => new ElectronStore({ ...options, name: options.configName }), dataDir);

  return new ConfSettingsStore(store as SettingsBackend);
}

function lockDownSessions(pages: AppPages, log: Logger): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, pages, log));
}

async function start(): Promise<void> {
  logger.log('info', 'app', 'Starting', { dataDir: launch.dataDir, demo: launch.demo });

  const pages = resolveAppPages(import.meta.dirname, process.env);
  lockDownSessions(pages, logger);

  const hub = await composeHub({
    dataDir: launch.dataDir,
    settings: createSettingsStore(launch.dataDir),
    notifier: createElectronNotifier(logger),
    logger,
    demo: launch.demo,
    version: app.getVersion(),
  });
  const disposeIpc = registerIpc(hub, {
    pages,
    logger,
    appWindows: () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow] : []),
    chooseExportPath: createExportPathChooser(() => mainWindow),
  });
  const tray = createTray({
    hub,
    resourcesDir: resourcesDirectory(),
    logger,
    openWindow: () => openWindow(pages),
  });

  running = { hub, tray, disposeIpc };
  hub.start();
  openWindow(pages);
  app.on('second-instance', () => openWindow(pages));
  app.on('activate', () => openWindow(pages));
}

/** Stops the hub before the process exits; `will-quit` waits for it once. */
function stopOnQuit(event: Electron.Event): void {
  if (stopped || !running) return;

  event.preventDefault();
  const { hub, tray, disposeIpc } = running;
  running = null;
  disposeIpc();
  tray.dispose();
  hub
    .stop()
    .catch((error: unknown) => logger.log('error', 'app', 'Stopping the hub failed', {}, error))
    .finally(() => {
      stopped = true;
      app.quit();
    });
}

app.setName(PRODUCT_NAME);
// Chromium's profile and the single-instance lock live beside the hub's data,
// so a demo run or a run on another HUB_DATA_DIR is an instance of its own.
mkdirSync(launch.dataDir, { recursive: true });
app.setPath('userData', launch.dataDir);

if (!app.requestSingleInstanceLock()) {
  logger.log('info', 'app', 'Another instance uses this data folder and shows its window, so this one quits');
  app.quit();
} else {
  // Closing the last window keeps the app in the tray, so this replaces the default quit.
  app.on('window-all-closed', () => {});
  app.on('will-quit', stopOnQuit);
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.log('error', 'app', 'Startup failed', {}, error);
      const reason = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Integration Hub could not start', reason);
      app.exit(1);
    });
}

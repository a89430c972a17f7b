/**
 * The dashboard window and the navigation rules for every web contents the
 * app creates: no remote pages, no popups, no webviews, no permissions.
 */
import { join } from 'node:path';
import { app, BrowserWindow, shell, type WebContents } from 'electron';
import type { Logger } from './core/ports.ts';
import { isAppPageUrl, isExternalLinkAllowed, type AppPages } from './trust.ts';

/** Locates the built renderer page relative to the main bundle (out/main), or the dev server in development. */
export function resolveAppPages(mainDir: string, env: NodeJS.ProcessEnv): AppPages {
  const pages: AppPages = { rendererFile: join(mainDir, '..', 'renderer', 'index.html') };
  // electron-vite sets this variable only under `electron-vite dev`.
  const devServerUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL;

  return devServerUrl ? { ...pages, devServerUrl } : pages;
}

/**
 * Locks down one web contents: navigation away from the app's page is
 * blocked, new windows are denied and https links open in the user's browser
 * instead, and webviews are never attached.
 */
export function hardenWebContents(contents: WebContents, pages: AppPages, logger: Logger): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppPageUrl(url, pages)) return;

    event.preventDefault();
    openExternal(url, logger);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url, logger);
    return { action: 'deny' };
  });
}

function openExternal(url: string, logger: Logger): void {
  if (!isExternalLinkAllowed(url)) {
    logger.log('warn', 'window', 'Blocked a link that is not https', { url });
    return;
  }

  shell.openExternal(url).catch((error: unknown) => {
    logger.log('warn', 'window', 'Opening a link in the browser failed', { url }, error);
  });
}

export interface MainWindowOptions {
  pages: AppPages;
  /** Absolute path of the built preload script (out/preload/index.cjs). */
  preloadFile: string;
  logger: Logger;
}

/** Creates the dashboard window, sandboxed and context-isolated, and loads the app's page. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Integration Hub',
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });

  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    options.logger.log('error', 'window', 'Renderer process gone', { reason: details.reason });
  });
  loadAppPage(window, options);
  return window;
}

function loadAppPage(window: BrowserWindow, options: MainWindowOptions): void {
  const { devServerUrl, rendererFile } = options.pages;
  const loading = devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererFile);

  loading.catch((error: unknown) => {
    options.logger.log('error', 'window', 'Loading the dashboard failed', { rendererFile }, error);
  });
}

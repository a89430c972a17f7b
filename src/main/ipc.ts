/**
 * The IPC adapter: the only module that touches `ipcMain` and sends to web
 * contents. Requests pass a sender check, then the bridge's request handler;
 * hub events go to every open window.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  EVENT_CHANNEL,
  EVENT_NAMES,
  REQUEST_CHANNEL,
  type EventName,
  type Reply,
} from '../shared/contract.ts';
import type { ExportFormat } from '../shared/types.ts';
import { createRequestHandler } from './core/bridge.ts';
import type { Hub, Logger } from './core/ports.ts';
import { isAppPageUrl, type AppPages } from './trust.ts';

export interface IpcOptions {
  pages: AppPages;
  logger: Logger;
  /** The app's windows; a request must come from the top frame of one of them. */
  appWindows(): readonly BrowserWindow[];
  chooseExportPath(format: ExportFormat): Promise<string | null>;
}

/**
 * Checks whether a request comes from the top frame of an app window that shows the
 * app's own page. Frames inside the page, other windows and pages that
 * navigated elsewhere fail the check.
 */
function isTrustedSender(event: IpcMainInvokeEvent, options: IpcOptions): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;

  const isAppWindow = options.appWindows().some((window) => window.webContents === event.sender);
  if (!isAppWindow) return false;

  return isAppPageUrl(frame.url, options.pages);
}

function forbiddenSender(name: unknown): Reply<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden_sender',
      message: `Request "${String(name)}" was rejected because it did not come from the Integration Hub window.`,
    },
  };
}

function broadcast(event: EventName, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (window.isDestroyed() || window.webContents.isDestroyed()) continue;

    window.webContents.send(EVENT_CHANNEL, event, payload);
  }
}

/**
 * Registers the request handler and forwards hub events to open windows.
 * Returns a function that removes both.
 */
export function registerIpc(hub: Hub, options: IpcOptions): () => void {
  const { logger } = options;
  const handleRequest = createRequestHandler(hub, {
    chooseExportPath: options.chooseExportPath,
    logger,
  });

  ipcMain.handle(REQUEST_CHANNEL, async (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event, options)) {
      logger.log('warn', 'ipc', 'Rejected a request from an untrusted sender', {
        request: String(name),
        url: event.senderFrame?.url ?? null,
      });
      return forbiddenSender(name);
    }

    return handleRequest(name, payload);
  });

  const unsubscribes = EVENT_NAMES.map((event) =>
    hub.on(event, (payload: unknown) => broadcast(event, payload)),
  );

  return () => {
    ipcMain.removeHandler(REQUEST_CHANNEL);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

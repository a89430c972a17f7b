/**
 * Checks on page URLs. The IPC adapter handles requests only from frames
 * that show the app's own page, and the window blocks navigation elsewhere.
 */
import { pathToFileURL } from 'node:url';

export interface AppPages {
  /** Absolute path of the built renderer's index.html. */
  rendererFile: string;
  /** The Vite dev server URL during `electron-vite dev`, else undefined. */
  devServerUrl?: string;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Checks whether `url` is the app's own page: the built index.html over file://
 * (any hash or query), or any page of the dev server's origin in development.
 */
export function isAppPageUrl(url: string, pages: AppPages): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;

  if (pages.devServerUrl) {
    const devServer = parseUrl(pages.devServerUrl);
    return devServer !== null && parsed.origin === devServer.origin;
  }

  const expected = pathToFileURL(pages.rendererFile);
  return parsed.protocol === 'file:' && parsed.pathname === expected.pathname;
}

/** Checks whether a link may open in the user's browser, which only https URLs may. */
export function isExternalLinkAllowed(url: string): boolean {
  return parseUrl(url)?.protocol === 'https:';
}

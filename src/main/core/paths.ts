/**
 * The locations of the hub's data. The app and the CLI share one layout, so a
 * key set in the app and a log written by the CLI land in the same place.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The product name; Electron derives its userData folder from it. */
export const PRODUCT_NAME = 'Integration Hub';

/** File name of the SQLite call log inside the data folder. */
export const DATABASE_FILE = 'hub.sqlite';

/**
 * The data folder: HUB_DATA_DIR when set, otherwise the folder Electron uses
 * as userData on this platform (for example `~/.config/Integration Hub` on Linux).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HUB_DATA_DIR) return env.HUB_DATA_DIR;

  const home = homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
  }
}

/** Returns the demo's own data folder, so the demo never touches real settings or logs. */
export function demoDataDir(dataDir: string): string {
  return join(dataDir, 'demo');
}

/**
 * Returns the folder the user started the process in. `npm run` starts
 * scripts in the package root and keeps the user's folder in INIT_CWD; a
 * script that changes folder itself runs elsewhere, so INIT_CWD counts only
 * while the process still runs in `packageRoot`.
 */
export function invocationDir(packageRoot: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return env.INIT_CWD && resolve(cwd) === resolve(packageRoot) ? env.INIT_CWD : cwd;
}

/** Returns `defaultDataDir`, with a relative HUB_DATA_DIR read from `baseDir`, so the app and the CLI agree on it. */
export function resolveDataDir(baseDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return resolve(baseDir, defaultDataDir(env, platform));
}

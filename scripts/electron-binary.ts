/**
 * Finds the Electron binary that `npm install` puts in node_modules/electron.
 * It resolves the path the way the electron package does, but never
 * downloads: `require('electron')` tries to download a missing binary, which
 * has no place in a test run or a launcher.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project root (the folder with package.json). */
export const PROJECT_ROOT = join(import.meta.dirname, '..');

/**
 * Returns the absolute path of the Electron executable, or null when it was
 * not installed (for example after `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`)
 * or is not executable.
 */
export function findElectronBinary(root: string = PROJECT_ROOT): string | null {
  const moduleDir = join(root, 'node_modules', 'electron');
  let relativePath: string;

  try {
    relativePath = readFileSync(join(moduleDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }

  const executable = join(moduleDir, 'dist', relativePath);
  try {
    accessSync(executable, constants.X_OK);
    return executable;
  } catch {
    return null;
  }
}

/** The message shown where the Electron binary is missing. */
export const ELECTRON_MISSING_MESSAGE =
  'The Electron binary is not installed (node_modules/electron has no executable). ' +
  'Run `npm install` on a machine with internet access to download it.';

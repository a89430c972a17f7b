/**
 * Checks the file an export is about to replace. An export writes a
 * temporary file and renames it over the target, so without these checks
 * it could replace the hub's own database, a device file or a symlink.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { invalidArgument } from './errors.ts';
import { DATABASE_FILE } from './paths.ts';

/** Files of the data folder that an export must never replace. */
const DATA_FILES = new Set([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'settings.json']);

async function realFolder(folder: string): Promise<string | null> {
  try {
    return await realpath(folder);
  } catch {
    return null;
  }
}

/**
 * Returns the path to write: `path` made absolute, or the file a symlink at
 * `path` points to. Throws `invalid_argument`, naming the path and the fix,
 * when its folder does not exist, when it exists and is not a regular file,
 * or when it is one of the data folder's own files.
 */
export async function checkExportTarget(path: string, dataDir: string): Promise<string> {
  const absolute = resolve(path);
  const folder = await realFolder(dirname(absolute));
  if (folder === null) {
    throw invalidArgument(`Cannot export to ${absolute}: the folder ${dirname(absolute)} does not exist. Create it or choose another file.`);
  }

  let target = resolve(folder, basename(absolute));
  const existing = await stat(target).catch(() => null);
  if (existing) {
    if (!existing.isFile()) {
      throw invalidArgument(`Cannot export to ${absolute}: it exists and is not a regular file. Choose a file name.`);
    }
    target = await realpath(target);
  }

  const dataFolder = await realFolder(dataDir);
  if (dataFolder !== null && dirname(target) === dataFolder && DATA_FILES.has(basename(target))) {
    throw invalidArgument(`Cannot export to ${absolute}: it is one of Integration Hub's own data files. Choose another file.`);
  }
  return target;
}

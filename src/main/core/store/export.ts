/**
 * Streams the call log to a CSV or JSON Lines file without holding more
 * than one page of rows in memory.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

import type { ExportFormat, LogFilter } from '../../../shared/types.ts';
import { encodeExportLine, exportPreamble } from './export-format.ts';
import type { HubStore } from './store.ts';

export { EXPORT_COLUMNS } from './export-format.ts';

/** Rows read from the store per page when the options set no page size. */
export const DEFAULT_EXPORT_PAGE_SIZE = 1000;

export interface ExportOptions {
  /** Cancels the export. The promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each page is written, with the number of rows written so far. */
  onProgress?(rows: number): void;
  /** Rows read from the store at a time. Default 1000. */
  pageSize?: number;
  /** Largest id to export. Default: the largest id when the export starts. */
  throughId?: number;
}

type ExportStore = Pick<HubStore, 'maxAttemptId' | 'iterateAttemptsAscending'>;

/**
 * Writes the attempts that match `filter` to `path`, oldest first, and
 * returns how many it wrote. Rows logged after the export starts are left
 * out. CSV has a header row and CRLF line ends, and JSON Lines has one
 * object per line. Both use the columns of `EXPORT_COLUMNS`, with `time` as an ISO
 * 8601 UTC string. The rows go to a temporary file beside `path`, which is
 * fsynced and then renamed over `path`. On failure or cancellation the
 * temporary file is deleted and `path` is left as it was.
 */
export async function exportAttempts(
  store: ExportStore,
  filter: LogFilter,
  format: ExportFormat,
  path: string,
  options: ExportOptions = {},
): Promise<number> {
  options.signal?.throwIfAborted();
  return replaceFileAtomically(path, (temporaryPath) => writeExport(store, filter, format, temporaryPath, options));
}

/**
 * Has `write` fill a new temporary file beside `path` (it must create the
 * file, flush it and close it), then renames it over `path` and fsyncs the
 * folder. On failure the temporary file is deleted and `path` is left as it
 * was, so no half-written file ever carries the target's name.
 */
export async function replaceFileAtomically<T>(path: string, write: (temporaryPath: string) => Promise<T>): Promise<T> {
  const temporaryPath = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const result = await write(temporaryPath);
    await rename(temporaryPath, path);
    await syncDirectory(dirname(path));
    return result;
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/** Writes the whole export to `temporaryPath`, which must not exist, and fsyncs it. */
async function writeExport(
  store: ExportStore,
  filter: LogFilter,
  format: ExportFormat,
  temporaryPath: string,
  options: ExportOptions,
): Promise<number> {
  // `flush` fsyncs the file before the stream closes it.
  const stream = createWriteStream(temporaryPath, { flags: 'wx', flush: true, encoding: 'utf8' });
  const done = finished(stream);
  // `done` is awaited only at the end, so without this an early stream error would go unhandled.
  done.catch(() => {});
  try {
    await once(stream, 'ready');
    await writeChunk(stream, done, exportPreamble(format), options.signal);
    const rows = await writePages(store, filter, format, stream, done, options);
    stream.end();
    await done;
    return rows;
  } catch (error) {
    stream.destroy();
    await done.catch(() => {});
    throw error;
  }
}

async function writePages(
  store: ExportStore,
  filter: LogFilter,
  format: ExportFormat,
  stream: Writable,
  done: Promise<void>,
  options: ExportOptions,
): Promise<number> {
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE);
  // Fixing the last id keeps a busy log from extending the export forever.
  const throughId = options.throughId ?? store.maxAttemptId();
  let afterId = 0;
  let total = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = readPage(store, filter, format, { afterId, throughId, pageSize });
    if (page.rows === 0) return total;

    await writeChunk(stream, done, page.text, options.signal);
    total += page.rows;
    afterId = page.lastId;
    options.onProgress?.(total);
    if (page.rows < pageSize) return total;
  }
}

/**
 * Reads and encodes one page. The store's iterator is drained here without
 * awaiting, because the connection can run nothing else while it is open.
 */
function readPage(
  store: ExportStore,
  filter: LogFilter,
  format: ExportFormat,
  range: { afterId: number; throughId: number; pageSize: number },
): { text: string; rows: number; lastId: number } {
  const lines: string[] = [];
  let lastId = range.afterId;
  const { afterId, throughId, pageSize } = range;
  const records = store.iterateAttemptsAscending(filter, afterId, throughId, pageSize);
  for (const record of records) {
    lines.push(encodeExportLine(format, record));
    lastId = record.id ?? lastId;
  }
  return { text: lines.join(''), rows: lines.length, lastId };
}

/** Writes text and waits for `drain` when the stream's buffer is full. */
async function writeChunk(
  stream: Writable,
  done: Promise<void>,
  text: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (stream.errored) throw stream.errored;
  if (text === '' || stream.write(text)) return;

  const drained = signal ? once(stream, 'drain', { signal }) : once(stream, 'drain');
  await Promise.race([drained, done]);
}

/**
 * Fsyncs the folder so the rename survives a power loss. Failures are
 * ignored, because Windows cannot open a folder for fsync and the rename has
 * already happened.
 */
async function syncDirectory(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Only durability is at stake, because the file is complete and in place.
  } finally {
    await handle?.close().catch(() => {});
  }
}

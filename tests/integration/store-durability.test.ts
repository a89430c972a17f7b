import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, '../support/log-writer-child.ts');

let dataDir: string;
let child: ChildProcess | null = null;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-durability-'));
});

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the writer child and resolves each `committed N` / `closed N` line as it arrives. */
function startWriter(): { lines: AsyncIterator<string>; exited: Promise<number | null> } {
  child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return { lines: lines[Symbol.asyncIterator](), exited };
}

async function waitForCommitted(lines: AsyncIterator<string>, atLeast: number): Promise<number> {
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error('The writer exited before committing enough rows.');

    const committed = Number(next.value.split(' ')[1]);
    if (next.value.startsWith('committed') && committed >= atLeast) return committed;
  }
}

function readSequences(): { integrity: string; sequences: number[] } {
  const db = new Database(join(dataDir, 'hub.sqlite'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const sequences = db.prepare('SELECT attempt FROM attempts ORDER BY id').pluck().all() as number[];
    return { integrity, sequences };
  } finally {
    db.close();
  }
}

describe('call log durability', () => {
  it('keeps every committed attempt when the writer is killed mid-stream', async () => {
    const { lines, exited } = startWriter();
    const committed = await waitForCommitted(lines, 3000);

    child?.kill('SIGKILL');
    expect(await exited).toBeNull();
    const { integrity, sequences } = readSequences();

    expect(integrity).toBe('ok');
    expect(sequences.length).toBeGreaterThanOrEqual(committed);
    // Rows are written in order, so the file holds an unbroken run from 1.
    expect(sequences.slice(0, committed)).toEqual(
      Array.from({ length: committed }, (_, index) => index + 1),
    );
  });

  it('loses nothing on a clean quit', async () => {
    const { lines, exited } = startWriter();
    await waitForCommitted(lines, 1000);

    child?.kill('SIGTERM');
    let enqueued = 0;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      if (next.value.startsWith('closed')) enqueued = Number(next.value.split(' ')[1]);
    }
    expect(await exited).toBe(0);
    const { integrity, sequences } = readSequences();

    expect(integrity).toBe('ok');
    expect(enqueued).toBeGreaterThan(0);
    expect(sequences).toEqual(Array.from({ length: enqueued }, (_, index) => index + 1));
  });
});

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { EXPORT_COLUMNS, exportAttempts } from '../../src/main/core/store/export.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';

let root: string;
let outDir: string;
let store: HubStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hub-store-export-'));
  // The export folder holds only what the export writes; the store lives beside it.
  outDir = join(root, 'out');
  mkdirSync(outDir);
  store = HubStore.open(join(root, 'data'));
});

afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

function attempt(index: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    time: Date.UTC(2025, 0, 31, 12, 0, 0) + index * 1000,
    callId: `call-${index}`,
    provider: 'openweather',
    operation: 'current-weather',
    method: 'GET',
    url: 'https://api.openweathermap.org/data/2.5/weather?appid=[REDACTED]',
    httpStatus: 200,
    latencyMs: 45,
    attempt: 1,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
    ...overrides,
  };
}

/** Parses RFC 4180 CSV: quoted fields may contain commas, CR, LF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"' && field === '') {
      const end = findClosingQuote(text, index + 1);
      field = text.slice(index + 1, end).replaceAll('""', '"');
      index = end + 1;
    } else if (char === ',') {
      record.push(field);
      field = '';
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 2;
    } else {
      field += char;
      index += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}

function findClosingQuote(text: string, from: number): number {
  let index = from;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote === -1) throw new Error('Unterminated quoted field');
    if (text[quote + 1] !== '"') return quote;
    index = quote + 2;
  }
}

function exportPath(name: string): string {
  return join(outDir, name);
}

describe('exportAttempts CSV', () => {
  it('writes a header row, CRLF line ends and ISO times', async () => {
    store.insertAttempts([attempt(0)]);
    const path = exportPath('calls.csv');

    const rows = await exportAttempts(store, {}, 'csv', path);

    const text = readFileSync(path, 'utf8');
    expect(rows).toBe(1);
    expect(text.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(parseCsv(text)[1]?.[1]).toBe('2025-01-31T12:00:00.000Z');
  });

  it('round-trips commas, quotes and line breaks', async () => {
    const messages = ['a, b', 'say "hi"', 'line\nbreak', 'crlf\r\ninside', 'plain'];
    store.insertAttempts(messages.map((errorMessage, index) => attempt(index, { errorMessage })));
    const path = exportPath('calls.csv');

    await exportAttempts(store, {}, 'csv', path);

    const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
    const column = header?.indexOf('errorMessage') ?? -1;
    expect(records.map((record) => record[column])).toEqual(messages);
  });

  it('round-trips every column oldest first', async () => {
    const stored = [
      attempt(0, {
        httpStatus: null,
        outcome: 'failure',
        errorClass: 'network',
        errorMessage: 'ECONNRESET',
      }),
      attempt(1, { latencyMs: 12.25, attempt: 2, breakerState: 'half-open' }),
    ];
    store.insertAttempts(stored);
    const path = exportPath('calls.csv');

    await exportAttempts(store, {}, 'csv', path);

    const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const expected = stored.map((record, index) =>
      EXPORT_COLUMNS.map((column) => {
        if (column === 'id') return String(index + 1);
        if (column === 'time') return new Date(record.time).toISOString();
        const value = record[column];
        return value === null ? '' : String(value);
      }),
    );
    expect(records).toEqual(expected);
  });

  it('neutralises formulas but not negative numbers', async () => {
    const formulas = ['=1+1', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTAB', '\rCR'];
    store.insertAttempts(formulas.map((errorMessage, index) => attempt(index, { errorMessage })));
    store.insertAttempts([attempt(9, { latencyMs: -5, errorMessage: '-42' })]);
    const path = exportPath('calls.csv');

    await exportAttempts(store, {}, 'csv', path);

    const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
    const message = header?.indexOf('errorMessage') ?? -1;
    const latency = header?.indexOf('latencyMs') ?? -1;
    expect(records.slice(0, 6).map((record) => record[message])).toEqual(
      formulas.map((formula) => `'${formula}`),
    );
    expect(records[6]?.[latency]).toBe('-5');
    expect(records[6]?.[message]).toBe('-42');
  });
});

describe('exportAttempts JSON Lines', () => {
  it('round-trips records oldest first', async () => {
    const stored = [
      attempt(0, {
        outcome: 'failure',
        errorClass: 'rate_limit',
        errorMessage: 'Too Many Requests',
        httpStatus: 429,
      }),
      attempt(1, { errorMessage: 'multi\nline "quoted"' }),
      attempt(2, { provider: 'supabase', breakerState: 'open', outcome: 'rejected' }),
    ];
    store.insertAttempts(stored);
    const path = exportPath('calls.jsonl');

    const rows = await exportAttempts(store, {}, 'jsonl', path);

    const lines = readFileSync(path, 'utf8').split('\n');
    expect(rows).toBe(3);
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
    const expected = stored.map((record, index) => ({
      ...record,
      id: index + 1,
      time: new Date(record.time).toISOString(),
    }));
    expect(parsed).toEqual(expected);
    expect(Object.keys(parsed[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
  });

  it('exports only rows that match the filter', async () => {
    store.insertAttempts([
      attempt(0, { provider: 'stripe' }),
      attempt(1),
      attempt(2, { provider: 'stripe', outcome: 'failure' }),
      attempt(3, { provider: 'stripe' }),
    ]);
    const path = exportPath('stripe.jsonl');
    const filter = { provider: 'stripe' as const, since: attempt(0).time, until: attempt(3).time };

    const rows = await exportAttempts(store, filter, 'jsonl', path);

    const ids = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: number }).id);
    expect(rows).toBe(2);
    expect(ids).toEqual([1, 3]);
  });

  it('leaves out rows logged while the export runs', async () => {
    store.insertAttempts(Array.from({ length: 30 }, (_, index) => attempt(index)));
    const path = exportPath('calls.jsonl');

    const rows = await exportAttempts(store, {}, 'jsonl', path, {
      pageSize: 10,
      onProgress: () => store.insertAttempts([attempt(100)]),
    });

    expect(rows).toBe(30);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(30);
  });
});

describe('exportAttempts files', () => {
  it('leaves no file when cancelled midway', async () => {
    store.insertAttempts(Array.from({ length: 50 }, (_, index) => attempt(index)));
    const controller = new AbortController();
    const path = exportPath('calls.csv');

    const result = exportAttempts(store, {}, 'csv', path, {
      signal: controller.signal,
      pageSize: 10,
      onProgress: (rows) => {
        if (rows >= 20) controller.abort();
      },
    });

    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('creates nothing when the signal is already aborted', async () => {
    store.insertAttempts([attempt(0)]);

    const result = exportAttempts(store, {}, 'jsonl', exportPath('calls.jsonl'), {
      signal: AbortSignal.abort(),
    });

    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('keeps an existing file when cancelled', async () => {
    store.insertAttempts(Array.from({ length: 20 }, (_, index) => attempt(index)));
    const path = exportPath('calls.csv');
    writeFileSync(path, 'previous export');
    const controller = new AbortController();

    const result = exportAttempts(store, {}, 'csv', path, {
      signal: controller.signal,
      pageSize: 5,
      onProgress: () => controller.abort(),
    });

    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(readFileSync(path, 'utf8')).toBe('previous export');
    expect(readdirSync(outDir)).toEqual(['calls.csv']);
  });

  it('replaces an existing file when it completes', async () => {
    store.insertAttempts([attempt(0)]);
    const path = exportPath('calls.jsonl');
    writeFileSync(path, 'previous export');

    await exportAttempts(store, {}, 'jsonl', path);

    expect(readFileSync(path, 'utf8')).toContain('"callId":"call-0"');
    expect(readdirSync(outDir)).toEqual(['calls.jsonl']);
  });

  it('rejects when the target folder is missing', async () => {
    const path = join(outDir, 'missing', 'calls.csv');

    await expect(exportAttempts(store, {}, 'csv', path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(path)).toBe(false);
  });

  it('streams 50,000 rows one page at a time', async () => {
    const total = 50_000;
    const rows = Array.from({ length: total }, (_, index) =>
      attempt(index, { errorMessage: index % 7 === 0 ? 'upstream, "slow"' : null }),
    );
    store.insertAttempts(rows);
    const iterate = vi.spyOn(store, 'iterateAttemptsAscending');
    const progress: number[] = [];
    const path = exportPath('calls.csv');

    const written = await exportAttempts(store, {}, 'csv', path, {
      pageSize: 1000,
      onProgress: (count) => progress.push(count),
    });

    expect(written).toBe(total);
    // 50 full pages, then one empty page that shows the end.
    expect(iterate).toHaveBeenCalledTimes(total / 1000 + 1);
    expect(iterate.mock.calls.every((call) => call[3] === 1000)).toBe(true);
    expect(progress).toHaveLength(total / 1000);
    expect(progress.at(-1)).toBe(total);
    const records = parseCsv(readFileSync(path, 'utf8'));
    expect(records).toHaveLength(total + 1);
    expect(records[total]?.[0]).toBe(String(total));
  });
});

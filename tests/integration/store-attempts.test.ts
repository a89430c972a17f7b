import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HubStore } from '../../src/main/core/store/store.ts';
import type { AttemptRecord, LogQuery, ProviderId } from '../../src/shared/types.ts';

let dataDir: string;
let store: HubStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-store-attempts-'));
  store = HubStore.open(dataDir);
});

afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    time: 1_700_000_000_000,
    callId: 'call-1',
    provider: 'openai',
    operation: 'probe',
    method: 'GET',
    url: 'https://api.openai.com/v1/models',
    httpStatus: 200,
    latencyMs: 120,
    attempt: 1,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
    ...overrides,
  };
}

const PROVIDERS: ProviderId[] = ['openai', 'stripe', 'mapbox'];

/** 300 attempts, one second apart, cycling through three providers and two outcomes. */
function seed(): AttemptRecord[] {
  const rows = Array.from({ length: 300 }, (_, index) =>
    attempt({
      time: 1_000_000 + index * 1000,
      callId: `call-${index}`,
      provider: PROVIDERS[index % 3],
      outcome: index % 5 === 0 ? 'failure' : 'success',
    }),
  );
  store.insertAttempts(rows);
  return rows;
}

/** Reads every page of a query, following the cursor. */
function readAllPages(query: LogQuery): { ids: number[]; pages: number } {
  const ids: number[] = [];
  let beforeId: number | undefined;
  let pages = 0;
  for (;;) {
    const page = store.queryAttempts({ ...query, beforeId });
    pages += 1;
    ids.push(...page.rows.map((row) => row.id ?? -1));
    if (page.nextCursor === null) return { ids, pages };
    expect(page.nextCursor).toBe(page.rows.at(-1)?.id);
    beforeId = page.nextCursor;
  }
}

function expectedIds(predicate: (index: number) => boolean): number[] {
  // Ids are assigned 1..300 in insert order; the log lists them newest first.
  return Array.from({ length: 300 }, (_, index) => index)
    .filter(predicate)
    .map((index) => index + 1)
    .reverse();
}

describe('HubStore attempts', () => {
  it('round-trips every field of an attempt', () => {
    const record = attempt({
      httpStatus: null,
      latencyMs: 12.5,
      attempt: 3,
      outcome: 'failure',
      errorClass: 'timeout',
      errorMessage: 'Timed out after 10000 ms',
      breakerState: 'half-open',
    });
    store.insertAttempts([record]);

    const [row] = store.queryAttempts({}).rows;

    expect(row).toEqual({ ...record, id: 1 });
  });

  it('pages newest first without duplicates or gaps', () => {
    seed();

    const { ids, pages } = readAllPages({ limit: 7 });

    expect(ids).toEqual(expectedIds(() => true));
    expect(pages).toBe(Math.ceil(300 / 7));
  });

  it('pages with a provider filter', () => {
    seed();

    const { ids } = readAllPages({ provider: 'stripe', limit: 9 });

    expect(ids).toEqual(expectedIds((index) => index % 3 === 1));
  });

  it('pages with combined filters', () => {
    seed();
    // since is inclusive and until exclusive: indexes 30..239.
    const query: LogQuery = {
      provider: 'openai',
      outcome: 'failure',
      since: 1_000_000 + 30 * 1000,
      until: 1_000_000 + 240 * 1000,
      limit: 4,
    };

    const { ids } = readAllPages(query);

    expect(ids).toEqual(
      expectedIds((index) => index >= 30 && index < 240 && index % 3 === 0 && index % 5 === 0),
    );
  });

  it('includes since and excludes until', () => {
    seed();

    const page = store.queryAttempts({ since: 1_010_000, until: 1_012_000 });

    expect(page.rows.map((row) => row.time)).toEqual([1_011_000, 1_010_000]);
  });

  it('returns a null cursor when the page is the last', () => {
    seed();

    const exact = store.queryAttempts({ provider: 'openai', limit: 100 });

    expect(exact.rows).toHaveLength(100);
    expect(exact.nextCursor).toBeNull();
  });

  it('returns an empty page for an empty log', () => {
    expect(store.queryAttempts({})).toEqual({ rows: [], nextCursor: null });
  });

  it('defaults to 100 rows and caps the limit at 1000', () => {
    store.insertAttempts(Array.from({ length: 1100 }, (_, index) => attempt({ time: index })));

    expect(store.queryAttempts({}).rows).toHaveLength(100);
    expect(store.queryAttempts({ limit: 5000 }).rows).toHaveLength(1000);
    expect(store.queryAttempts({ limit: 0 }).rows).toHaveLength(1);
  });

  it('writes a batch in one transaction', () => {
    const valid = attempt();
    const invalid = { ...attempt(), callId: undefined } as unknown as AttemptRecord;

    expect(() => store.insertAttempts([valid, invalid])).toThrow();

    expect(store.queryAttempts({}).rows).toHaveLength(0);
  });

  it('passes url and error message through the redactor', () => {
    store.close();
    const redact = (text: string) => text.replaceAll(/sk-[a-z0-9]+/g, '[REDACTED]');
    store = HubStore.open(dataDir, { redact });

    store.insertAttempts([
      attempt({
        url: 'https://api.openai.com/v1/models?key=sk-abc123',
        outcome: 'failure',
        errorMessage: 'Incorrect API key provided: sk-abc123',
      }),
    ]);
    store.insertProbe({
      time: 1,
      provider: 'openai',
      status: 'down',
      httpStatus: 401,
      latencyMs: 5,
      error: 'Invalid key sk-abc123',
      errorClass: 'auth',
    });
    store.close();

    for (const name of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, name)).toString('latin1')).not.toContain('sk-abc123');
    }

    store = HubStore.open(dataDir, { redact });
    const [row] = store.queryAttempts({}).rows;
    expect(row?.url).toBe('https://api.openai.com/v1/models?key=[REDACTED]');
    expect(row?.errorMessage).toBe('Incorrect API key provided: [REDACTED]');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AttemptRecord, LogQuery } from '../../src/shared/types.ts';
import { attempt, openTempStore, type StoreFixture } from '../support/store-fixture.ts';

const T0 = 1_750_000_000_000;

let fixture: StoreFixture;

beforeEach(() => {
  fixture = openTempStore();
  const rows: AttemptRecord[] = [];
  for (let index = 0; index < 300; index += 1) {
    const failed = index % 3 === 0;
    rows.push(
      attempt({
        time: T0 + index * 1000,
        callId: `call-${index}`,
        provider: index % 2 === 0 ? 'openai' : 'stripe',
        operation: index % 5 === 0 ? 'probe:models' : 'chat.completions',
        outcome: failed ? 'failure' : 'success',
        httpStatus: failed ? (index % 2 === 0 ? 503 : 429) : 200,
        errorMessage: failed ? (index % 2 === 0 ? 'Connection refused by upstream' : 'Rate limit reached') : null,
      }),
    );
  }
  fixture.store.insertAttempts(rows);
});

afterEach(() => {
  fixture.close();
});

/** Reads every page of a query by keyset and returns the call ids in page order. */
function readAll(query: LogQuery): string[] {
  const ids: string[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = fixture.store.queryAttempts({ ...query, limit: 7, beforeId });
    ids.push(...page.rows.map((row) => row.callId));
    if (page.nextCursor === null) return ids;

    beforeId = page.nextCursor;
  }
}

function expected(predicate: (index: number) => boolean): string[] {
  const ids: string[] = [];
  for (let index = 299; index >= 0; index -= 1) if (predicate(index)) ids.push(`call-${index}`);
  return ids;
}

describe('call log search', () => {
  it('pages newest first by keyset without gaps or repeats', () => {
    expect(readAll({})).toEqual(expected(() => true));
  });

  it('filters by provider, outcome, status and operation together', () => {
    const query: LogQuery = { provider: 'openai', outcome: 'failure', httpStatus: 503, operation: 'probe:models' };

    expect(readAll(query)).toEqual(expected((index) => index % 30 === 0));
  });

  it('filters by a time range, since inclusive and until exclusive', () => {
    const query = { since: T0 + 10_000, until: T0 + 20_000 };

    expect(readAll(query)).toEqual(expected((index) => index >= 10 && index < 20));
  });

  it('finds error messages by full text, with word prefixes', () => {
    expect(readAll({ text: 'refus upstr' })).toEqual(expected((index) => index % 6 === 0));
    expect(readAll({ text: 'rate', provider: 'stripe', since: T0 + 150_000 })).toEqual(
      expected((index) => index % 6 === 3 && index >= 150),
    );
    expect(readAll({ text: 'nothing-like-this' })).toEqual([]);
  });

  it('treats search text as words, never as query syntax', () => {
    expect(readAll({ text: '"refused"* (upstream' })).toEqual(expected((index) => index % 6 === 0));
    expect(readAll({ text: 'refused OR rate' })).toEqual([]);
    expect(readAll({ text: '*** ---' })).toEqual(expected(() => true));
  });

  it('keeps the text index in step when rows are deleted', () => {
    fixture.store.pruneBatch({ maxAgeDays: 1, maxSizeMb: null }, T0 + 100_000 + 24 * 3_600_000);

    expect(readAll({ text: 'refused' })).toEqual(expected((index) => index % 6 === 0 && index >= 100));
  });

  it('returns the attempts of one call with the breaker events meanwhile', () => {
    fixture.store.insertAttempts([attempt({ callId: 'retry', time: T0 + 500_000, attempt: 2 })]);
    fixture.store.insertAttempts([attempt({ callId: 'retry', time: T0 + 499_000, attempt: 1 })]);
    fixture.store.insertBreakerTransition({ time: T0 + 499_500, provider: 'openai', from: 'closed', to: 'open', reason: 'failures' });
    fixture.store.insertBreakerTransition({ time: T0 + 499_500, provider: 'stripe', from: 'closed', to: 'open', reason: 'other' });

    const detail = fixture.store.callDetail('retry');

    expect(detail.attempts.map((row) => row.attempt)).toEqual([1, 2]);
    expect(detail.breakerEvents.map((event) => event.reason)).toEqual(['failures']);
    expect(fixture.store.callDetail('unknown')).toEqual({ callId: 'unknown', attempts: [], breakerEvents: [] });
  });

  it('stores request headers and returns them in the detail', () => {
    const headers = { Authorization: '[REDACTED]', 'Content-Type': 'application/json' };
    fixture.store.insertAttempts([attempt({ callId: 'with-headers', requestHeaders: headers })]);

    expect(fixture.store.callDetail('with-headers').attempts[0]?.requestHeaders).toEqual(headers);
  });
});

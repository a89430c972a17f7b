import { describe, expect, it } from 'vitest';
import { newCallId } from '../../src/main/core/call-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newCallId', () => {
  it('returns a version 7 UUID that starts with the time in milliseconds', () => {
    const time = Date.parse('2026-03-01T12:00:00.000Z');

    const id = newCallId(time);

    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(time);
  });

  it('sorts ids of later calls after those of earlier ones', () => {
    const ids = [1_000, 2_000, 60_000, 3_600_000].map((offset) => newCallId(1_700_000_000_000 + offset));

    expect(ids.toSorted()).toEqual(ids);
  });

  it('returns a different id for each call in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newCallId(1_700_000_000_000)));

    expect(ids.size).toBe(1000);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HISTOGRAM_RELATIVE_ERROR } from '../../src/main/core/store/histogram.ts';
import { minuteOf } from '../../src/main/core/store/rollups.ts';
import { nearestRankPercentile } from '../../src/main/core/store/percentile.ts';
import { EXACT_WINDOW_LIMIT } from '../../src/main/core/store/store.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { attempt, openTempStore, type StoreFixture } from '../support/store-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = 1_750_000_000_000 - (1_750_000_000_000 % MINUTE) + 30_000;

let fixture: StoreFixture;

beforeEach(() => {
  fixture = openTempStore();
});

afterEach(() => {
  fixture.close();
});

/** A deterministic, skewed latency: mostly fast, with a long tail. */
function latency(index: number): number {
  const unit = ((index * 2_654_435_761) % 1_000_003) / 1_000_003;
  return Math.round((5 + 20 * unit + (unit > 0.9 ? 3000 * unit ** 8 : 0)) * 100) / 100;
}

function probe(time: number, latencyMs: number | null, status: ProbeResult['status'] = 'up'): ProbeResult {
  return { time, provider: 'mapbox', status, httpStatus: 200, latencyMs, error: null, errorClass: null };
}

describe('per-minute rollups', () => {
  it('keeps p50 <= p95 <= p99 <= max within the stated error for every window', () => {
    const rows = Array.from({ length: 6000 }, (_, index) =>
      attempt({ time: NOW - index * 1000, latencyMs: latency(index), callId: `c${index}` }),
    );
    fixture.store.insertAttempts(rows);

    for (const windowMinutes of [1, 2, 5, 17, 60, 100]) {
      const figures = fixture.store.windowFigures('openai', NOW, windowMinutes * MINUTE);
      const { p50, p95, p99, max } = figures;
      expect(p50).not.toBeNull();
      expect(p50 as number).toBeLessThanOrEqual(p95 as number);
      expect(p95 as number).toBeLessThanOrEqual(p99 as number);
      expect(p99 as number).toBeLessThanOrEqual(max as number);

      // The rollup window covers whole minutes, so compare with the same rows.
      const first = minuteOf(NOW - windowMinutes * MINUTE + 1) * MINUTE;
      const covered = rows.filter((row) => row.time >= first && row.time <= NOW);
      const sorted = covered.map((row) => row.latencyMs).sort((a, b) => a - b);
      expect(figures.latencyCount).toBe(sorted.length);
      expect(max).toBe(sorted.at(-1));
      for (const [percent, value] of [[50, p50], [95, p95], [99, p99]] as const) {
        const exact = nearestRankPercentile(sorted, percent) as number;
        expect(value as number).toBeGreaterThanOrEqual(exact);
        expect(value as number).toBeLessThanOrEqual(exact * (1 + HISTOGRAM_RELATIVE_ERROR) + 1e-9);
      }
    }
  });

  it('counts attempts, errors and successes per provider', () => {
    fixture.store.insertAttempts([
      attempt({ time: NOW - 1000 }),
      attempt({ time: NOW - 2000, outcome: 'failure', latencyMs: 900 }),
      attempt({ time: NOW - 3000, outcome: 'rejected', latencyMs: 0 }),
      attempt({ time: NOW - 4000, provider: 'stripe' }),
    ]);

    const figures = fixture.store.windowFigures('openai', NOW, HOUR);

    expect(figures).toMatchObject({ total: 3, errors: 1, ok: 1, latencyCount: 2, max: 900 });
  });

  it('gives exact p50 and p95 for a small window and histogram ones for a large window', () => {
    const small = Array.from({ length: 50 }, (_, index) => probe(NOW - index * MINUTE, latency(index)));
    for (const result of small) fixture.store.insertProbe(result);
    const exactSorted = small
      .filter((result) => result.time > NOW - HOUR)
      .map((result) => result.latencyMs as number)
      .sort((a, b) => a - b);

    const summary = fixture.store.latencySummary('mapbox', NOW);

    expect(summary.p50).toBe(nearestRankPercentile(exactSorted, 50));
    expect(summary.p95).toBe(nearestRankPercentile(exactSorted, 95));
    expect(summary.last).toBe(small[0]?.latencyMs);

    const many = EXACT_WINDOW_LIMIT + 500;
    for (let index = 0; index < many; index += 1) {
      fixture.store.insertProbe(probe(NOW - 1 - ((index * 1409) % (59 * MINUTE)), 400 + latency(index)));
    }
    const large = fixture.store.latencySummary('mapbox', NOW);
    expect(large.p50 as number).toBeLessThanOrEqual(large.p95 as number);
    expect(large.p95 as number).toBeLessThanOrEqual(3400);
  });

  it('computes uptime over 24 hours from exact rows or from rollups', () => {
    const down = (time: number) => probe(time, null, 'down');
    fixture.store.insertProbe(probe(NOW - 25 * HOUR, 10));
    fixture.store.insertProbe(probe(NOW - HOUR, 10));
    fixture.store.insertProbe(down(NOW - 2 * HOUR));
    fixture.store.insertProbe(probe(NOW - 3 * HOUR, 10, 'unconfigured'));

    expect(fixture.store.uptime('mapbox', NOW)).toBe(0.5);

    for (let index = 0; index < EXACT_WINDOW_LIMIT * 2; index += 1) {
      const time = NOW - 1 - ((index * 7919) % (23 * HOUR));
      fixture.store.insertProbe(index % 4 === 0 ? down(time) : probe(time, 10));
    }
    // 1 + 1000 up of 2 + 4000 counted, minus the 1000 down probes: (1 + 3000) / (2 + 4000).
    expect(fixture.store.uptime('mapbox', NOW)).toBeCloseTo(3001 / 4002, 6);
  });
});

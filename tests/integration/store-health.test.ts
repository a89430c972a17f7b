import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HubStore } from '../../src/main/core/store/store.ts';
import type {
  AttemptRecord,
  BreakerTransition,
  HealthStatus,
  ProbeResult,
} from '../../src/shared/types.ts';

const HOUR = 60 * 60 * 1000;
const NOW = 1_750_000_000_000;

let dataDir: string;
let store: HubStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-store-health-'));
  store = HubStore.open(dataDir);
});

afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function probe(
  time: number,
  status: HealthStatus,
  latencyMs: number | null,
  error: string | null = null,
): ProbeResult {
  return {
    time,
    provider: 'mapbox',
    status,
    httpStatus: status === 'down' ? 503 : 200,
    latencyMs,
    error,
    errorClass: status === 'down' ? 'server' : null,
  };
}

function failedAttempt(time: number, errorMessage: string | null): AttemptRecord {
  return {
    time,
    callId: `call-${time}`,
    provider: 'mapbox',
    operation: 'geocode',
    method: 'GET',
    url: 'https://api.mapbox.com/search',
    httpStatus: 500,
    latencyMs: 30,
    attempt: 1,
    outcome: 'failure',
    errorClass: 'server',
    errorMessage,
    breakerState: 'closed',
  };
}

describe('HubStore latency summary', () => {
  it('computes nearest-rank p50 and p95', () => {
    // 1..20 ms in shuffled order: p50 is the 10th value, p95 the 19th.
    const latencies = [7, 3, 20, 1, 15, 9, 12, 5, 18, 2, 11, 4, 16, 8, 19, 6, 14, 10, 17, 13];
    latencies.forEach((latency, index) => {
      store.insertProbe(probe(NOW - HOUR + 1000 + index, 'up', latency));
    });

    const summary = store.latencySummary('mapbox', NOW);

    expect(summary.p50).toBe(10);
    expect(summary.p95).toBe(19);
    expect(summary.last).toBe(13);
  });

  it('ignores other windows, statuses and providers', () => {
    store.insertProbe(probe(NOW - HOUR, 'up', 9000));
    store.insertProbe(probe(NOW + 1, 'up', 9000));
    store.insertProbe(probe(NOW - 10, 'down', 9000));
    store.insertProbe({ ...probe(NOW - 10, 'up', 9000), provider: 'stripe' });
    store.insertProbe(probe(NOW - 30, 'up', 40));
    store.insertProbe(probe(NOW - 20, 'degraded', 60));

    const summary = store.latencySummary('mapbox', NOW);

    expect(summary).toEqual({ last: 60, p50: 40, p95: 60 });
  });

  it('keeps p50 at or below p95', () => {
    for (let index = 0; index < 57; index += 1) {
      store.insertProbe(probe(NOW - index * 1000, 'up', (index * 37) % 101));
    }

    const summary = store.latencySummary('mapbox', NOW);

    expect(summary.p50).not.toBeNull();
    expect(summary.p50 ?? Infinity).toBeLessThanOrEqual(summary.p95 ?? -Infinity);
  });

  it('returns nulls without probes', () => {
    expect(store.latencySummary('mapbox', NOW)).toEqual({ last: null, p50: null, p95: null });
  });
});

describe('HubStore uptime', () => {
  it('counts up and degraded as available', () => {
    store.insertProbe(probe(NOW - 1000, 'up', 10));
    store.insertProbe(probe(NOW - 2000, 'degraded', 10));
    store.insertProbe(probe(NOW - 3000, 'down', null));
    store.insertProbe(probe(NOW - 4000, 'down', null));
    store.insertProbe(probe(NOW - 5000, 'unconfigured', null));
    store.insertProbe(probe(NOW - 6000, 'unknown', null));

    expect(store.uptime('mapbox', NOW)).toBe(0.5);
  });

  it('ignores probes outside the window', () => {
    store.insertProbe(probe(NOW - 24 * HOUR, 'down', null));
    store.insertProbe(probe(NOW + 1, 'down', null));
    store.insertProbe(probe(NOW - 24 * HOUR + 1, 'up', 10));
    store.insertProbe(probe(NOW, 'up', 10));

    expect(store.uptime('mapbox', NOW)).toBe(1);
  });

  it('uses the given window', () => {
    store.insertProbe(probe(NOW - 2 * HOUR, 'down', null));
    store.insertProbe(probe(NOW - 1000, 'up', 10));

    expect(store.uptime('mapbox', NOW, HOUR)).toBe(1);
    expect(store.uptime('mapbox', NOW, 3 * HOUR)).toBe(0.5);
  });

  it('returns null when no probe counts', () => {
    store.insertProbe(probe(NOW - 1000, 'unconfigured', null));

    expect(store.uptime('mapbox', NOW)).toBeNull();
  });
});

describe('HubStore probes with a rejected key', () => {
  const rejectedKey = (time: number): ProbeResult => ({
    time,
    provider: 'mapbox',
    status: 'auth_failed',
    httpStatus: 200,
    latencyMs: 40,
    error: 'HTTP 200: The Mapbox access token has been revoked.',
    errorClass: 'auth',
  });

  it('stores the row as a down probe of class auth', () => {
    store.insertProbe(rejectedKey(NOW));
    const db = new Database(store.path, { readonly: true });
    const row = db.prepare('SELECT status, error_class FROM probes').get();
    db.close();

    expect(row).toEqual({ status: 'down', error_class: 'auth' });
  });

  it('counts as not up in the uptime and the rollups', () => {
    store.insertProbe(probe(NOW - 2000, 'up', 10));
    store.insertProbe(rejectedKey(NOW - 1000));

    expect(store.uptime('mapbox', NOW)).toBe(0.5);
    expect(store.windowFigures('mapbox', NOW, HOUR, 'probe')).toMatchObject({ total: 2, ok: 1, errors: 1 });
  });

  it('reads back as auth_failed and as the last error', () => {
    store.insertProbe(rejectedKey(NOW));

    expect(store.lastProbe('mapbox')).toEqual(rejectedKey(NOW));
    expect(store.lastError('mapbox')).toEqual({ message: 'HTTP 200: The Mapbox access token has been revoked.', time: NOW });
  });
});

describe('HubStore last probe and last error', () => {
  it('returns the newest probe', () => {
    store.insertProbe(probe(NOW - 1000, 'up', 10));
    store.insertProbe(probe(NOW, 'down', null, 'Service Unavailable'));
    store.insertProbe(probe(NOW - 500, 'up', 20));

    expect(store.lastProbe('mapbox')).toEqual(probe(NOW, 'down', null, 'Service Unavailable'));
    expect(store.lastProbe('stripe')).toBeNull();
  });

  it('prefers the newer failed attempt or probe', () => {
    store.insertAttempts([
      failedAttempt(NOW - 3000, 'older attempt'),
      failedAttempt(NOW - 1000, 'newer attempt'),
    ]);
    store.insertProbe(probe(NOW - 2000, 'down', null, 'probe failed'));

    expect(store.lastError('mapbox')).toEqual({ message: 'newer attempt', time: NOW - 1000 });

    store.insertProbe(probe(NOW, 'down', null, 'probe failed again'));

    expect(store.lastError('mapbox')).toEqual({ message: 'probe failed again', time: NOW });
  });

  it('ignores successful and rejected attempts', () => {
    store.insertAttempts([
      { ...failedAttempt(NOW, 'Breaker open'), outcome: 'rejected' },
      { ...failedAttempt(NOW, null), outcome: 'success', errorClass: null },
    ]);

    expect(store.lastError('mapbox')).toBeNull();
  });

  it('falls back to the error class without a message', () => {
    store.insertAttempts([failedAttempt(NOW, null)]);

    expect(store.lastError('mapbox')).toEqual({ message: 'server', time: NOW });
  });
});

describe('HubStore breaker transitions', () => {
  it('returns transitions newest first, per provider or all', () => {
    const transitions: BreakerTransition[] = [
      { time: 1, provider: 'stripe', from: 'closed', to: 'open', reason: '5 failures' },
      { time: 2, provider: 'openai', from: 'closed', to: 'open', reason: '429' },
      { time: 3, provider: 'stripe', from: 'open', to: 'half-open', reason: 'cooldown' },
    ];
    transitions.forEach((transition) => store.insertBreakerTransition(transition));

    expect(store.latestBreakerTransition('stripe')?.to).toBe('half-open');
    expect(store.latestBreakerTransition('mapbox')).toBeNull();
    expect(store.breakerTransitions('stripe', 10).map((t) => t.time)).toEqual([3, 1]);
    expect(store.breakerTransitions(undefined, 2).map((t) => t.time)).toEqual([3, 2]);
    expect(store.breakerTransitions()[2]).toEqual({
      time: 1,
      provider: 'stripe',
      from: 'closed',
      to: 'open',
      reason: '5 failures',
    });
  });
});

describe('HubStore breaker snapshots', () => {
  it('returns the last saved snapshot per provider', () => {
    const automatic = { state: 'open', openedAt: 10, retryAt: 40, reason: '5 failures' } as const;
    const manual = { state: 'open', openedAt: 50, retryAt: null, reason: 'forced' } as const;
    store.saveBreakerSnapshot('stripe', automatic);
    store.saveBreakerSnapshot('stripe', manual);

    expect(store.breakerSnapshot('stripe')).toEqual(manual);
    expect(store.breakerSnapshot('openai')).toBeNull();
  });

  it('keeps snapshots across a reopen', () => {
    const snapshot = { state: 'half-open', openedAt: 1, retryAt: 2, reason: '429' } as const;
    store.saveBreakerSnapshot('openai', snapshot);
    store.close();

    store = HubStore.open(dataDir);

    expect(store.breakerSnapshot('openai')?.state).toBe('half-open');
  });
});

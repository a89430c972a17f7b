/**
 * A breaker held open by hand through a real hub against the simulators: the
 * provider is `paused`, not down, its probes count neither as up nor as down
 * in the uptime, and closing or resetting the breaker probes again. Breakers
 * that failures or a 429 opened keep their statuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId, type ProviderView } from '../../src/shared/types.ts';
import type { Hub } from '../../src/main/core/ports.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

/** Seconds between scheduled probes, long enough that only the first scheduled probe and the test's own probes run. */
const LONG_INTERVAL_SEC = 3_600;

/** Connection tests after which a failing provider's breaker must be open; the default opens after five failed attempts. */
const MAX_TESTS_UNTIL_OPEN = 10;

const HOUR_MS = 60 * 60 * 1000;

let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function start(): Promise<HubFixture> {
  fixture = await startHubFixture();
  return fixture;
}

/** Starts a hub with the probe schedule running on a long interval and waits until OpenAI is up. */
async function startScheduled(): Promise<HubFixture> {
  const f = await start();
  for (const provider of PROVIDER_IDS) {
    f.settings.setProvider(provider, { ...f.settings.getProvider(provider), probeIntervalSec: LONG_INTERVAL_SEC });
  }
  f.hub.start();
  await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
  return f;
}

function viewOf(hub: Hub, provider: ProviderId): ProviderView {
  const view = hub.listProviders().find((entry) => entry.provider === provider);
  if (!view) throw new Error(`No view for ${provider}.`);

  return view;
}

describe('breaker held open by hand', () => {
  it('marks the provider paused without calling it', async () => {
    const { hub, simulators } = await start();
    hub.forceBreaker('openai', 'open');

    const result = await hub.testConnection('openai');
    const view = viewOf(hub, 'openai');

    expect(result.status).toBe('paused');
    expect(result.errorClass).toBe('breaker_open');
    expect(result.error).toMatch(/held open/);
    expect(view.status).toBe('paused');
    expect(view.breaker).toMatchObject({ state: 'open', reason: 'opened by the user' });
    expect(view.lastError).toBeNull();
    expect(simulators.get('openai').requests).toHaveLength(0);
  });

  it('ranks paused below degraded and above up', async () => {
    const { hub, simulators } = await start();
    hub.forceBreaker('openai', 'open');

    await hub.probeAll();
    const pausedOnly = hub.worstStatus();
    simulators.get('stripe').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 0 } });
    await hub.testConnection('stripe');

    expect(pausedOnly).toBe('paused');
    expect(viewOf(hub, 'stripe').status).toBe('degraded');
    expect(hub.worstStatus()).toBe('degraded');
  });

  it('returns to up after a reset', async () => {
    const f = await startScheduled();
    f.hub.forceBreaker('openai', 'open');
    const paused = await f.hub.testConnection('openai');
    const sent = f.simulators.get('openai').requests.length;

    f.hub.forceBreaker('openai', 'reset');

    expect(paused.status).toBe('paused');
    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
    expect(f.simulators.get('openai').requests.length).toBe(sent + 1);
  });

  it('returns to up after a close', async () => {
    const f = await startScheduled();
    f.hub.forceBreaker('openai', 'open');
    const paused = await f.hub.testConnection('openai');

    f.hub.forceBreaker('openai', 'close');

    expect(paused.status).toBe('paused');
    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
  });

  it('pauses a breaker that a 429 held open', async () => {
    const { hub, simulators } = await start();
    simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 3_600 }, times: 1 });
    await hub.testConnection('openai');
    const limited = await hub.testConnection('openai');

    hub.forceBreaker('openai', 'open');
    const paused = await hub.testConnection('openai');

    expect(limited.status).toBe('degraded');
    expect(limited.errorClass).toBe('breaker_open');
    expect(paused.status).toBe('paused');
  });
});

describe('breakers opened by the provider', () => {
  it('stay down when failures opened them', async () => {
    const { hub, simulators } = await start();
    simulators.get('stripe').setFault({ fault: { kind: 'server_error' } });
    for (let tests = 0; tests < MAX_TESTS_UNTIL_OPEN && hub.breakerState('stripe') !== 'open'; tests++) {
      await hub.testConnection('stripe');
    }

    const rejected = await hub.testConnection('stripe');

    expect(hub.breakerState('stripe')).toBe('open');
    expect(rejected.errorClass).toBe('breaker_open');
    expect(rejected.status).toBe('down');
    expect(viewOf(hub, 'stripe').status).toBe('down');
  });

  it('stay degraded when a 429 holds them open', async () => {
    const { hub, simulators } = await start();
    simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 3_600 }, times: 1 });

    const first = await hub.testConnection('openai');
    const rejected = await hub.testConnection('openai');

    expect(first.status).toBe('degraded');
    expect(hub.breakerState('openai')).toBe('open');
    expect(rejected.errorClass).toBe('breaker_open');
    expect(rejected.status).toBe('degraded');
  });
});

describe('uptime of a paused provider', () => {
  it('leaves paused probes out', async () => {
    const { hub, simulators } = await start();
    await hub.testConnection('mapbox');
    simulators.get('mapbox').setFault({ fault: { kind: 'server_error' } });
    await hub.testConnection('mapbox');

    hub.forceBreaker('mapbox', 'open');
    await hub.testConnection('mapbox');
    await hub.testConnection('mapbox');

    expect(viewOf(hub, 'mapbox').status).toBe('paused');
    expect(viewOf(hub, 'mapbox').uptime24h).toBe(0.5);
  });

  it('stores paused probes that count neither as up nor as down', async () => {
    const f = await start();
    await f.hub.testConnection('openai');
    f.hub.forceBreaker('openai', 'open');
    await f.hub.testConnection('openai');
    await f.hub.stop();

    const store = HubStore.open(f.dataDir);
    try {
      const now = Date.now();

      expect(store.lastProbe('openai')?.status).toBe('paused');
      expect(store.uptime('openai', now)).toBe(1);
      expect(store.windowFigures('openai', now, HOUR_MS, 'probe')).toMatchObject({ total: 2, ok: 1, errors: 0 });
    } finally {
      store.close();
    }
  });
});

describe('probes after a breaker action', () => {
  it('shows paused at once after force open', async () => {
    const { hub } = await startScheduled();
    const logged = hub.queryLogs({ provider: 'openai' }).rows.length;

    const view = hub.forceBreaker('openai', 'open');

    expect(view.status).toBe('paused');
    expect(hub.queryLogs({ provider: 'openai' }).rows.length).toBe(logged);
  });

  it('returns to up after a reset right behind force open', async () => {
    const { hub } = await startScheduled();

    hub.forceBreaker('openai', 'open');
    hub.forceBreaker('openai', 'reset');

    await expect.poll(() => viewOf(hub, 'openai').status, { timeout: 5_000 }).toBe('up');
    expect(hub.breakerState('openai')).toBe('closed');
  });
});

/**
 * The resilience engine through a real hub against the simulators: policy
 * changes, stored events, the shared token bucket, breaker notifications
 * and breaker state across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResilienceEventRecord } from '../../src/shared/types.ts';
import { createRequestHandler } from '../../src/main/core/bridge.ts';
import { ConfSettingsStore, settingsOptions } from '../../src/main/core/settings.ts';
import { OPENAI_REQUEST_LIMIT } from '../../src/sim/providers/openai.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { fastPolicy, startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

const fixtures: HubFixture[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function start(options?: Parameters<typeof startHubFixture>[0]): Promise<HubFixture> {
  const fixture = await startHubFixture(options);
  fixtures.push(fixture);
  return fixture;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-resilience-'));
  folders.push(dir);
  return dir;
}

const listModels = { operation: 'list-models', method: 'GET', path: '/v1/models' } as const;

describe('policies', () => {
  it('applies a changed retry count at once and stores it in the settings', async () => {
    const { hub, simulators, settings } = await start();
    simulators.get('openai').setFault({ fault: { kind: 'server_error' } });

    const before = await hub.call('openai', listModels);
    const view = hub.updatePolicy('openai', { retry: { retries: 0 } });
    const after = await hub.call('openai', listModels);

    expect(before.attempts).toBe(3);
    expect(after.attempts).toBe(1);
    expect(view.policy.overridden).toBe(true);
    expect(view.policy.effective.retry.retries).toBe(0);
    expect(view.policy.defaults.retry.retries).toBe(2);
    expect(settings.getPolicy('openai')).toMatchObject({ retry: { retries: 0 } });
  });

  it('keeps the breaker state when the policy changes', async () => {
    const { hub } = await start();
    hub.forceBreaker('openai', 'open');

    hub.updatePolicy('openai', { breaker: { consecutiveFailures: 2 }, bulkhead: { maxConcurrent: 8 } });

    expect(hub.breakerState('openai')).toBe('open');
    const outcome = await hub.call('openai', listModels);
    expect(outcome.errorClass).toBe('breaker_open');
  });

  it('rejects a value out of range with a message that names it and the fix', async () => {
    const { hub } = await start();

    expect(() => hub.updatePolicy('openai', { retry: { retries: 50 } })).toThrow(
      'Invalid retry.retries 50 for openai: use a whole number of retries from 0 to 10.',
    );
    expect(() => hub.updatePolicy('openai', { breaker: { minimumCalls: 30, windowSize: 20 } })).toThrow(
      /minimumCalls 30 for openai: use at most windowSize 20/,
    );
    expect(hub.listProviders()[0]!.policy.overridden).toBe(false);
  });

  it('returns to the defaults on reset, through the bridge', async () => {
    const { hub } = await start();
    const handle = createRequestHandler(hub, { chooseExportPath: async () => null });

    await handle('providers.updatePolicy', { provider: 'stripe', patch: { rateLimit: { ratePerSec: 5, burst: 2 } } });
    const reply = await handle('providers.resetPolicy', { provider: 'stripe' });
    const invalid = await handle('providers.updatePolicy', { provider: 'stripe', patch: { bulkhead: { maxConcurrent: 0 } } });

    expect(reply).toMatchObject({ ok: true, value: { policy: { overridden: false, effective: { rateLimit: null } } } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});

describe('stored policies', () => {
  it('keeps policy changes under their own key and leaves the provider settings alone', () => {
    const dir = tempDir();
    const store = new ConfSettingsStore(new Conf(settingsOptions(dir)));
    store.setProvider('openai', { enabled: false, baseUrl: null, probeIntervalSec: 30 });

    store.setPolicy('openai', { retry: { retries: 1 }, rateLimit: null });
    store.setPolicy('stripe', { bulkhead: { maxConcurrent: 2 } });
    store.setPolicy('stripe', null);

    const reopened = new ConfSettingsStore(new Conf(settingsOptions(dir)));
    expect(reopened.getPolicy('openai')).toEqual({ retry: { retries: 1 }, rateLimit: null });
    expect(reopened.getPolicy('stripe')).toBeNull();
    expect(reopened.getProvider('openai')).toEqual({ enabled: false, baseUrl: null, probeIntervalSec: 30 });
  });

  it('rejects a stored value outside the schema', () => {
    const store = new ConfSettingsStore(new Conf(settingsOptions(tempDir())));

    expect(() => store.setPolicy('openai', { retry: { retries: -1 } })).toThrow(/retries/);
  });
});

describe('resilience events', () => {
  it('stores and emits retry and give-up events with attempt, delay and duration', async () => {
    const { hub, simulators } = await start();
    simulators.get('openai').setFault({ fault: { kind: 'server_error' } });
    const emitted: ResilienceEventRecord[] = [];
    hub.on('resilience.event', (event) => emitted.push(event));

    await hub.call('openai', listModels);
    const page = hub.queryEvents({ provider: 'openai' });

    const types = page.rows.map((row) => row.type).reverse();
    expect(types).toEqual(['retry', 'retry', 'give-up']);
    expect(page.rows[2]).toMatchObject({ type: 'retry', attempt: 2, delayMs: 5 });
    expect(page.rows[0]).toMatchObject({ type: 'give-up', attempt: 3, detail: expect.stringContaining('server had an error') });
    expect(page.rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(emitted.map((event) => event.type)).toEqual(['retry', 'retry', 'give-up']);
  });

  it('stores breaker events as break, half-open and reset', async () => {
    const clock = new FakeClock(Date.now());
    const { hub, simulators } = await start({ hub: { clock } });
    hub.updatePolicy('openai', { retry: { retries: 0 }, breaker: { consecutiveFailures: 1, openMs: 1_000 } });
    simulators.get('openai').setFault({ fault: { kind: 'server_error' }, times: 1 });

    await hub.call('openai', listModels);
    await clock.advance(1_000);
    await hub.call('openai', listModels);

    const rows = hub.queryEvents({ provider: 'openai' }).rows.reverse();
    expect(rows.map((row) => row.type)).toEqual(['break', 'give-up', 'half-open', 'reset']);
    expect(rows[0]).toMatchObject({ delayMs: 1_000 });
    expect(rows[2]).toMatchObject({ durationMs: 1_000, detail: 'open wait elapsed' });
    expect(rows[3]).toMatchObject({ detail: 'trial call succeeded' });
  });
});

describe('the shared token bucket', () => {
  it('holds calls when the provider reports its request budget spent, before it answers 429', async () => {
    const clock = new FakeClock(Date.now());
    const { hub, simulators } = await start({ hub: { clock } });
    const policy = { bulkhead: { maxConcurrent: 16, maxQueue: 1_000 }, retry: { retries: 0 }, timeouts: { deadlineMs: 60_000 } };
    hub.updatePolicy('openai', policy);
    const throttles: ResilienceEventRecord[] = [];
    hub.on('resilience.event', (event) => {
      if (event.type === 'throttle') throttles.push(event);
    });

    const calls = Array.from({ length: OPENAI_REQUEST_LIMIT + 20 }, () => hub.call('openai', listModels));
    const sim = simulators.get('openai');
    await waitUntil(() => sim.requests.length >= OPENAI_REQUEST_LIMIT && throttles.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(sim.requests).toHaveLength(OPENAI_REQUEST_LIMIT);
    const statuses = hub.queryLogs({ provider: 'openai', limit: 1000 }).rows.map((row) => row.httpStatus);
    expect(statuses).toHaveLength(OPENAI_REQUEST_LIMIT);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(throttles[0]!.delayMs).toBeGreaterThan(50_000);
    await hub.stop();
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((outcome) => outcome.outcome === 'cancelled')).toHaveLength(20);
  });
});

describe('breaker notifications and restarts', () => {
  it('notifies once when many concurrent failures open the breaker', async () => {
    const { hub, simulators, notifications } = await start();
    hub.updatePolicy('openai', { retry: { retries: 0 }, bulkhead: { maxConcurrent: 32, maxQueue: 100 } });
    simulators.get('openai').setFault({ fault: { kind: 'server_error' } });

    await Promise.all(Array.from({ length: 40 }, () => hub.call('openai', listModels)));

    const opened = notifications.filter((notification) => notification.title.includes('opened'));
    expect(opened).toHaveLength(1);
    expect(hub.breakerState('openai')).toBe('open');
  });

  it('comes back half-open after a restart when the open wait passed while the app was closed', async () => {
    const dataDir = tempDir();
    const start1 = Date.now();
    const first = await start({ dataDir, hub: { clock: new FakeClock(start1) } });
    first.hub.updatePolicy('openai', { retry: { retries: 0 }, breaker: { consecutiveFailures: 2, openMs: 30_000 } });
    first.simulators.get('openai').setFault({ fault: { kind: 'server_error' } });
    await first.hub.call('openai', listModels);
    await first.hub.call('openai', listModels);
    expect(first.hub.breakerState('openai')).toBe('open');
    await first.close();
    fixtures.splice(fixtures.indexOf(first), 1);

    const early = await start({ dataDir, hub: { clock: new FakeClock(start1 + 10_000) } });
    expect(early.hub.breakerState('openai')).toBe('open');
    await early.close();
    fixtures.splice(fixtures.indexOf(early), 1);

    const later = await start({ dataDir, hub: { clock: new FakeClock(start1 + 30_001) } });
    expect(later.hub.breakerState('openai')).toBe('half-open');
    expect(later.hub.listProviders()[0]!.breaker.reason).toBe('open wait elapsed');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('The condition did not hold within the time allowed.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('deadlines', () => {
  const shortDeadline = {
    hub: {
      policy: (provider: Parameters<typeof fastPolicy>[0], base: Parameters<typeof fastPolicy>[1]) => {
        const fast = fastPolicy(provider, base);
        return {
          ...fast,
          retry: { ...fast.retry, retries: 0 },
          timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, deadlineMs: 300 },
        };
      },
    },
  };

  it('ends a hung request at the policy deadline', async () => {
    const { hub, simulators } = await start(shortDeadline);
    simulators.get('openai').setFault({ fault: { kind: 'hang' } });

    const started = performance.now();
    const outcome = await hub.call('openai', listModels);

    expect(outcome.errorClass).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('caps requests under a longer call deadline', async () => {
    const { hub, simulators } = await start(shortDeadline);
    simulators.get('openai').setFault({ fault: { kind: 'hang' } });

    const started = performance.now();
    const outcome = await hub.call('openai', listModels, { deadlineMs: 5_000 });

    expect(outcome.errorClass).toBe('timeout');
    expect(outcome.message).toContain('300 ms deadline');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

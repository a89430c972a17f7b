/**
 * A rejected key through a real hub against the simulators: every provider's
 * way of rejecting a key becomes `auth_failed`, it counts as a failed probe
 * in the uptime, and replacing the key probes again and clears it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId, type ProviderView } from '../../src/shared/types.ts';
import type { Hub } from '../../src/main/core/ports.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

const WRONG_OPENAI_KEY = 'sk-wrong-key-000000000000000000000000';

/** Seconds between scheduled probes, long enough that only the first scheduled probe and the test's own probes run. */
const LONG_INTERVAL_SEC = 3_600;

let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function start(): Promise<HubFixture> {
  fixture = await startHubFixture();
  return fixture;
}

function viewOf(hub: Hub, provider: ProviderId): ProviderView {
  const view = hub.listProviders().find((entry) => entry.provider === provider);
  if (!view) throw new Error(`No view for ${provider}.`);

  return view;
}

/** Starts a hub whose OpenAI key is wrong, with the probe schedule running on a long interval. */
async function startWithWrongOpenAiKey(): Promise<HubFixture> {
  const f = await start();
  await f.hub.setSecret('openai', 'apiKey', WRONG_OPENAI_KEY);
  for (const provider of PROVIDER_IDS) {
    f.settings.setProvider(provider, { ...f.settings.getProvider(provider), probeIntervalSec: LONG_INTERVAL_SEC });
  }
  f.hub.start();
  await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('auth_failed');
  return f;
}

describe('probes with a rejected key', () => {
  it.each(PROVIDER_IDS)('marks %s auth_failed', async (provider) => {
    const { hub, simulators } = await start();
    simulators.get(provider).setFault({ fault: { kind: 'invalid_key' } });

    const result = await hub.testConnection(provider);
    const view = viewOf(hub, provider);

    expect(result.status, result.error ?? '').toBe('auth_failed');
    expect(result.errorClass).toBe('auth');
    expect(view.status).toBe('auth_failed');
    expect(view.lastError?.message).toBe(result.error);
    expect(view.breaker.state).toBe('closed');
  });

  it('marks a Mapbox token error in a 200 auth_failed', async () => {
    const { hub, simulators } = await start();
    simulators.get('mapbox').setFault({ fault: { kind: 'invalid_key' } });

    const result = await hub.testConnection('mapbox');

    expect(result.status).toBe('auth_failed');
    expect(result.httpStatus).toBe(200);
    expect(result.error).toMatch(/Mapbox access token/);
  });

  it('marks a rejected Amadeus token request auth_failed', async () => {
    const { hub, simulators } = await start();
    simulators.get('amadeus').setFault({ fault: { kind: 'invalid_key' } });

    const result = await hub.testConnection('amadeus');

    expect(result.status).toBe('auth_failed');
    expect(result.error).toMatch(/rejected the client credentials/);
  });

  it('counts a rejected key as downtime', async () => {
    const { hub, simulators } = await start();
    simulators.get('stripe').setFault({ fault: { kind: 'invalid_key' }, times: 1 });

    await hub.testConnection('stripe');
    await hub.testConnection('stripe');

    expect(viewOf(hub, 'stripe').status).toBe('up');
    expect(viewOf(hub, 'stripe').uptime24h).toBe(0.5);
  });

  it('ranks a rejected key below down and above degraded', async () => {
    const { hub, simulators } = await start();
    simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 0 } });
    simulators.get('stripe').setFault({ fault: { kind: 'invalid_key' } });
    simulators.get('mapbox').setFault({ fault: { kind: 'server_error' } });

    await hub.testConnection('openai');
    await hub.testConnection('stripe');
    const withoutOutage = hub.worstStatus();
    await hub.testConnection('mapbox');

    expect(viewOf(hub, 'openai').status).toBe('degraded');
    expect(withoutOutage).toBe('auth_failed');
    expect(hub.worstStatus()).toBe('down');
  });
});

describe('replacing a rejected key', () => {
  it('probes at once and returns to up', async () => {
    const f = await startWithWrongOpenAiKey();
    const openai = f.simulators.get('openai');
    const sent = openai.requests.length;
    const key = f.simulators.credentials.openai.apiKey as string;

    await f.hub.setSecret('openai', 'apiKey', key);

    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
    expect(openai.requests.length).toBe(sent + 1);
    expect(openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${key}`);
    expect(viewOf(f.hub, 'openai').nextProbeAt ?? 0).toBeGreaterThan(Date.now() + 60_000);
  });

  it('probes at once after a removed key is set again', async () => {
    const f = await startWithWrongOpenAiKey();

    await f.hub.deleteSecret('openai', 'apiKey');
    const removed = viewOf(f.hub, 'openai').status;
    await f.hub.setSecret('openai', 'apiKey', f.simulators.credentials.openai.apiKey as string);

    expect(removed).toBe('unconfigured');
    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
  });

  it('probes again after an in-flight probe', async () => {
    const f = await startWithWrongOpenAiKey();
    const openai = f.simulators.get('openai');
    const sent = openai.requests.length;
    openai.setFault({ fault: { kind: 'latency', ms: 200 }, times: 1 });

    const inFlight = f.hub.testConnection('openai');
    await expect.poll(() => openai.requests.length).toBe(sent + 1);
    await f.hub.setSecret('openai', 'apiKey', f.simulators.credentials.openai.apiKey as string);

    expect((await inFlight).status).toBe('auth_failed');
    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: 5_000 }).toBe('up');
    expect(openai.requests.length).toBe(sent + 2);
  });

  it('sends nothing without the schedule, as in the CLI', async () => {
    const f = await start();
    const openai = f.simulators.get('openai');
    openai.setFault({ fault: { kind: 'invalid_key' } });
    await f.hub.testConnection('openai');
    openai.setFault(null);
    const sent = openai.requests.length;

    await f.hub.setSecret('openai', 'apiKey', f.simulators.credentials.openai.apiKey as string);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(openai.requests.length).toBe(sent);
  });
});

/**
 * A provider's first key through a real hub against the simulators. The hub
 * runs on a fake clock, so no scheduled probe runs unless a test advances
 * it, and a status that changes without an advance comes from the probe
 * that saving the key starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId, type ProviderView } from '../../src/shared/types.ts';
import type { Hub } from '../../src/main/core/ports.ts';
import { DEFAULT_PROBE_INTERVAL_SEC } from '../../src/main/core/settings.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

const INTERVAL_MS = DEFAULT_PROBE_INTERVAL_SEC * 1000;

/** Time after start by which every provider's first scheduled probe has run, as the scheduler starts them 250 ms apart. */
const FIRST_PROBES_DONE_MS = 250 * (PROVIDER_IDS.length + 1);

/** Real time a test waits for a probe over loopback, in milliseconds. */
const PROBE_WAIT_MS = 5_000;

let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

function viewOf(hub: Hub, provider: ProviderId): ProviderView {
  const view = hub.listProviders().find((entry) => entry.provider === provider);
  if (!view) throw new Error(`No view for ${provider}.`);

  return view;
}

function keyOf(f: HubFixture, provider: ProviderId): string {
  return f.simulators.credentials[provider].apiKey as string;
}

/**
 * Starts a hub without keys and runs the schedule past every provider's
 * first probe, which sends nothing because no provider has a key.
 */
async function startScheduled(): Promise<{ f: HubFixture; clock: FakeClock }> {
  const clock = new FakeClock(Date.now());
  const f = await startHubFixture({ withKeys: false, hub: { clock } });
  fixture = f;
  f.hub.start();
  await clock.advance(FIRST_PROBES_DONE_MS);

  return { f, clock };
}

/** Saves the OpenAI key and waits until its probe shows up. A key-change probe of an earlier save has started by then. */
async function saveOpenAiKeyAndWait(f: HubFixture): Promise<void> {
  await f.hub.setSecret('openai', 'apiKey', keyOf(f, 'openai'));
  await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: PROBE_WAIT_MS }).toBe('up');
}

describe('saving a first key', () => {
  it('probes at once and shows up', async () => {
    const { f, clock } = await startScheduled();
    const openai = f.simulators.get('openai');
    const before = viewOf(f.hub, 'openai');

    await f.hub.setSecret('openai', 'apiKey', keyOf(f, 'openai'));

    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: PROBE_WAIT_MS }).toBe('up');
    expect(before.status).toBe('unconfigured');
    expect(before.lastProbeAt).toBeNull();
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${keyOf(f, 'openai')}`);
    expect(viewOf(f.hub, 'openai').lastProbeAt).toBe(clock.now());
  });

  it('counts the next scheduled probe from it', async () => {
    const { f, clock } = await startScheduled();
    const openai = f.simulators.get('openai');
    const due = viewOf(f.hub, 'openai').nextProbeAt ?? 0;
    await clock.advance(due - clock.now() - 1_000);
    const savedAt = clock.now();

    await f.hub.setSecret('openai', 'apiKey', keyOf(f, 'openai'));
    await expect.poll(() => viewOf(f.hub, 'openai').nextProbeAt, { timeout: PROBE_WAIT_MS }).toBe(savedAt + INTERVAL_MS);
    await clock.advance(due - clock.now());
    const sentAtOldDue = openai.requests.length;
    await clock.advance(savedAt + INTERVAL_MS - clock.now());

    expect(sentAtOldDue).toBe(1);
    await expect.poll(() => openai.requests.length, { timeout: PROBE_WAIT_MS }).toBe(2);
  });

  it('waits for the Amadeus client secret', async () => {
    const { f } = await startScheduled();
    const amadeus = f.simulators.get('amadeus');
    const { clientId, clientSecret } = f.simulators.credentials.amadeus;

    await f.hub.setSecret('amadeus', 'clientId', clientId as string);
    await saveOpenAiKeyAndWait(f);
    const withClientId = { status: viewOf(f.hub, 'amadeus').status, sent: amadeus.requests.length };
    await f.hub.setSecret('amadeus', 'clientSecret', clientSecret as string);

    expect(withClientId.status).toBe('unconfigured');
    expect(withClientId.sent).toBe(0);
    await expect.poll(() => viewOf(f.hub, 'amadeus').status, { timeout: PROBE_WAIT_MS }).toBe('up');
    expect(amadeus.requests.map((request) => request.path)).toContain('/v1/reference-data/airlines');
  });

  it('sends nothing for a disabled provider', async () => {
    const { f } = await startScheduled();
    f.hub.updateProvider('stripe', { enabled: false });

    await f.hub.setSecret('stripe', 'apiKey', keyOf(f, 'stripe'));
    await saveOpenAiKeyAndWait(f);

    expect(f.simulators.get('stripe').requests).toHaveLength(0);
    expect(viewOf(f.hub, 'stripe').status).toBe('disabled');
    expect(viewOf(f.hub, 'stripe').lastProbeAt).toBeNull();
  });

  it('sends nothing without the schedule, as in the CLI', async () => {
    fixture = await startHubFixture({ withKeys: false });
    const openai = fixture.simulators.get('openai');

    await fixture.hub.setSecret('openai', 'apiKey', keyOf(fixture, 'openai'));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(openai.requests).toHaveLength(0);
    expect(viewOf(fixture.hub, 'openai').status).toBe('unknown');
  });
});

describe('changing provider settings', () => {
  it('probes at once after a new base URL', async () => {
    const { f } = await startScheduled();
    await saveOpenAiKeyAndWait(f);
    const sent = () => f.simulators.get('mapbox').requests.length;
    f.hub.updateProvider('mapbox', { baseUrl: 'http://127.0.0.1:9' });
    await f.hub.setSecret('mapbox', 'apiKey', keyOf(f, 'mapbox'));
    await expect.poll(() => viewOf(f.hub, 'mapbox').status, { timeout: PROBE_WAIT_MS }).toBe('down');
    const before = sent();

    f.hub.updateProvider('mapbox', { baseUrl: f.simulators.urls.mapbox });

    await expect.poll(() => viewOf(f.hub, 'mapbox').status, { timeout: PROBE_WAIT_MS }).toBe('up');
    expect(sent()).toBeGreaterThan(before);
  });

  it('probes at once when a provider is enabled again', async () => {
    const { f } = await startScheduled();
    await saveOpenAiKeyAndWait(f);
    f.hub.updateProvider('openai', { enabled: false });
    expect(viewOf(f.hub, 'openai').status).toBe('disabled');

    f.hub.updateProvider('openai', { enabled: true });

    await expect.poll(() => viewOf(f.hub, 'openai').status, { timeout: PROBE_WAIT_MS }).toBe('up');
  });
});

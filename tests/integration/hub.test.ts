import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../src/shared/types.ts';
import { createHub } from '../../src/main/core/hub.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-store.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function start(options?: Parameters<typeof startHubFixture>[0]): Promise<HubFixture> {
  fixture = await startHubFixture(options);
  return fixture;
}

function allSecrets(f: HubFixture): string[] {
  return PROVIDER_IDS.flatMap((provider) => Object.values(f.simulators.credentials[provider]));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('hub health probes', () => {
  it('reports every provider up with valid keys', async () => {
    const { hub } = await start();

    const results = await hub.probeAll();

    expect(results.map((result) => result.provider)).toEqual([...PROVIDER_IDS]);
    for (const result of results) {
      expect(result.status, `${result.provider}: ${result.error}`).toBe('up');
      expect(result.httpStatus).toBe(200);
    }
    const view = hub.listProviders().find((entry) => entry.provider === 'openai');
    expect(view?.status).toBe('up');
    expect(view?.latency.p50).not.toBeNull();
    expect(view?.uptime24h).toBe(1);
  });

  it('marks a provider without a key unconfigured and sends nothing', async () => {
    const f = await start({ withKeys: false });

    const result = await f.hub.testConnection('stripe');

    expect(result.status).toBe('unconfigured');
    expect(result.error).toMatch(/secret key/i);
    expect(f.simulators.get('stripe').requests).toHaveLength(0);
    expect(f.hub.worstStatus()).toBe('unconfigured');
  });

  it('skips a disabled provider in scheduled probes', async () => {
    const f = await start();
    f.hub.updateProvider('mapbox', { enabled: false });

    const results = await f.hub.probeAll();

    expect(results.find((result) => result.provider === 'mapbox')?.status).toBe('disabled');
    expect(f.simulators.get('mapbox').requests).toHaveLength(0);
  });

  it('reports down with the last error after server errors', async () => {
    const f = await start();
    f.simulators.get('openai').setFault({ fault: { kind: 'server_error', status: 503 } });

    const result = await f.hub.testConnection('openai');

    expect(result.status).toBe('down');
    expect(result.httpStatus).toBe(503);
    expect(result.errorClass).toBe('server');
    const attempts = f.hub.queryLogs({ provider: 'openai' }).rows;
    expect(attempts.map((row) => row.attempt).sort()).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((row) => row.callId)).size).toBe(1);
    expect(f.hub.listProviders().find((view) => view.provider === 'openai')?.lastError?.message).toBeTruthy();
  });

  it('times out a probe that hangs and counts it as down', async () => {
    const f = await start();
    f.simulators.get('supabase').setFault({ fault: { kind: 'hang' } });

    const result = await f.hub.testConnection('supabase');

    expect(result.status).toBe('down');
    expect(result.errorClass).toBe('timeout');
  });

  it('never runs two probes of one provider at once', async () => {
    const f = await start();
    f.simulators.get('elevenlabs').setFault({ fault: { kind: 'latency', ms: 200 } });

    const [first, second] = await Promise.all([f.hub.testConnection('elevenlabs'), f.hub.testConnection('elevenlabs')]);

    expect(first).toBe(second);
    expect(f.simulators.get('elevenlabs').requests).toHaveLength(1);
  });

  it('caches the Amadeus token across probes', async () => {
    const f = await start();

    await f.hub.testConnection('amadeus');
    await f.hub.testConnection('amadeus');

    const paths = f.simulators.get('amadeus').requests.map((request) => request.path);
    expect(paths.filter((path) => path.endsWith('/oauth2/token'))).toHaveLength(1);
    expect(paths.filter((path) => path.endsWith('/airlines'))).toHaveLength(2);
  });
});

describe('hub circuit breaker', () => {
  it('opens after repeated failures and notifies once', async () => {
    const f = await start();
    f.simulators.get('stripe').setFault({ fault: { kind: 'server_error' } });

    await f.hub.testConnection('stripe');
    await f.hub.testConnection('stripe');
    const rejected = await f.hub.testConnection('stripe');

    expect(f.hub.breakerState('stripe')).toBe('open');
    expect(rejected.status).toBe('down');
    expect(rejected.errorClass).toBe('breaker_open');
    const opened = f.notifications.filter((entry) => entry.title.includes('opened'));
    expect(opened).toHaveLength(1);
    expect(opened[0]?.provider).toBe('stripe');
    expect(f.hub.listProviders().find((view) => view.provider === 'stripe')?.breaker.state).toBe('open');
  });

  it('closes again on reset and notifies that too', async () => {
    const f = await start();
    f.hub.forceBreaker('openweather', 'open');
    f.hub.forceBreaker('openweather', 'reset');

    const result = await f.hub.testConnection('openweather');

    expect(result.status).toBe('up');
    expect(f.notifications.map((entry) => entry.title)).toEqual([
      'OpenWeather: circuit breaker opened',
      'OpenWeather: circuit breaker closed',
    ]);
  });

  it('emits breaker and provider events', async () => {
    const f = await start();
    const transitions: string[] = [];
    f.hub.on('breaker.changed', (transition) => transitions.push(`${transition.from}->${transition.to}`));

    f.hub.forceBreaker('mapbox', 'open');
    f.hub.forceBreaker('mapbox', 'close');

    expect(transitions).toEqual(['closed->open', 'open->closed']);
  });
});

describe('hub retries', () => {
  it('honours Retry-After before retrying a 429', async () => {
    const f = await start();
    f.simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 1 }, times: 1 });

    const result = await f.hub.testConnection('openai');

    expect(result.status).toBe('degraded');
    const requests = f.simulators.get('openai').requests;
    expect(requests).toHaveLength(2);
    expect((requests[1]?.time ?? 0) - (requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('does not retry a POST that is not idempotent', async () => {
    const f = await start();
    f.simulators.get('openai').setFault({ fault: { kind: 'server_error' } });

    const outcome = await f.hub.call('openai', {
      operation: 'chat-completion',
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });

    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(1);
    expect(f.simulators.get('openai').requests).toHaveLength(1);
  });

  it('retries a Stripe POST with one idempotency key', async () => {
    const f = await start();
    f.simulators.get('stripe').setFault({ fault: { kind: 'server_error' }, times: 2 });

    const outcome = await f.hub.call('stripe', {
      operation: 'create-customer',
      method: 'POST',
      path: '/v1/customers',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=demo%40example.com',
    });

    expect(outcome.ok).toBe(true);
    const keys = f.simulators.get('stripe').requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBeTruthy();
  });

  it('retries a connection reset on a GET', async () => {
    const f = await start();
    f.simulators.get('elevenlabs').setFault({ fault: { kind: 'reset' }, times: 1 });

    const result = await f.hub.testConnection('elevenlabs');

    expect(result.status).toBe('degraded');
    const classes = f.hub.queryLogs({ provider: 'elevenlabs' }).rows.map((row) => row.errorClass);
    expect(classes).toContain('network');
  });
});

describe('hub secrets', () => {
  it('keeps keys out of the database, settings and exports', async () => {
    const f = await start();
    f.simulators.get('openweather').setFault({ fault: { kind: 'invalid_key' }, times: 1 });
    await f.hub.probeAll();
    await f.hub.probeAll();
    const exported = join(f.dataDir, 'export.jsonl');
    await f.hub.exportLogs({}, 'jsonl', exported);
    await f.hub.exportLogs({}, 'csv', join(f.dataDir, 'export.csv'));

    const urls = f.hub.queryLogs({ provider: 'openweather' }).rows.map((row) => row.url);
    expect(urls.every((url) => url.includes('appid=[REDACTED]'))).toBe(true);
    const files = filesUnder(f.dataDir);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const secret of allSecrets(f)) {
        expect(bytes.includes(secret), `${secret} found in ${file}`).toBe(false);
      }
    }
  });

  it('shows only whether a key is set and its last four characters', async () => {
    const f = await start();

    const view = f.hub.listProviders().find((entry) => entry.provider === 'openai');
    const key = f.simulators.credentials.openai.apiKey as string;

    expect(view?.credentials[0]).toEqual({ field: 'apiKey', label: expect.any(String), set: true, last4: key.slice(-4), source: 'memory' });
    expect(JSON.stringify(f.hub.listProviders())).not.toContain(key);
  });

  it('rejects an unknown credential field with a clear message', async () => {
    const f = await start();

    await expect(f.hub.setSecret('openai', 'password', 'x')).rejects.toThrow(/Unknown credential "password" for openai: use apiKey/);
  });
});

describe('hub log export target', () => {
  it('refuses the data folder files, folders and missing folders', async () => {
    const f = await start();
    await f.hub.probeAll();

    await expect(f.hub.exportLogs({}, 'jsonl', join(f.dataDir, 'hub.sqlite'))).rejects.toThrow(/own data files/);
    await expect(f.hub.exportLogs({}, 'csv', f.dataDir)).rejects.toThrow(/not a regular file/);
    await expect(f.hub.exportLogs({}, 'csv', join(f.dataDir, 'missing', 'x.csv'))).rejects.toThrow(/folder .*missing does not exist/);
    expect(f.hub.queryLogs({}).rows.length).toBeGreaterThan(0);
  });

  it('writes through a symlink to the file it points to', async () => {
    const f = await start();
    await f.hub.probeAll();
    const real = join(f.dataDir, 'real.csv');
    const link = join(f.dataDir, 'link.csv');
    writeFileSync(real, 'old');
    symlinkSync(real, link);

    await f.hub.exportLogs({}, 'csv', link);

    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^id,time,/);
  });
});

describe('hub lifecycle', () => {
  it('starts on the defaults when a stored policy is invalid', async () => {
    const f = await start();
    await f.hub.stop();
    f.settings.setPolicy('openai', { breaker: { minimumCalls: 50, windowSize: 5 } });

    const hub = await createHub({ dataDir: f.dataDir, settings: f.settings, secrets: new MemorySecretStore(f.simulators.credentials), notifier: { notify() {} } });
    try {
      const view = hub.listProviders().find((entry) => entry.provider === 'openai');
      expect(view?.policy.effective.breaker.windowSize).toBe(view?.policy.defaults.breaker.windowSize);
      expect(view?.policy.effective.breaker.minimumCalls).toBe(view?.policy.defaults.breaker.minimumCalls);
      expect(f.settings.getPolicy('openai')).toEqual({ breaker: { minimumCalls: 50, windowSize: 5 } });
    } finally {
      await hub.stop();
    }
  });

  it('rejects settings changes once stopped', async () => {
    const f = await start();
    await f.hub.stop();

    expect(() => f.hub.updatePolicy('openai', { retry: { retries: 1 } })).toThrow(/shutting down/);
    expect(f.settings.getPolicy('openai')).toBeNull();
  });
});

describe('hub breaker reset', () => {
  it('probes at once when the schedule runs', async () => {
    const f = await start({ hub: { probeTimeoutMs: 2_000 } });
    f.settings.setProvider('stripe', { ...f.settings.getProvider('stripe'), probeIntervalSec: 3_600 });
    f.hub.start();
    f.hub.forceBreaker('stripe', 'open');
    const before = f.simulators.get('stripe').requests.length;

    f.hub.forceBreaker('stripe', 'reset');

    // The first scheduled probe of stripe, the seventh provider, is 1.75 s after start.
    await expect.poll(() => f.simulators.get('stripe').requests.length, { timeout: 1_000 }).toBeGreaterThan(before);
  });

  it('sends nothing when the schedule does not run, as in the CLI', async () => {
    const f = await start();

    f.hub.forceBreaker('stripe', 'reset');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(f.simulators.get('stripe').requests).toHaveLength(0);
  });
});

describe('keys on the call path', () => {
  it('sends the key saved last, and none once it is removed', async () => {
    const f = await start({ withKeys: false });
    const listModels = { operation: 'list-models', method: 'GET', path: '/v1/models' } as const;

    await f.hub.setSecret('openai', 'apiKey', 'sk-wrong-0000000000000000000000');
    expect((await f.hub.call('openai', listModels)).errorClass).toBe('auth');

    await f.hub.setSecret('openai', 'apiKey', f.simulators.credentials.openai.apiKey as string);
    expect((await f.hub.call('openai', listModels)).ok).toBe(true);

    await f.hub.deleteSecret('openai', 'apiKey');
    expect((await f.hub.call('openai', listModels)).errorClass).toBe('unconfigured');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageAlert } from '../../src/shared/types.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';

let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function start(): Promise<HubFixture> {
  fixture = await startHubFixture();
  return fixture;
}

const chat = {
  operation: 'chat-completion',
  method: 'POST' as const,
  path: '/v1/chat/completions',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }] }),
};

const weather = { operation: 'current-weather', method: 'GET' as const, path: '/data/2.5/weather', query: { q: 'Zocca' } };

function usageOf(f: HubFixture, provider: string) {
  return f.hub.usage.summary().providers.find((row) => row.provider === provider);
}

describe('usage through the call path', () => {
  it('records the tokens and cost of an OpenAI chat completion', async () => {
    const f = await start();
    const outcome = await f.hub.call('openai', chat);
    const body = JSON.parse(outcome.response?.body ?? '{}') as { usage: { prompt_tokens: number; completion_tokens: number } };
    const usage = usageOf(f, 'openai');

    expect(outcome.ok).toBe(true);
    expect(usage?.calls).toBe(1);
    expect(usage?.inputUnits).toBe(body.usage.prompt_tokens);
    expect(usage?.outputUnits).toBe(10);
    expect(usage?.cost).toBeCloseTo((body.usage.prompt_tokens * 0.15 + 10 * 0.6) / 1_000_000, 12);
  });

  it('shows the rate-limit headroom the provider reported', async () => {
    const f = await start();
    await f.hub.call('openai', chat);
    const headroom = usageOf(f, 'openai')?.headroom;

    expect(headroom?.requests).toMatchObject({ remaining: 499, limit: 500 });
    expect(headroom?.tokens?.limit).toBe(200_000);
    expect(headroom?.tokens?.remaining).toBeLessThan(200_000);
  });

  it('counts the characters of ElevenLabs speech and reads the character quota', async () => {
    const f = await start();
    const speech = await f.hub.call('elevenlabs', {
      operation: 'text-to-speech',
      method: 'POST',
      path: '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Hello from the hub.', model_id: 'eleven_multilingual_v2' }),
    });
    await f.hub.testConnection('elevenlabs');
    const usage = usageOf(f, 'elevenlabs');

    expect(speech.ok).toBe(true);
    expect(usage?.units).toBe(19);
    expect(usage?.cost).toBeCloseTo((19 * 0.22) / 1000, 12);
    expect(usage?.headroom.allowance).toMatchObject({ used: 17_231 + 19, limit: 100_000, unit: 'characters' });
  });

  it('records no usage for a failed call', async () => {
    const f = await start();
    f.simulators.get('openweather').setFault({ fault: { kind: 'invalid_key' } });
    const outcome = await f.hub.call('openweather', weather);

    expect(outcome.ok).toBe(false);
    expect(usageOf(f, 'openweather')?.calls).toBe(0);
  });
});

describe('hard stop through the call path', () => {
  it('rejects the call over the daily quota without sending it', async () => {
    const f = await start();
    f.hub.usage.updateSettings({ budgets: { openweather: { dailyCalls: 2, hardStop: true } } });
    await f.hub.call('openweather', weather);
    await f.hub.call('openweather', weather);

    const rejected = await f.hub.call('openweather', weather);

    expect(rejected.ok).toBe(false);
    expect(rejected.outcome).toBe('rejected');
    expect(rejected.errorClass).toBe('quota');
    expect(rejected.message).toMatch(/^OpenWeather call rejected: its daily call quota of 2 calls is used up \(2 calls in \d{4}-\d{2}-\d{2}\)\. It resets at \d{4}-\d{2}-\d{2} 00:00 /);
    expect(f.simulators.get('openweather').requests).toHaveLength(2);
    const logged = f.hub.queryLogs({ provider: 'openweather', outcome: 'rejected' }).rows;
    expect(logged).toHaveLength(1);
    expect(logged[0]?.errorClass).toBe('quota');
  });

  it('alerts through the notifier and the event stream once per threshold', async () => {
    const f = await start();
    const events: UsageAlert[] = [];
    f.hub.on('usage.alert', (alert) => events.push(alert));
    f.hub.usage.updateSettings({ budgets: { openweather: { dailyCalls: 5 } } });
    for (let i = 0; i < 6; i += 1) await f.hub.call('openweather', weather);

    expect(events.map((alert) => alert.threshold)).toEqual([80, 100]);
    expect(f.notifications.map((notification) => notification.title)).toEqual(['OpenWeather: 80% of a limit used', 'OpenWeather: limit reached']);
  });

  it('keeps the probe working while the quota is used up', async () => {
    const f = await start();
    f.hub.usage.updateSettings({ budgets: { openweather: { dailyCalls: 1, hardStop: true } } });
    await f.hub.call('openweather', weather);

    const probe = await f.hub.testConnection('openweather');

    expect(probe.status).toBe('up');
  });
});

describe('usage export', () => {
  it('writes one CSV row per successful call', async () => {
    const f = await start();
    await f.hub.call('openweather', weather);
    await f.hub.call('openai', chat);
    const path = join(f.dataDir, 'usage.csv');

    const rows = await f.hub.usage.exportCsv(path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');

    expect(rows).toBe(2);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(',openai,chat-completion,gpt-4o-mini,tokens,');
  });

  it('refuses the data folder files and leaves the database intact', async () => {
    const f = await start();
    await f.hub.call('openweather', weather);

    await expect(f.hub.usage.exportCsv(join(f.dataDir, 'hub.sqlite'))).rejects.toThrow(/own data files/);
    await expect(f.hub.usage.exportCsv(join(f.dataDir, 'settings.json'))).rejects.toThrow(/own data files/);
    await expect(f.hub.usage.exportCsv(f.dataDir)).rejects.toThrow(/not a regular file/);
    expect(f.hub.queryLogs({}).rows.length).toBeGreaterThan(0);
  });
});

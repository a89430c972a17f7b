import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/main/core/ports.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import { UsageService } from '../../src/main/core/usage/service.ts';
import { applyUsagePatch, defaultUsageSettings } from '../../src/main/core/usage/settings.ts';
import { UsageStore } from '../../src/main/core/usage/usage-store.ts';
import type { UsageAlert, UsageSettings } from '../../src/shared/types.ts';
import { FakeClock } from '../support/fake-clock.ts';

const HOUR = 3_600_000;
// 01:00 on 2026-03-08 in New York, the day clocks spring forward; that local day ends 22 hours later.
const SPRING_DAY = Date.parse('2026-03-08T06:00:00Z');
const weather = { operation: 'current-weather', method: 'GET', path: '/data/2.5/weather' };
const okResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };

let dataDir: string;
let settings: UsageSettings;
let clock: FakeClock;
let notifications: Notification[];
let alerts: UsageAlert[];
let services: UsageService[];

function openService(): UsageService {
  HubStore.open(dataDir).close();
  const service = new UsageService({
    store: UsageStore.open(join(dataDir, 'hub.sqlite')),
    dataDir,
    clock,
    notifier: { notify: (notification) => notifications.push(notification) },
    logger: silentLogger,
    loadSettings: () => settings,
    saveSettings: (next) => {
      settings = next;
    },
    onRecorded: () => {},
    onAlert: (alert) => alerts.push(alert),
  });
  services.push(service);
  return service;
}

function recordCalls(service: UsageService, count: number): void {
  for (let i = 0; i < count; i += 1) service.record('openweather', `call-${clock.now()}-${i}`, weather, okResponse);
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-usage-'));
  settings = applyUsagePatch(defaultUsageSettings(), { timeZone: 'America/New_York', budgets: { openweather: { dailyCalls: 5 } } });
  clock = new FakeClock(SPRING_DAY);
  notifications = [];
  alerts = [];
  services = [];
});

afterEach(() => {
  for (const service of services) service.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('usage alerts', () => {
  it('alerts at 80% and at 100% once each', () => {
    const service = openService();
    recordCalls(service, 3);
    expect(alerts).toEqual([]);

    recordCalls(service, 1);
    expect(alerts.map((alert) => alert.threshold)).toEqual([80]);

    recordCalls(service, 1);
    expect(alerts.map((alert) => alert.threshold)).toEqual([80, 100]);

    recordCalls(service, 3);
    expect(alerts).toHaveLength(2);
    expect(notifications).toHaveLength(2);
    expect(notifications[1]?.title).toBe('OpenWeather: limit reached');
  });

  it('names the provider, the quota and the reset in the alert', () => {
    const service = openService();
    recordCalls(service, 4);

    expect(alerts[0]?.message).toBe(
      'OpenWeather has used 80% of its daily call quota: 4 calls of 5 calls in 2026-03-08. ' +
        'It resets at 2026-03-09 00:00 America/New_York.',
    );
  });

  it('does not repeat an alert after a restart in the same window', () => {
    recordCalls(openService(), 4);
    services.pop()?.close();

    recordCalls(openService(), 1);

    expect(alerts.map((alert) => alert.threshold)).toEqual([80, 100]);
    expect(openService().summary().alerts.map((alert) => alert.threshold)).toEqual([100, 80]);
  });

  it('alerts again in the next local day, 23 hours after a spring-forward midnight', async () => {
    const service = openService();
    recordCalls(service, 4);
    await clock.advance(21 * HOUR);
    recordCalls(service, 0);
    expect(service.summary().providers.find((row) => row.provider === 'openweather')?.today?.calls).toBe(4);

    // 2026-03-09 00:00 in New York is 22 hours after 01:00 on the spring-forward day.
    await clock.advance(1 * HOUR);
    recordCalls(service, 4);

    expect(alerts.map((alert) => alert.window)).toEqual(['2026-03-08', '2026-03-09']);
    expect(service.summary().alerts.map((alert) => alert.window)).toEqual(['2026-03-09']);
  });

  it('alerts when a lower limit is set on usage already recorded', () => {
    const service = openService();
    recordCalls(service, 2);
    service.updateSettings({ budgets: { openweather: { dailyCalls: 2 } } });

    expect(alerts.map((alert) => alert.threshold)).toEqual([80, 100]);
    expect(notifications).toHaveLength(1);
  });

  it('uses edited thresholds', () => {
    const service = openService();
    service.updateSettings({ thresholds: [50] });
    recordCalls(service, 3);

    expect(alerts.map((alert) => alert.threshold)).toEqual([50]);
  });
});

describe('hard stop', () => {
  it('rejects the call that would exceed the daily quota, naming the reset', () => {
    const service = openService();
    service.updateSettings({ budgets: { openweather: { hardStop: true } } });
    recordCalls(service, 4);

    expect(service.admit('openweather', weather)).toBeNull();
    recordCalls(service, 1);
    expect(service.admit('openweather', weather)).toBe(
      'OpenWeather call rejected: its daily call quota of 5 calls is used up (5 calls in 2026-03-08). ' +
        'It resets at 2026-03-09 00:00 America/New_York. Raise the limit or turn off the hard stop on the Usage page.',
    );
  });

  it('lets probes through', () => {
    const service = openService();
    service.updateSettings({ budgets: { openweather: { hardStop: true, dailyCalls: 1 } } });
    recordCalls(service, 1);

    expect(service.admit('openweather', { ...weather, operation: 'probe:current-weather' })).toBeNull();
  });
});

describe('usage rollups', () => {
  it('rebuilds day buckets when the time zone changes', () => {
    const service = openService();
    // 06:00 UTC on March 8 is 01:00 in New York and 20:00 in Kiritimati (UTC+14).
    recordCalls(service, 2);
    // Four hours later it is still March 8 in New York but March 9 in Kiritimati.
    clock.jump(4 * HOUR);
    recordCalls(service, 1);
    const newYork = service.series('day', 0, Number.MAX_SAFE_INTEGER);
    service.updateSettings({ timeZone: 'Pacific/Kiritimati' });
    const kiritimati = service.series('day', 0, Number.MAX_SAFE_INTEGER);

    const calls = (series: typeof newYork) => series.providers.find((row) => row.provider === 'openweather')?.calls;
    expect(calls(newYork)).toEqual([3]);
    expect(calls(kiritimati)).toEqual([2, 1]);
    expect(kiritimati.starts.map((start) => new Date(start).toISOString())).toEqual(['2026-03-07T10:00:00.000Z', '2026-03-08T10:00:00.000Z']);
  });

  it('exports the usage table as CSV', async () => {
    const service = openService();
    recordCalls(service, 2);
    const path = join(dataDir, 'usage.csv');
    const rows = await service.exportCsv(path, '2026-03');
    const lines = readFileSync(path, 'utf8').split('\r\n');

    expect(rows).toBe(2);
    expect(lines[0]).toBe('time,call_id,provider,operation,model,unit,units,input_units,output_units,measured,cost,currency');
    expect(lines[1]).toMatch(/^2026-03-08T06:00:00.000Z,call-\d+-0,openweather,current-weather,,requests,1,1,0,1,0,USD$/);
    expect(await service.exportCsv(path, '2026-04')).toBe(0);
  });
});

describe('provider allowance alerts', () => {
  const quota = (used: number, resetsAt: number | null = Date.parse('2026-03-20T00:00:00Z')) => ({ quota: { used, limit: 100_000, unit: 'characters', resetsAt } });

  it('alerts once per billing period when the reported allowance crosses 80%', () => {
    const service = openService();
    service.observe('elevenlabs', quota(50_000));
    service.observe('elevenlabs', quota(81_000));
    service.observe('elevenlabs', quota(85_000));

    expect(alerts.map((alert) => [alert.metric, alert.threshold])).toEqual([['provider-quota', 80]]);
    expect(alerts[0]?.message).toBe(
      'ElevenLabs has used 81% of its plan allowance: 81000 characters of 100000 characters in the billing period ending 2026-03-19. ' +
        'It resets at 2026-03-19 20:00 America/New_York.',
    );
  });

  it('alerts again in the next billing period', () => {
    const service = openService();
    service.observe('elevenlabs', quota(90_000));
    service.observe('elevenlabs', quota(90_000, Date.parse('2026-04-20T00:00:00Z')));

    expect(alerts.map((alert) => alert.window)).toEqual(['the billing period ending 2026-03-19', 'the billing period ending 2026-04-19']);
  });

  it('does not alert without a reset time', () => {
    openService().observe('elevenlabs', quota(99_000, null));

    expect(alerts).toEqual([]);
  });
});

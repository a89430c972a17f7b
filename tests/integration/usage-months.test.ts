import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import { UsageService } from '../../src/main/core/usage/service.ts';
import { applyUsagePatch, defaultUsageSettings } from '../../src/main/core/usage/settings.ts';
import { UsageStore } from '../../src/main/core/usage/usage-store.ts';
import type { ProviderUsage, UsageSettings, UsageSummary } from '../../src/shared/types.ts';
import { FakeClock } from '../support/fake-clock.ts';

// 10:00 on 2026-02-20 and on 2026-03-10 in New York.
const FEBRUARY = Date.parse('2026-02-20T15:00:00Z');
const MARCH = Date.parse('2026-03-10T14:00:00Z');
// The first instant of 2026-03 in New York, where February's window ends.
const MARCH_START = Date.parse('2026-03-01T05:00:00Z');
const weather = { operation: 'current-weather', method: 'GET', path: '/data/2.5/weather' };
const okResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };

let dataDir: string;
let settings: UsageSettings;
let clock: FakeClock;
let services: UsageService[];

function openService(): UsageService {
  HubStore.open(dataDir).close();
  const service = new UsageService({
    store: UsageStore.open(join(dataDir, 'hub.sqlite')),
    dataDir,
    clock,
    notifier: { notify: () => {} },
    logger: silentLogger,
    loadSettings: () => settings,
    saveSettings: (next) => {
      settings = next;
    },
    onRecorded: () => {},
    onAlert: () => {},
  });
  services.push(service);
  return service;
}

function recordCalls(service: UsageService, count: number): void {
  for (let i = 0; i < count; i += 1) service.record('openweather', `call-${clock.now()}-${i}`, weather, okResponse);
}

function weatherOf(summary: UsageSummary): ProviderUsage {
  const usage = summary.providers.find((row) => row.provider === 'openweather');
  if (!usage) throw new Error('The summary has no OpenWeather row.');

  return usage;
}

/** Records three calls in February and two in March, and leaves the clock in March. */
function recordTwoMonths(): UsageService {
  const service = openService();
  recordCalls(service, 3);
  clock.jump(MARCH - FEBRUARY);
  recordCalls(service, 2);
  return service;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-usage-months-'));
  settings = applyUsagePatch(defaultUsageSettings(), { timeZone: 'America/New_York', budgets: { openweather: { dailyCalls: 5, monthlyCalls: 2 } } });
  clock = new FakeClock(FEBRUARY);
  services = [];
});

afterEach(() => {
  for (const service of services) service.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('usage summary of a past month', () => {
  it('counts the calls of that month only', () => {
    const summary = recordTwoMonths().summary('2026-02');

    expect(summary.month).toBe('2026-02');
    expect(weatherOf(summary).calls).toBe(3);
    expect(summary.total.calls).toBe(3);
  });

  it('has no figures for today', () => {
    const summary = recordTwoMonths().summary('2026-02');

    expect(weatherOf(summary).today).toBeNull();
  });

  it('measures monthly limits against that month', () => {
    const meters = weatherOf(recordTwoMonths().summary('2026-02')).meters;

    expect(meters.map((meter) => meter.metric)).toEqual(['monthly-calls']);
    expect(meters[0]?.used).toBe(3);
    expect(meters[0]?.percent).toBe(150);
    expect(meters[0]?.resetsAt).toBe(MARCH_START);
  });

  it('names the current month apart from the one shown', () => {
    const summary = recordTwoMonths().summary('2026-02');

    expect(summary.currentMonth).toBe('2026-03');
  });
});

describe('usage summary of the current month', () => {
  it('keeps today and the meters of the current windows', () => {
    const usage = weatherOf(recordTwoMonths().summary());

    expect(usage.calls).toBe(2);
    expect(usage.today?.calls).toBe(2);
    expect(usage.meters.map((meter) => [meter.metric, meter.used])).toEqual([
      ['daily-calls', 2],
      ['monthly-calls', 2],
    ]);
  });

  it('treats the current month by name like the default', () => {
    const service = recordTwoMonths();

    expect(service.summary('2026-03')).toEqual(service.summary());
  });
});

describe('months with usage', () => {
  it('lists recorded months and the current one, newest first', () => {
    const service = recordTwoMonths();
    clock.jump(Date.parse('2026-05-10T14:00:00Z') - MARCH);

    expect(service.summary().months).toEqual(['2026-05', '2026-03', '2026-02']);
  });

  it('lists a month whose calls are not written yet', () => {
    const service = openService();
    recordCalls(service, 1);
    clock.jump(MARCH - FEBRUARY);

    expect(service.summary().months).toEqual(['2026-03', '2026-02']);
  });

  it('lists the written months after a restart', () => {
    recordTwoMonths();
    services.pop()?.close();

    expect(openService().summary('2025-12').months).toEqual(['2026-03', '2026-02']);
  });
});

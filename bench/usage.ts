/**
 * The usage report on six months of calls: the month summary from the
 * rollup tables against a baseline that aggregates the usage table itself,
 * plus the insert rate and the time to rebuild the rollups for a new time
 * zone. Prints one JSON line; the ratio compares the two in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../src/main/core/logger.ts';
import { HubStore } from '../src/main/core/store/store.ts';
import { UsageService } from '../src/main/core/usage/service.ts';
import { defaultUsageSettings } from '../src/main/core/usage/settings.ts';
import { monthWindow } from '../src/main/core/usage/time-zone.ts';
import { UsageStore } from '../src/main/core/usage/usage-store.ts';
import { PROVIDER_IDS, type UsageSettings } from '../src/shared/types.ts';

const ROWS = 200_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN_MS = 181 * 86_400_000;
const REPEATS = 200;
const TIME_ZONE = 'America/New_York';

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeEach(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function fill(store: UsageStore): number {
  const started = performance.now();
  for (let i = 0; i < ROWS; i += 1) {
    const provider = PROVIDER_IDS[i % PROVIDER_IDS.length] ?? 'openai';
    const time = START + Math.floor((i / ROWS) * SPAN_MS);
    store.insert(
      { callId: `call-${i}`, time, provider, operation: 'bench', model: null, unit: 'requests', units: 1, inputUnits: 1, outputUnits: 0, measured: true, cost: 0.001, currency: 'USD' },
      TIME_ZONE,
    );
  }
  return ROWS / ((performance.now() - started) / 1000);
}

export default function run(): void {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-usage-'));
  try {
    HubStore.open(dataDir).close();
    const path = join(dataDir, 'hub.sqlite');
    const store = UsageStore.open(path);
    const insertsPerSec = fill(store);

    let settings: UsageSettings = { ...defaultUsageSettings(), timeZone: TIME_ZONE };
    const clock = { now: () => START + SPAN_MS - 86_400_000, setTimeout: () => ({}), clearTimeout: () => {} };
    const service = new UsageService({
      store,
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
    const rollupMs = timeEach(() => service.summary());

    const baseline = new Database(path, { readonly: true });
    const month = monthWindow(clock.now(), TIME_ZONE);
    const scan = baseline.prepare('SELECT provider, count(*), sum(units), sum(cost) FROM usage WHERE time >= ? AND time < ? GROUP BY provider');
    const scanMs = timeEach(() => scan.all(month.start, month.end));
    baseline.close();

    const rebuildStarted = performance.now();
    service.updateSettings({ timeZone: 'Pacific/Chatham' });
    const rebuildMs = performance.now() - rebuildStarted;
    service.close();

    const figures = {
      bench: 'usage',
      rows: ROWS,
      months: 6,
      insertsPerSec: Math.round(insertsPerSec),
      summaryMs: Number(rollupMs.toFixed(3)),
      baselineScanMs: Number(scanMs.toFixed(3)),
      speedup: Number((scanMs / rollupMs).toFixed(1)),
      rebuildMs: Math.round(rebuildMs),
    };
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

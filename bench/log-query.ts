/**
 * On a store of 1,000,000 attempts: median time of the first page of
 * filtered searches, and of the dashboard's figures for all providers
 * (probe latency p50/p95 over the last hour, uptime over 24 hours, and the
 * attempts' counts and percentiles over 24 hours). Targets: the page under
 * 20 ms and the figures under 50 ms. The baseline is the attempts'
 * 24-hour percentiles computed exactly from the raw rows, whose cost grows
 * with the row count.
 */
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { HubStore } from '../src/main/core/store/store.ts';
import { nearestRankPercentile } from '../src/main/core/store/percentile.ts';
import { PROVIDER_IDS, type LogQuery } from '../src/shared/types.ts';
import { generateLog } from '../tests/support/log-generator.ts';
import { medianMs, round, tempDir } from './support.ts';

const ROWS = 1_000_000;
const DAY = 24 * 60 * 60 * 1000;

/** The dashboard's figures of every provider, as `listProviders` reads them. */
function dashboard(store: HubStore, now: number): unknown[] {
  return PROVIDER_IDS.map((provider) => ({
    latency: store.latencySummary(provider, now),
    uptime24h: store.uptime(provider, now),
    calls24h: store.windowFigures(provider, now),
  }));
}

/** The attempts' 24-hour percentiles computed exactly from the raw rows, which grows with the rows. */
function rawDashboard(db: Database.Database, now: number): unknown[] {
  const sql =
    "SELECT latency_ms FROM attempts WHERE provider = ? AND time > ? AND outcome IN ('success', 'failure')";
  return PROVIDER_IDS.map((provider) => {
    const latencies = db.prepare(sql).pluck().all(provider, now - DAY) as number[];
    const sorted = latencies.sort((x, y) => x - y);
    return { p50: nearestRankPercentile(sorted, 50), p95: nearestRankPercentile(sorted, 95) };
  });
}

export default function run(): void {
  const temp = tempDir('bench-query-');
  const now = Date.now();
  const started = performance.now();
  generateLog(temp.dir, { attempts: ROWS, now, probeEveryMs: 15_000 });
  const generateSeconds = (performance.now() - started) / 1000;
  console.log(`generated ${ROWS} attempts in ${generateSeconds.toFixed(1)} s`);

  const store = HubStore.open(temp.dir);
  const searches: Record<string, LogQuery> = {
    providerOutcome: { provider: 'mapbox', outcome: 'failure', limit: 100 },
    provider24h: { provider: 'stripe', since: now - DAY, limit: 100 },
    status: { httpStatus: 503, limit: 100 },
    text: { text: 'refused', limit: 100 },
    textProvider: { text: 'quota', provider: 'openai', limit: 100 },
  };
  const pages: Record<string, number> = {};
  for (const [name, query] of Object.entries(searches)) {
    pages[name] = round(medianMs(() => store.queryAttempts(query)));
  }
  const figuresMs = round(medianMs(() => dashboard(store, now)));
  const raw = new Database(join(temp.dir, 'hub.sqlite'), { readonly: true });
  const rawMs = round(medianMs(() => rawDashboard(raw, now), 5, 1));
  raw.close();
  store.close();
  temp.remove();

  const pageMs = Math.max(...Object.values(pages));
  console.log(`first page (ms): ${JSON.stringify(pages)}`);
  console.log(`dashboard figures: ${figuresMs} ms from rollups (exact from raw rows: ${rawMs} ms)`);
  console.log(
    JSON.stringify({
      bench: 'log-query',
      rows: ROWS,
      generateSeconds: round(generateSeconds),
      firstPageMedianMs: pages,
      worstFirstPageMs: pageMs,
      dashboardFiguresMedianMs: figuresMs,
      rawFiguresMedianMs: rawMs,
      figuresSpeedup: round(rawMs / figuresMs),
      targetPageMs: 20,
      targetFiguresMs: 50,
    }),
  );
}

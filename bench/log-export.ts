/**
 * Exports 1,000,000 attempts to CSV through the hub's export code and
 * reports rows/s and the peak RSS and heap at 100,000 and at 1,000,000 rows.
 * Target: peak memory that does not grow with the row count (ratio near 1).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

import { exportAttempts } from '../src/main/core/store/export.ts';
import { HubStore } from '../src/main/core/store/store.ts';
import { generateLog } from '../tests/support/log-generator.ts';
import { round, tempDir } from './support.ts';

const ROWS = 1_000_000;
const CHECKPOINT = 100_000;
const MB = 1024 * 1024;

interface Peak {
  rss: number;
  heap: number;
}

export default async function run(): Promise<void> {
  const temp = tempDir('bench-export-');
  generateLog(temp.dir, { attempts: ROWS, now: Date.now(), probeEveryMs: 0 });
  const store = HubStore.open(temp.dir);
  const peak: Peak = { rss: 0, heap: 0 };
  let atCheckpoint: Peak | null = null;
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heap = Math.max(peak.heap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 5);

  const path = join(temp.dir, 'export.csv');
  const started = performance.now();
  const rows = await exportAttempts(store, {}, 'csv', path, {
    onProgress(written) {
      sample();
      if (atCheckpoint === null && written >= CHECKPOINT) atCheckpoint = { ...peak };
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  const bytes = statSync(path).size;
  store.close();
  temp.remove();

  const first = atCheckpoint ?? peak;
  console.log(`exported ${rows} rows (${round(bytes / MB)} MB) in ${seconds.toFixed(1)} s`);
  console.log(`peak at ${CHECKPOINT}: rss ${round(first.rss / MB)} MB, heap ${round(first.heap / MB)} MB`);
  console.log(`peak at ${rows}: rss ${round(peak.rss / MB)} MB, heap ${round(peak.heap / MB)} MB`);
  console.log(
    JSON.stringify({
      bench: 'log-export',
      rows,
      rowsPerSec: Math.round(rows / seconds),
      fileMb: round(bytes / MB),
      peakRssMbAt100k: round(first.rss / MB),
      peakHeapMbAt100k: round(first.heap / MB),
      peakRssMbAt1m: round(peak.rss / MB),
      peakHeapMbAt1m: round(peak.heap / MB),
      rssGrowthRatio: round(peak.rss / first.rss),
    }),
  );
}

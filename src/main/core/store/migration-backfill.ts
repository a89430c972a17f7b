/**
 * Fills the rollups from the rows already stored, when a file from before
 * the rollups is upgraded. Runs inside the migration's transaction.
 */
import type { Database, Statement } from 'better-sqlite3';

import type { AttemptOutcome, HealthStatus, ProviderId } from '../../../shared/types.ts';
import { applyRollups, attemptDeltas, probeDelta } from './rollups.ts';
import type { RollupDelta } from './rollups.ts';

/** Rows aggregated in memory before their rollups are written. */
const BACKFILL_CHUNK = 50_000;

interface AttemptSample {
  provider: ProviderId;
  time: number;
  outcome: AttemptOutcome;
  latencyMs: number;
}

interface ProbeSample {
  provider: ProviderId;
  time: number;
  status: HealthStatus;
  latencyMs: number | null;
}

/** Builds the rollup rows of every stored attempt and probe. */
export function backfillRollups(db: Database): void {
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const page = db.prepare(
    'SELECT id, provider, time, outcome, latency_ms AS latencyMs FROM attempts ' +
      'WHERE id > ? ORDER BY id LIMIT ?',
  );
  for (let afterId = 0; ; ) {
    const rows = page.all(afterId, BACKFILL_CHUNK) as (AttemptSample & { id: number })[];
    if (rows.length === 0) break;

    applyRollups(prepare, attemptDeltas(rows));
    afterId = rows.at(-1)?.id ?? afterId;
  }

  const probes = db
    .prepare('SELECT provider, time, status, latency_ms AS latencyMs FROM probes')
    .iterate() as Iterable<ProbeSample>;
  const deltas: RollupDelta[] = [];
  for (const probe of probes) {
    deltas.push(probeDelta({ ...probe, httpStatus: null, error: null, errorClass: null }));
  }
  applyRollups(prepare, deltas);
}

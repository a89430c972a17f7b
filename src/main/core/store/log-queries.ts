/**
 * Read queries of the call log, the breaker transitions and the resilience
 * events, run through the store's statement cache.
 */
import type {
  AttemptRecord,
  BreakerTransition,
  CallDetail,
  LogFilter,
  LogPage,
  LogQuery,
  ProviderId,
  ResilienceEventPage,
  ResilienceEventQuery,
} from '../../../shared/types.ts';
import type { Prepare } from './rollups.ts';
import {
  attemptFilterCondition,
  ftsQuery,
  toAttemptRecord,
  toBreakerTransition,
  toResilienceEvent,
} from './rows.ts';
import type { AttemptRow, BreakerTransitionRow, ResilienceEventRow } from './rows.ts';

/** Rows per call log page when the query sets no limit. */
export const DEFAULT_LOG_PAGE_LIMIT = 100;

/** Largest call log page; larger limits are lowered to this. */
export const MAX_LOG_PAGE_LIMIT = 1000;

/** Returns one page of resilience events for `HubStore.queryResilienceEvents`. */
export function queryResilienceEvents(prepare: Prepare, query: ResilienceEventQuery): ResilienceEventPage {
  const limit = clampLimit(query.limit, DEFAULT_LOG_PAGE_LIMIT);
  const conditions = ['1 = 1'];
  const params: Record<string, string | number> = { limit: limit + 1 };
  for (const key of ['provider', 'type'] as const) {
    if (query[key] === undefined) continue;

    conditions.push(`${key} = @${key}`);
    params[key] = query[key];
  }
  if (query.beforeId !== undefined) {
    conditions.push('id < @beforeId');
    params.beforeId = query.beforeId;
  }
  const sql = `SELECT * FROM resilience_events WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT @limit`;
  const rows = (prepare(sql).all(params) as ResilienceEventRow[]).map(toResilienceEvent);
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Returns one page of the call log for `HubStore.queryAttempts`. */
export function queryAttempts(prepare: Prepare, query: LogQuery): LogPage {
  const limit = clampLimit(query.limit, DEFAULT_LOG_PAGE_LIMIT);
  const condition = attemptFilterCondition(query);
  const params: Record<string, number | string> = { ...condition.params, limit: limit + 1 };
  const text = query.text === undefined ? null : ftsQuery(query.text);
  let sql = `SELECT * FROM attempts WHERE ${condition.sql}`;
  if (text !== null) {
    // The full-text index drives the walk, newest match first, and stops at the page end.
    sql =
      'SELECT attempts.* FROM attempts_fts CROSS JOIN attempts ON attempts.id = attempts_fts.rowid ' +
      `WHERE attempts_fts MATCH @text AND ${condition.sql}`;
    params.text = text;
  }
  if (query.beforeId !== undefined) {
    sql += text === null ? ' AND id < @beforeId' : ' AND attempts_fts.rowid < @beforeId';
    params.beforeId = query.beforeId;
  }
  sql += text === null ? ' ORDER BY id DESC LIMIT @limit' : ' ORDER BY attempts_fts.rowid DESC LIMIT @limit';

  // One extra row shows whether another page exists, without a COUNT.
  const rows = prepare(sql).all(params) as AttemptRow[];
  const page = rows.slice(0, limit).map(toAttemptRecord);
  const more = rows.length > limit;
  return { rows: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

/** Returns the largest attempt id, or 0 when the call log is empty. */
export function maxAttemptId(prepare: Prepare): number {
  const sql = 'SELECT coalesce(max(id), 0) FROM attempts';
  return prepare(sql).pluck().get() as number;
}

/** Iterates matching attempts oldest first for `HubStore.iterateAttemptsAscending`. */
export function* iterateAttemptsAscending(
  prepare: Prepare,
  filter: LogFilter,
  afterId: number,
  throughId: number,
  limit: number,
): Generator<AttemptRecord, void, undefined> {
  const { sql, params } = rangeQuery(filter, afterId, throughId);
  const ordered = `${sql} ORDER BY attempts.id LIMIT @limit`;
  for (const row of prepare(ordered).iterate({ ...params, limit })) {
    yield toAttemptRecord(row as AttemptRow);
  }
}

/** Counts the matching attempts with `afterId < id <= throughId`. */
export function countAttempts(prepare: Prepare, filter: LogFilter, afterId: number, throughId: number): number {
  const { sql, params } = rangeQuery(filter, afterId, throughId);
  const counted = sql.replace(/^SELECT attempts\.\*/, 'SELECT count(*)');
  return prepare(counted).pluck().get(params) as number;
}

/** Returns the attempts and breaker transitions of one call for `HubStore.callDetail`. */
export function callDetail(prepare: Prepare, callId: string): CallDetail {
  const sql = 'SELECT * FROM attempts WHERE call_id = ? ORDER BY time, id LIMIT 1000';
  const attempts = (prepare(sql).all(callId) as AttemptRow[]).map(toAttemptRecord);
  const first = attempts[0];
  const last = attempts.at(-1);
  if (!first || !last) return { callId, attempts, breakerEvents: [] };

  const eventSql =
    'SELECT * FROM breaker_transitions WHERE provider = ? AND time >= ? AND time <= ? ' +
    'ORDER BY id LIMIT 1000';
  const window = [first.provider, first.time, last.time + last.latencyMs + 60_000] as const;
  const events = prepare(eventSql).all(...window) as BreakerTransitionRow[];
  return { callId, attempts, breakerEvents: events.map(toBreakerTransition) };
}

/** Returns breaker transitions newest first for `HubStore.breakerTransitions`. */
export function breakerTransitions(prepare: Prepare, provider?: ProviderId, limit: number = 100): BreakerTransition[] {
  const where = provider === undefined ? '' : 'WHERE provider = @provider ';
  const sql = `SELECT * FROM breaker_transitions ${where}ORDER BY id DESC LIMIT @limit`;
  const params: Record<string, string | number> = { limit: clampLimit(limit, 100) };
  if (provider !== undefined) params.provider = provider;

  const rows = prepare(sql).all(params) as BreakerTransitionRow[];
  return rows.map(toBreakerTransition);
}

/** Builds one query for the filter, text and id range of a scan, without ORDER BY or LIMIT. */
function rangeQuery(
  filter: LogFilter,
  afterId: number,
  throughId: number,
): { sql: string; params: Record<string, string | number> } {
  const condition = attemptFilterCondition(filter);
  const params = { ...condition.params, afterId, throughId };
  const range = 'attempts.id > @afterId AND attempts.id <= @throughId';
  const text = filter.text === undefined ? null : ftsQuery(filter.text);
  if (text === null) {
    return { sql: `SELECT attempts.* FROM attempts WHERE ${condition.sql} AND ${range}`, params };
  }

  const sql =
    'SELECT attempts.* FROM attempts_fts CROSS JOIN attempts ON attempts.id = attempts_fts.rowid ' +
    `WHERE attempts_fts MATCH @text AND ${condition.sql} AND ${range}`;
  return { sql, params: { ...params, text } };
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;

  return Math.min(MAX_LOG_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

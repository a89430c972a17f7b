/**
 * Mapping between the store's tables and the domain records, and the SQL
 * for call log filters. Column names are snake_case and record fields camelCase.
 */
import type {
  AttemptRecord,
  BreakerTransition,
  HealthStatus,
  LogFilter,
  ProbeResult,
  ProviderId,
  ResilienceEventRecord,
} from '../../../shared/types.ts';

/** One row of `attempts` as better-sqlite3 returns it. */
export interface AttemptRow {
  id: number;
  time: number;
  call_id: string;
  provider: string;
  operation: string;
  method: string;
  url: string;
  http_status: number | null;
  latency_ms: number;
  attempt: number;
  outcome: string;
  error_class: string | null;
  error_message: string | null;
  breaker_state: string;
  /** JSON object of redacted request headers, or null. */
  request_headers?: string | null;
}

/** One row of `probes`. */
export interface ProbeRow {
  id: number;
  time: number;
  provider: string;
  status: string;
  http_status: number | null;
  latency_ms: number | null;
  error: string | null;
  error_class: string | null;
}

/** One row of `breaker_transitions`. */
export interface BreakerTransitionRow {
  id: number;
  time: number;
  provider: string;
  from_state: string;
  to_state: string;
  reason: string;
}

/** One row of `resilience_events`. */
export interface ResilienceEventRow {
  id: number;
  time: number;
  provider: ProviderId;
  type: ResilienceEventRecord['type'];
  attempt: number | null;
  delay_ms: number | null;
  duration_ms: number | null;
  detail: string | null;
}

/** Named parameters bound to a filtered query. */
export type SqlParams = Record<string, string | number>;

/** A SQL condition with its named parameters; `sql` is `1 = 1` when nothing filters. */
export interface SqlCondition {
  sql: string;
  params: SqlParams;
}

/**
 * Builds the `WHERE` condition of a call log filter: `since` is inclusive and
 * `until` exclusive, both epoch milliseconds on the `time` column.
 */
export function attemptFilterCondition(filter: LogFilter): SqlCondition {
  const clauses: string[] = [];
  const params: SqlParams = {};
  if (filter.provider !== undefined) {
    clauses.push('provider = @provider');
    params.provider = filter.provider;
  }
  if (filter.outcome !== undefined) {
    clauses.push('outcome = @outcome');
    params.outcome = filter.outcome;
  }
  if (filter.since !== undefined) {
    clauses.push('time >= @since');
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    clauses.push('time < @until');
    params.until = filter.until;
  }
  if (filter.httpStatus !== undefined) {
    clauses.push('http_status = @httpStatus');
    params.httpStatus = filter.httpStatus;
  }
  if (filter.operation !== undefined) {
    clauses.push('operation = @operation');
    params.operation = filter.operation;
  }
  return { sql: clauses.length === 0 ? '1 = 1' : clauses.join(' AND '), params };
}

/** Maps a row to a record; `requestHeaders` is present only when headers were stored. */
export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  const record: AttemptRecord = {
    id: row.id,
    time: row.time,
    callId: row.call_id,
    provider: row.provider as AttemptRecord['provider'],
    operation: row.operation,
    method: row.method,
    url: row.url,
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    attempt: row.attempt,
    outcome: row.outcome as AttemptRecord['outcome'],
    errorClass: row.error_class as AttemptRecord['errorClass'],
    errorMessage: row.error_message,
    breakerState: row.breaker_state as AttemptRecord['breakerState'],
  };
  const headers = parseHeaders(row.request_headers);
  if (headers !== null) record.requestHeaders = headers;

  return record;
}

/**
 * Turns free text into an FTS5 query: each word becomes a quoted prefix
 * term, so `conn refu` finds `connection refused` and no FTS5 syntax is run.
 * Returns null when the text holds no word.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;

  return words.map((word) => `"${word}"*`).join(' ');
}

function parseHeaders(text: string | null | undefined): Record<string, string> | null {
  if (!text) return null;

  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return null;
  }
}

/**
 * Returns the status a probe row stores. A rejected key is stored as `down`
 * with error class `auth`, as before `auth_failed` existed, so the rows, the
 * rollups and the uptime count it as a failed probe. `paused` is stored as
 * it is, so the uptime and the rollups count it neither as up nor as down.
 */
export function storedProbeStatus(status: HealthStatus): HealthStatus {
  return status === 'auth_failed' ? 'down' : status;
}

/** Maps a probe row to its result. A `down` row of error class `auth` reads as `auth_failed`. */
export function toProbeResult(row: ProbeRow): ProbeResult {
  const rejectedKey = row.status === 'down' && row.error_class === 'auth';
  return {
    time: row.time,
    provider: row.provider as ProbeResult['provider'],
    status: rejectedKey ? 'auth_failed' : (row.status as ProbeResult['status']),
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    error: row.error,
    errorClass: row.error_class as ProbeResult['errorClass'],
  };
}

export function toBreakerTransition(row: BreakerTransitionRow): BreakerTransition {
  return {
    time: row.time,
    provider: row.provider as BreakerTransition['provider'],
    from: row.from_state as BreakerTransition['from'],
    to: row.to_state as BreakerTransition['to'],
    reason: row.reason,
  };
}

export function toResilienceEvent(row: ResilienceEventRow): ResilienceEventRecord {
  return {
    id: row.id,
    time: row.time,
    provider: row.provider,
    type: row.type,
    attempt: row.attempt,
    delayMs: row.delay_ms,
    durationMs: row.duration_ms,
    detail: row.detail,
  };
}

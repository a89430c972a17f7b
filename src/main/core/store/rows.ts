/**
 * Mapping between the store's tables and the domain records, and the SQL
 * for call log filters. Column names are snake_case and record fields camelCase.
 */
import type {
  AttemptRecord,
  BreakerTransition,
  LogFilter,
  ProbeResult,
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
  return { sql: clauses.length === 0 ? '1 = 1' : clauses.join(' AND '), params };
}

export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
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
}

export function toProbeResult(row: ProbeRow): ProbeResult {
  return {
    time: row.time,
    provider: row.provider as ProbeResult['provider'],
    status: row.status as ProbeResult['status'],
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

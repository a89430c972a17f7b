/** The rules that turn a probe's outcome into a provider's health status. */
import type { BreakerState, HealthStatus } from '../../shared/types.ts';
import { RATE_LIMIT_REASON, type CallOutcome } from './calls.ts';

/** A successful probe slower than this counts as degraded, in milliseconds. */
export const DEGRADED_LATENCY_MS = 2_000;

/**
 * Up: the probe succeeded at the first attempt and in time. Degraded: it
 * succeeded only after retries, slowly, or with a half-open breaker, or the
 * provider rate-limited it (also while a 429 keeps the breaker open).
 * Auth failed: the provider rejected the key (error class `auth`, such as a
 * 401, a 403 or a token error inside a 200). Down: it failed otherwise
 * (network, timeout, server error, exhausted quota, or an open breaker).
 */
export function statusFromOutcome(outcome: CallOutcome, breaker: BreakerState, breakerReason: string | null = null): HealthStatus {
  if (outcome.ok) {
    const slow = (outcome.latencyMs ?? 0) > DEGRADED_LATENCY_MS;
    return slow || outcome.attempts > 1 || breaker === 'half-open' ? 'degraded' : 'up';
  }
  if (outcome.errorClass === 'unconfigured') return 'unconfigured';
  if (outcome.errorClass === 'auth') return 'auth_failed';
  if (outcome.errorClass === 'rate_limit') return 'degraded';
  // A breaker held open by a 429 means the provider is rate limiting, not failing.
  if (outcome.errorClass === 'breaker_open' && breakerReason?.startsWith(RATE_LIMIT_REASON)) return 'degraded';

  return 'down';
}

export { worstOf } from '../../shared/status.ts';

/** The rules that turn a probe's outcome into a provider's health status. */
import type { BreakerState, HealthStatus } from '../../shared/types.ts';
import { RATE_LIMIT_REASON, type CallOutcome } from './calls.ts';
import type { BreakerSnapshot } from './resilience/breaker.ts';

/** A successful probe slower than this counts as degraded, in milliseconds. */
export const DEGRADED_LATENCY_MS = 2_000;

/**
 * Up: the probe succeeded at the first attempt and in time. Degraded: it
 * succeeded only after retries, slowly, or with a half-open breaker, or the
 * provider rate-limited it (also while a 429 keeps the breaker open).
 * Auth failed: the provider rejected the key (error class `auth`, such as a
 * 401, a 403 or a token error inside a 200). Paused: an open breaker without
 * a `retryAt`, which means the user held it open, rejected the probe. Down:
 * it failed otherwise (network, timeout, server error, exhausted quota, or a
 * breaker that failures opened). `snapshot` is the breaker after the probe.
 */
export function statusFromOutcome(
  outcome: CallOutcome,
  breaker: BreakerState,
  snapshot: Pick<BreakerSnapshot, 'reason' | 'retryAt'> | null = null,
): HealthStatus {
  if (outcome.ok) {
    const slow = (outcome.latencyMs ?? 0) > DEGRADED_LATENCY_MS;
    return slow || outcome.attempts > 1 || breaker === 'half-open' ? 'degraded' : 'up';
  }
  if (outcome.errorClass === 'unconfigured') return 'unconfigured';
  if (outcome.errorClass === 'auth') return 'auth_failed';
  if (outcome.errorClass === 'rate_limit') return 'degraded';
  if (outcome.errorClass === 'breaker_open') {
    // Only a breaker held open by hand has no retry time, so the user, not the provider, stopped the probe.
    if (breaker === 'open' && snapshot?.retryAt === null) return 'paused';
    // A breaker held open by a 429 means the provider is rate limiting, not failing.
    if (snapshot?.reason?.startsWith(RATE_LIMIT_REASON)) return 'degraded';
  }

  return 'down';
}

export { worstOf } from '../../shared/status.ts';

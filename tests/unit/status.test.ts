import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src/main/core/calls.ts';
import { DEGRADED_LATENCY_MS, statusFromOutcome, worstOf } from '../../src/main/core/status.ts';

function outcome(fields: Partial<CallOutcome>): CallOutcome {
  return {
    callId: 'c',
    ok: true,
    outcome: 'success',
    httpStatus: 200,
    errorClass: null,
    message: null,
    latencyMs: 50,
    attempts: 1,
    interpretation: null,
    response: null,
    ...fields,
  };
}

describe('statusFromOutcome', () => {
  it('is up for a quick first-attempt success', () => {
    expect(statusFromOutcome(outcome({}), 'closed')).toBe('up');
  });

  it('is degraded when slow, retried or half-open', () => {
    expect(statusFromOutcome(outcome({ latencyMs: DEGRADED_LATENCY_MS + 1 }), 'closed')).toBe('degraded');
    expect(statusFromOutcome(outcome({ attempts: 2 }), 'closed')).toBe('degraded');
    expect(statusFromOutcome(outcome({}), 'half-open')).toBe('degraded');
  });

  it('is degraded when rate limited and down for other failures', () => {
    const failed = (errorClass: CallOutcome['errorClass']) => outcome({ ok: false, outcome: 'failure', errorClass });

    expect(statusFromOutcome(failed('rate_limit'), 'closed')).toBe('degraded');
    for (const errorClass of ['server', 'timeout', 'network', 'auth', 'quota', 'body_error', 'breaker_open'] as const) {
      expect(statusFromOutcome(failed(errorClass), 'closed'), errorClass).toBe('down');
    }
    expect(statusFromOutcome(failed('unconfigured'), 'closed')).toBe('unconfigured');
  });
});

describe('worstOf', () => {
  it('orders down over degraded over unknown over up', () => {
    expect(worstOf(['up', 'degraded', 'down'])).toBe('down');
    expect(worstOf(['up', 'unknown', 'degraded'])).toBe('degraded');
    expect(worstOf(['up', 'unknown'])).toBe('unknown');
    expect(worstOf(['up', 'disabled', 'unconfigured'])).toBe('up');
  });

  it('is unconfigured when nothing is set up', () => {
    expect(worstOf([])).toBe('unconfigured');
    expect(worstOf(['disabled', 'unconfigured'])).toBe('unconfigured');
  });
});

describe('statusFromOutcome with a breaker held open', () => {
  const rejected = outcome({ ok: false, outcome: 'rejected', errorClass: 'breaker_open' });

  it('is degraded while a 429 holds the breaker open', () => {
    expect(statusFromOutcome(rejected, 'open', 'HTTP 429: rate limited until 2026-01-01T00:00:00.000Z')).toBe('degraded');
  });

  it('is down while failures hold it open', () => {
    expect(statusFromOutcome(rejected, 'open', '5 consecutive failures')).toBe('down');
    expect(statusFromOutcome(rejected, 'open', null)).toBe('down');
  });
});

import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src/main/core/calls.ts';
import { DEGRADED_LATENCY_MS, statusFromOutcome, worstOf } from '../../src/main/core/status.ts';
import { STATUS_LABELS, STATUS_SEVERITY } from '../../src/shared/status.ts';

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
    for (const errorClass of ['server', 'timeout', 'network', 'quota', 'body_error', 'breaker_open', 'client'] as const) {
      expect(statusFromOutcome(failed(errorClass), 'closed'), errorClass).toBe('down');
    }
    expect(statusFromOutcome(failed('unconfigured'), 'closed')).toBe('unconfigured');
  });
});

describe('statusFromOutcome with a rejected key', () => {
  const rejectedKey = (fields: Partial<CallOutcome> = {}) =>
    outcome({ ok: false, outcome: 'failure', errorClass: 'auth', httpStatus: 401, message: 'HTTP 401: Incorrect API key provided', ...fields });

  it('is auth_failed for a 401 or 403', () => {
    expect(statusFromOutcome(rejectedKey(), 'closed')).toBe('auth_failed');
    expect(statusFromOutcome(rejectedKey({ httpStatus: 403 }), 'closed')).toBe('auth_failed');
  });

  it('is auth_failed for a token error inside a 200', () => {
    expect(statusFromOutcome(rejectedKey({ httpStatus: 200, message: 'HTTP 200: The Mapbox access token has been revoked.' }), 'closed')).toBe('auth_failed');
  });

  it('is auth_failed for a rejected token request', () => {
    // The Amadeus token request fails before the probe is sent, so the outcome has no HTTP status.
    expect(statusFromOutcome(rejectedKey({ httpStatus: null, attempts: 1 }), 'closed')).toBe('auth_failed');
  });

  it('is auth_failed after retries or half-open', () => {
    expect(statusFromOutcome(rejectedKey({ attempts: 2 }), 'closed')).toBe('auth_failed');
    expect(statusFromOutcome(rejectedKey(), 'half-open')).toBe('auth_failed');
  });
});

describe('worstOf', () => {
  it('orders down over degraded over unknown over up', () => {
    expect(worstOf(['up', 'degraded', 'down'])).toBe('down');
    expect(worstOf(['up', 'unknown', 'degraded'])).toBe('degraded');
    expect(worstOf(['up', 'unknown'])).toBe('unknown');
    expect(worstOf(['up', 'disabled', 'unconfigured'])).toBe('up');
  });

  it('ranks a rejected key below down and above degraded', () => {
    expect(worstOf(['auth_failed', 'down'])).toBe('down');
    expect(worstOf(['down', 'auth_failed'])).toBe('down');
    expect(worstOf(['degraded', 'auth_failed', 'up'])).toBe('auth_failed');
    expect(worstOf(['unknown', 'auth_failed', 'unconfigured'])).toBe('auth_failed');
  });

  it('ranks a paused provider below degraded and above up', () => {
    expect(worstOf(['up', 'paused'])).toBe('paused');
    expect(worstOf(['paused', 'up', 'unconfigured'])).toBe('paused');
    expect(worstOf(['paused', 'degraded'])).toBe('degraded');
    expect(worstOf(['down', 'paused'])).toBe('down');
    expect(worstOf(['paused', 'auth_failed'])).toBe('auth_failed');
  });

  it('is unconfigured when nothing is set up', () => {
    expect(worstOf([])).toBe('unconfigured');
    expect(worstOf(['disabled', 'unconfigured'])).toBe('unconfigured');
  });
});

describe('statusFromOutcome with a breaker held open', () => {
  const rejected = outcome({ ok: false, outcome: 'rejected', errorClass: 'breaker_open' });
  const retryAt = Date.parse('2026-01-01T00:00:30.000Z');

  it('is degraded while a 429 holds the breaker open', () => {
    const snapshot = { reason: 'HTTP 429: rate limited until 2026-01-01T00:00:00.000Z', retryAt };

    expect(statusFromOutcome(rejected, 'open', snapshot)).toBe('degraded');
  });

  it('is down while failures hold it open', () => {
    expect(statusFromOutcome(rejected, 'open', { reason: '5 consecutive failures', retryAt })).toBe('down');
    expect(statusFromOutcome(rejected, 'open', { reason: 'trial call failed', retryAt })).toBe('down');
    expect(statusFromOutcome(rejected, 'open', null)).toBe('down');
  });

  it('is paused while the user holds it open', () => {
    expect(statusFromOutcome(rejected, 'open', { reason: 'opened by the user', retryAt: null })).toBe('paused');
    expect(statusFromOutcome(rejected, 'open', { reason: 'opened by hand', retryAt: null })).toBe('paused');
  });

  it('is paused when the user holds open a rate-limited breaker', () => {
    // Forcing open a breaker that a 429 opened drops its retry time.
    const snapshot = { reason: 'HTTP 429: rate limited until 2026-01-01T00:00:00.000Z', retryAt: null };

    expect(statusFromOutcome(rejected, 'open', snapshot)).toBe('paused');
  });

  it('is not paused once the breaker has closed', () => {
    // A closed breaker has no retry time either, so the state decides.
    expect(statusFromOutcome(rejected, 'closed', { reason: 'closed by the user', retryAt: null })).toBe('down');
  });

  it('is not paused for a failure that the breaker did not reject', () => {
    const failed = outcome({ ok: false, outcome: 'failure', errorClass: 'server', httpStatus: 500 });

    expect(statusFromOutcome(failed, 'open', { reason: 'opened by the user', retryAt: null })).toBe('down');
  });
});

describe('STATUS_SEVERITY', () => {
  it('orders every status from worst to least', () => {
    const ordered = Object.entries(STATUS_SEVERITY)
      .sort(([, a], [, b]) => b - a)
      .map(([status]) => status);

    expect(ordered).toEqual(['down', 'auth_failed', 'degraded', 'unknown', 'paused', 'up', 'unconfigured', 'disabled']);
  });
});

describe('STATUS_LABELS', () => {
  it('labels a rejected key and a pause', () => {
    expect(STATUS_LABELS.auth_failed).toBe('key rejected');
    expect(STATUS_LABELS.paused).toBe('paused');
    expect(STATUS_LABELS.down).toBe('down');
    expect(STATUS_LABELS.up).toBe('up');
  });
});

import { describe, expect, it } from 'vitest';
import { breakerNotification } from '../../src/main/core/breaker-notification.ts';
import { BreakerOpenError } from '../../src/main/core/resilience/errors.ts';

const base = { provider: 'stripe', time: Date.UTC(2026, 0, 31, 12), retryAt: null } as const;

describe('breaker notifications', () => {
  it('names the provider and the reason when it opens', () => {
    const notification = breakerNotification({ ...base, type: 'open', from: 'closed', to: 'open', reason: 'opened by hand' });

    expect(notification?.title).toBe('Stripe: circuit breaker opened');
    expect(notification?.body).toBe('Calls are paused until it is closed by hand. Reason: opened by hand.');
  });

  it('gives the reason in brackets when it closes', () => {
    const notification = breakerNotification({ ...base, type: 'close', from: 'half-open', to: 'closed', reason: 'trial call succeeded' });

    expect(notification?.title).toBe('Stripe: circuit breaker closed');
    expect(notification?.body).toBe('Calls flow again (trial call succeeded).');
  });

  it('stays quiet for half-open and for a closed breaker', () => {
    expect(breakerNotification({ ...base, type: 'half-open', from: 'open', to: 'half-open', reason: 'wait over' })).toBeNull();
    expect(breakerNotification({ ...base, type: 'close', from: 'closed', to: 'closed', reason: 'reset' })).toBeNull();
  });
});

describe('breaker open errors', () => {
  it('name the command that closes a breaker held open', () => {
    const error = new BreakerOpenError('stripe', 'open', null);

    expect(error.message).toContain('Circuit breaker for Stripe is held open');
    expect(error.message).toContain('`hub breaker close stripe`');
  });
});

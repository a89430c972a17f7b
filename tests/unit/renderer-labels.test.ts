import { describe, expect, it } from 'vitest';
import { localizeTimes } from '../../src/renderer/src/lib/format.ts';
import { errorClassLabel, eventTypeLabel } from '../../src/renderer/src/lib/labels.ts';
import type { ErrorClass, ResilienceEventType } from '../../src/shared/types.ts';

const ERROR_CLASSES: ErrorClass[] = [
  'auth',
  'rate_limit',
  'quota',
  'client',
  'server',
  'timeout',
  'network',
  'body_error',
  'breaker_open',
  'unconfigured',
  'cancelled',
];

const EVENT_TYPES: ResilienceEventType[] = ['retry', 'break', 'half-open', 'reset', 'give-up', 'throttle'];

describe('errorClassLabel', () => {
  it('reads rate limits and open breakers as words', () => {
    expect(errorClassLabel('rate_limit')).toBe('Rate limited');
    expect(errorClassLabel('breaker_open')).toBe('Breaker open');
  });

  it.each(ERROR_CLASSES)('labels %s with capitalized words', (errorClass) => {
    const label = errorClassLabel(errorClass);

    expect(label).toMatch(/^[A-Z][a-z]*( [a-z]+)*$/);
  });
});

describe('eventTypeLabel', () => {
  it.each(EVENT_TYPES)('labels %s with capitalized words', (type) => {
    expect(eventTypeLabel(type)).toMatch(/^[A-Z][a-z]*( [a-z-]+)*$/);
  });

  it('reads a give-up and a breaker opening as words', () => {
    expect(eventTypeLabel('give-up')).toBe('Gave up');
    expect(eventTypeLabel('break')).toBe('Breaker opened');
  });
});

describe('localizeTimes', () => {
  const now = new Date(2026, 0, 31, 9, 0, 0).getTime();
  const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  it('shows a time of today as a local time of day', () => {
    const until = new Date(2026, 0, 31, 14, 3, 27).getTime();
    const text = `HTTP 429: rate limited until ${new Date(until).toISOString()}`;

    expect(localizeTimes(text, now)).toBe(`HTTP 429: rate limited until ${clock.format(until)}`);
  });

  it('adds the date to a time of another day', () => {
    const until = new Date(2026, 1, 1, 8, 0, 0).getTime();
    const text = `Circuit breaker for OpenAI is open until ${new Date(until).toISOString()}; calls are rejected until then.`;

    expect(localizeTimes(text, now)).toBe(`Circuit breaker for OpenAI is open until ${dateTime.format(until)}; calls are rejected until then.`);
  });

  it('keeps a message without times as it is', () => {
    expect(localizeTimes('5 consecutive failures', now)).toBe('5 consecutive failures');
  });
});

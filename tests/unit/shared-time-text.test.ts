import { describe, expect, it } from 'vitest';
import { BreakerOpenError, RateLimitedError } from '../../src/main/core/resilience/errors.ts';
import { replaceTimesInText, timeInText } from '../../src/shared/time-text.ts';

const TIME = Date.UTC(2026, 0, 31, 12, 30, 15, 250);

/** Formats a time so a test can see which instant was found. */
const asEpoch = (time: number): string => `<${time}>`;

describe('timeInText', () => {
  it('writes ISO 8601 in UTC', () => {
    expect(timeInText(TIME)).toBe('2026-01-31T12:30:15.250Z');
  });

  it('writes an invalid time as its number', () => {
    expect(timeInText(Number.NaN)).toBe('NaN');
    expect(timeInText(8.64e15 + 1)).toBe('8640000000000001');
  });
});

describe('replaceTimesInText', () => {
  it('finds a time that timeInText wrote', () => {
    const text = `HTTP 429: rate limited until ${timeInText(TIME)}`;

    expect(replaceTimesInText(text, asEpoch)).toBe(`HTTP 429: rate limited until <${TIME}>`);
  });

  it('finds every time and keeps the text around them', () => {
    const later = TIME + 60_000;
    const text = `from ${timeInText(TIME)} to ${timeInText(later)}; calls wait.`;

    expect(replaceTimesInText(text, asEpoch)).toBe(`from <${TIME}> to <${later}>; calls wait.`);
  });

  it('finds a time without milliseconds', () => {
    expect(replaceTimesInText('until 2026-01-31T12:30:15Z.', asEpoch)).toBe(`until <${Date.UTC(2026, 0, 31, 12, 30, 15)}>.`);
  });

  it('leaves dates, local times and plain text alone', () => {
    for (const text of ['month 2026-01-31', 'at 2026-01-31T12:30:15+01:00', 'at 2026-01-31T12:30:15', 'Service unavailable', '']) {
      expect(replaceTimesInText(text, asEpoch), text).toBe(text);
    }
  });

  it('finds the times in resilience error messages', () => {
    const rateLimited = new RateLimitedError(TIME, 'openai', 'Retry-After 3600 s');
    const breakerOpen = new BreakerOpenError('openai', 'open', TIME);

    expect(replaceTimesInText(rateLimited.message, asEpoch)).toBe(`rate limited until <${TIME}> (Retry-After 3600 s)`);
    expect(replaceTimesInText(breakerOpen.message, asEpoch)).toContain(`open until <${TIME}>;`);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/main/core/clock.ts';
import { parseHttpDate } from '../../src/main/core/resilience/http-date.ts';
import {
  parseGoDuration,
  parseRateLimitHeaders,
  parseRetryAfter,
  readHeader,
} from '../../src/main/core/resilience/retry-after.ts';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('parseGoDuration', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['12ms', 12],
    ['51.189s', 51_189],
    ['1h2m3.5s', 3_723_500],
    ['0', 0],
    ['0s', 0],
    ['1.5h', 5_400_000],
    ['500us', 0.5],
    ['250µs', 0.25],
    ['2000000ns', 2],
    ['.5s', 500],
    ['-1s', -1000],
    [' 7s ', 7000],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseGoDuration(text)).toBeCloseTo(expected, 6);
  });

  it.each(['', 's', '1', '1x', '1 s', '1s2', 'NaN', 'Infinity', '1d', '--1s', 'abc', '1e3s'])(
    'rejects %j',
    (text) => {
      expect(parseGoDuration(text)).toBeNull();
    },
  );

  it('rejects durations beyond the Go range', () => {
    expect(parseGoDuration('9999999999999h')).toBeNull();
    expect(parseGoDuration('1'.repeat(400) + 's')).toBeNull();
  });
});

describe('parseHttpDate', () => {
  const expected = Date.UTC(1994, 10, 6, 8, 49, 37);

  it('reads the three HTTP date forms', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
  });

  it.each(['1', 'soon 5', 'Sun, 31 Feb 2030 00:00:00 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT', ''])(
    'rejects %j',
    (text) => {
      expect(parseHttpDate(text)).toBeNull();
    },
  );
});

describe('parseRetryAfter', () => {
  it('reads retry-after-ms in milliseconds', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '1500' }, NOW)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after-ms': '12.2' }, NOW)).toBe(13);
  });

  it('prefers retry-after-ms over Retry-After', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '200', 'retry-after': '9' }, NOW)).toBe(200);
  });

  it('reads Retry-After delta-seconds', () => {
    expect(parseRetryAfter({ 'Retry-After': '3' }, NOW)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, NOW)).toBe(1500);
  });

  it('reads a Retry-After HTTP date relative to now', () => {
    const headers = { 'retry-after': new Date(NOW + 42_000).toUTCString() };

    expect(parseRetryAfter(headers, NOW)).toBe(42_000);
  });

  it('reads a past Retry-After date as no wait', () => {
    const headers = { 'retry-after': new Date(NOW - 60_000).toUTCString() };

    expect(parseRetryAfter(headers, NOW)).toBe(0);
  });

  it('reads a fetch Headers object', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '2' }), NOW)).toBe(2000);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter({ 'retry-after': ['4', '9'] }, NOW)).toBe(4000);
  });

  it.each([
    ['negative', '-5'],
    ['NaN', 'NaN'],
    ['garbage', 'soon'],
    ['empty', ''],
    ['exponent', '1e3'],
    ['hex', '0x10'],
    ['infinity', 'Infinity'],
  ])('ignores a %s Retry-After', (_label, value) => {
    expect(parseRetryAfter({ 'retry-after': value }, NOW)).toBeNull();
    expect(parseRetryAfter({ 'retry-after-ms': value }, NOW)).toBeNull();
  });

  it('falls through garbage to the next header', () => {
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '2' }, NOW)).toBe(2000);
  });

  it('clamps huge values to the timer range', () => {
    expect(parseRetryAfter({ 'retry-after': '9'.repeat(30) }, NOW)).toBe(MAX_TIMER_MS);
    expect(parseRetryAfter({ 'retry-after-ms': '9'.repeat(400) }, NOW)).toBe(MAX_TIMER_MS);
    const farFuture = { 'retry-after': 'Fri, 01 Jan 2200 00:00:00 GMT' };
    expect(parseRetryAfter(farFuture, NOW)).toBe(MAX_TIMER_MS);
  });

  it('ignores an HTTP date when now is not a number', () => {
    const headers = { 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' };

    expect(parseRetryAfter(headers, Number.NaN)).toBeNull();
  });

  it('reads OpenAI reset headers as Go durations', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset-requests': '1s' }, NOW)).toBe(1000);
    expect(parseRetryAfter({ 'x-ratelimit-reset-tokens': '6m0s' }, NOW)).toBe(360_000);
  });

  it('uses the later reset when both limits are reported', () => {
    const headers = { 'x-ratelimit-reset-requests': '12ms', 'x-ratelimit-reset-tokens': '51.189s' };

    expect(parseRetryAfter(headers, NOW)).toBe(51_189);
  });

  it('uses the reset of the limit that ran out', () => {
    const headers = {
      'x-ratelimit-reset-requests': '20s',
      'x-ratelimit-reset-tokens': '2s',
      'x-ratelimit-remaining-requests': '10',
      'x-ratelimit-remaining-tokens': '0',
    };

    expect(parseRetryAfter(headers, NOW)).toBe(2000);
  });

  it('ignores negative and garbage reset durations', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset-requests': '-3s' }, NOW)).toBeNull();
    expect(parseRetryAfter({ 'x-ratelimit-reset-requests': 'later' }, NOW)).toBeNull();
  });

  it('returns null without any wait header', () => {
    expect(parseRetryAfter({}, NOW)).toBeNull();
  });

  it('never returns NaN or a negative wait', () => {
    const values = ['', ' ', '-1', 'NaN', '1e400', '١٢', '0.', '.5', '5..', 'Thu, 99 Xyz', '   7  '];
    for (const value of values) {
      for (const name of ['retry-after', 'retry-after-ms', 'x-ratelimit-reset-requests']) {
        const result = parseRetryAfter({ [name]: value }, NOW);
        if (result === null) continue;

        expect(Number.isNaN(result)).toBe(false);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeLessThanOrEqual(MAX_TIMER_MS);
      }
    }
  });
});

describe('readHeader', () => {
  it('matches names without regard to case', () => {
    expect(readHeader({ 'X-RateLimit-Remaining-Requests': '3' }, 'x-ratelimit-remaining-requests')).toBe('3');
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads the OpenAI request quota', () => {
    const headers = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' };

    expect(parseRateLimitHeaders(headers)).toEqual({ remaining: 0, resetMs: 1500 });
  });

  it('reads the IETF draft fields', () => {
    expect(parseRateLimitHeaders({ 'ratelimit-remaining': '7', 'ratelimit-reset': '30' })).toEqual({
      remaining: 7,
      resetMs: 30_000,
    });
  });

  it('returns nulls for missing or garbage fields', () => {
    expect(parseRateLimitHeaders({ 'ratelimit-remaining': '-1' })).toEqual({
      remaining: null,
      resetMs: null,
    });
  });
});

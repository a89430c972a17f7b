/**
 * Parsers for the waits and quotas that providers send in response headers.
 * The wait parsers return whole milliseconds in 0..MAX_TIMER_MS or null.
 * Garbage, negative and NaN values are ignored and huge ones are clamped, so
 * no NaN reaches a timer.
 */
import { MAX_TIMER_MS } from '../clock.ts';
import { parseHttpDate } from './http-date.ts';

/** Response headers as a fetch `Headers` object or a plain record (undici's `request`). */
export type HeaderSource =
  | { get(name: string): string | null }
  | Record<string, string | string[] | number | null | undefined>;

const DECIMAL = /^\d+(\.\d+)?$/;
const GO_DURATION = /^([+-])?((?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
// Longer text is garbage; the bound also keeps the pattern match cheap.
const MAX_DURATION_LENGTH = 64;
// Go's time.Duration is an int64 of nanoseconds, about 292 years.
const GO_MAX_MS = 9_223_372_036_854;

/** Returns the first value of header `name`, matched without regard to case, or null. */
export function readHeader(headers: HeaderSource, name: string): string | null {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name);
  }

  const wanted = name.toLowerCase();
  const record = headers as Record<string, string | string[] | number | null | undefined>;
  // Keys instead of entries: this runs for several headers of every response.
  for (const key of Object.keys(record)) {
    if (key !== wanted && key.toLowerCase() !== wanted) continue;

    const value = record[key];
    if (value === null || value === undefined) continue;

    return Array.isArray(value) ? (value[0] ?? null) : String(value);
  }

  return null;
}

/**
 * Parses a Go duration such as `1s`, `6m0s`, `12ms`, `51.189s` or `1h2m3.5s`
 * into milliseconds, which may be fractional or negative. A bare `0` is zero.
 * Returns null for anything else, including values beyond Go's range.
 */
export function parseGoDuration(text: string): number | null {
  const value = text.trim();
  if (value === '0' || value === '+0' || value === '-0') return 0;
  if (value.length > MAX_DURATION_LENGTH || !GO_DURATION.test(value)) return null;

  let total = 0;
  for (const [, amount, unit] of value.matchAll(GO_TERM)) {
    total += Number(amount) * (GO_UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(total) || total > GO_MAX_MS) return null;

  return value.startsWith('-') ? -total : total;
}

/**
 * Returns the wait the provider requests before the next call, in
 * milliseconds, or null when no header contains a usable value. The first usable header wins:
 *
 * 1. `retry-after-ms`: milliseconds (OpenAI).
 * 2. `Retry-After`: delta-seconds, or an HTTP date compared with `now` (epoch
 *    ms); a date in the past means 0.
 * 3. `x-ratelimit-reset-requests` and `x-ratelimit-reset-tokens`: Go
 *    durations (OpenAI). When `x-ratelimit-remaining-*` shows which limit ran
 *    out, that limit's reset is used; otherwise the later of the two.
 */
export function parseRetryAfter(headers: HeaderSource, now: number): number | null {
  return (
    parseRetryAfterMs(readHeader(headers, 'retry-after-ms')) ??
    parseRetryAfterValue(readHeader(headers, 'retry-after'), now) ??
    parseRateLimitReset(headers)
  );
}

/** Parses a `retry-after-ms` value: non-negative decimal milliseconds. */
export function parseRetryAfterMs(value: string | null): number | null {
  if (value === null || !DECIMAL.test(value.trim())) return null;

  return clampWait(Number(value.trim()));
}

/** Parses a `Retry-After` value: delta-seconds or an HTTP date relative to `now`. */
export function parseRetryAfterValue(value: string | null, now: number): number | null {
  if (value === null) return null;

  const text = value.trim();
  // RFC 9110 allows whole seconds only; fractions are accepted as some servers send them.
  if (DECIMAL.test(text)) return clampWait(Number(text) * 1000);

  const date = parseHttpDate(text);
  if (date === null || !Number.isFinite(now)) return null;

  return clampWait(Math.max(0, date - now));
}

function parseRateLimitReset(headers: HeaderSource): number | null {
  const requests = parseResetHeader(readHeader(headers, 'x-ratelimit-reset-requests'));
  const tokens = parseResetHeader(readHeader(headers, 'x-ratelimit-reset-tokens'));
  const requestsOut = readHeader(headers, 'x-ratelimit-remaining-requests')?.trim() === '0';
  const tokensOut = readHeader(headers, 'x-ratelimit-remaining-tokens')?.trim() === '0';

  if (requestsOut && !tokensOut && requests !== null) return requests;
  if (tokensOut && !requestsOut && tokens !== null) return tokens;
  if (requests === null) return tokens;
  if (tokens === null) return requests;

  return Math.max(requests, tokens);
}

function parseResetHeader(value: string | null): number | null {
  if (value === null) return null;

  const ms = parseGoDuration(value);
  if (ms === null || ms < 0) return null;

  return clampWait(ms);
}

/**
 * Reads the request quota left in the provider's current window and the time
 * until it resets: OpenAI's `x-ratelimit-remaining-requests` with
 * `x-ratelimit-reset-requests`, or the IETF draft's `ratelimit-remaining`
 * with `ratelimit-reset` (delta-seconds). Fields the headers lack are null.
 */
export function parseRateLimitHeaders(headers: HeaderSource): {
  remaining: number | null;
  resetMs: number | null;
} {
  const openaiRemaining = readHeader(headers, 'x-ratelimit-remaining-requests');
  if (openaiRemaining !== null) {
    return {
      remaining: parseCount(openaiRemaining),
      resetMs: parseResetHeader(readHeader(headers, 'x-ratelimit-reset-requests')),
    };
  }

  return {
    remaining: parseCount(readHeader(headers, 'ratelimit-remaining')),
    resetMs: parseRetryAfterValue(readHeader(headers, 'ratelimit-reset'), 0),
  };
}

function parseCount(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;

  const count = Number(value.trim());

  return Number.isSafeInteger(count) ? count : null;
}

function clampWait(ms: number): number | null {
  if (Number.isNaN(ms) || ms < 0) return null;

  return Math.min(Math.ceil(ms), MAX_TIMER_MS);
}

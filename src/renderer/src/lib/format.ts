/**
 * Formatting of times, durations and ratios in the user's locale. Times are
 * epoch milliseconds, as everywhere in the hub.
 */
import { replaceTimesInText } from '../../../shared/time-text.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Placeholder for a value that does not exist yet, such as a latency before the first probe. */
export const NONE = '—';

/** Formats a time of day, such as "14:03:27", with the date added when it is not today. */
export function formatTime(time: number, now: number = Date.now()): string {
  const sameDay = new Date(time).toDateString() === new Date(now).toDateString();

  return sameDay ? clockFormat.format(time) : dateTimeFormat.format(time);
}

/**
 * Rewrites the ISO 8601 times inside a message or reason from the hub, such
 * as "rate limited until 2026-01-31T12:00:00.000Z", in the local format of
 * `formatTime`.
 */
export function localizeTimes(text: string, now: number = Date.now()): string {
  return replaceTimesInText(text, (time) => formatTime(time, now));
}

/** Formats a full date and time, for tooltips. */
export function formatDateTime(time: number): string {
  return dateTimeFormat.format(time);
}

/** Formats the distance from `now` in the largest fitting unit, such as "12s ago" or "in 3 min". */
export function formatRelative(time: number, now: number): string {
  const delta = time - now;
  const size = Math.abs(delta);
  if (size >= DAY) return relativeFormat.format(Math.round(delta / DAY), 'day');
  if (size >= HOUR) return relativeFormat.format(Math.round(delta / HOUR), 'hour');
  if (size >= MINUTE) return relativeFormat.format(Math.round(delta / MINUTE), 'minute');
  // The shared clock ticks once a second, so anything closer reads as "now".
  if (size < 1.5 * SECOND) return relativeFormat.format(0, 'second');

  return relativeFormat.format(Math.round(delta / SECOND), 'second');
}

/** Formats a latency in milliseconds, such as "182 ms". */
export function formatLatency(ms: number | null): string {
  return ms === null ? NONE : `${numberFormat.format(ms)} ms`;
}

/** Formats a ratio from 0 to 1 as a percentage with one decimal, such as "99.2%". */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? NONE : percentFormat.format(ratio);
}

/** Formats a count with the locale's grouping, such as "1,204". */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}

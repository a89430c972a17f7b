/**
 * Calendar windows in an IANA time zone, computed with `Intl` only. A local
 * day runs from the first instant of its date to the first instant of the
 * next date, so a daylight-saving day lasts 23 or 25 hours and no bound is
 * ever found by adding 24 hours.
 */
import { invalidArgument } from '../errors.ts';

/** A local calendar date: month 1 to 12, day 1 to 31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Local wall-clock fields of an instant. */
export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** A half-open window `[start, end)` in epoch milliseconds with its local label. */
export interface TimeWindow {
  start: number;
  end: number;
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month. */
  label: string;
}

const MINUTE_MS = 60_000;
/** UTC offsets range from -12:00 to +14:00, so a local midnight lies within 15 h of UTC midnight. */
const SEARCH_SPAN_MIN = 15 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

let machineZone: string | null = null;

/**
 * Returns the machine's IANA time zone, such as `Europe/Berlin`; `UTC` when
 * none is set. It is read once per process, because reading it builds a
 * formatter and every recorded call reads it.
 */
export function machineTimeZone(): string {
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return machineZone;
}

/**
 * Returns the canonical spelling of an IANA time zone name, or throws
 * `invalid_argument` naming the value when `Intl` does not know it.
 */
export function validateTimeZone(name: string): string {
  const trimmed = name.trim();
  try {
    if (trimmed === '') throw new RangeError('empty');

    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    throw invalidArgument(
      `Unknown time zone "${name}": use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
    );
  }
}

/** Returns the local wall-clock fields of `time` in `timeZone`. */
export function localTime(time: number, timeZone: string): LocalTime {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(time)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year as number,
    month: fields.month as number,
    day: fields.day as number,
    hour: fields.hour as number,
    minute: fields.minute as number,
    second: fields.second as number,
  };
}

function dateKey(date: LocalDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}

/** Adds whole calendar days (or months) with JavaScript's date normalisation, on a UTC calendar. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: 1 };
}

/**
 * Returns the first instant of a local date in `timeZone`. It is local
 * midnight, or the end of the daylight-saving gap where midnight does not
 * exist. Binary search over whole minutes keeps it exact for any offset,
 * including Chatham's +12:45.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const key = dateKey(date);
  const utcMidnightMin = Date.UTC(date.year, date.month - 1, date.day) / MINUTE_MS;
  let low = utcMidnightMin - SEARCH_SPAN_MIN;
  let high = utcMidnightMin + SEARCH_SPAN_MIN;

  // Invariant: the local date at `low` is before `date`, and at `high` it is `date` or later.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (dateKey(localTime(middle * MINUTE_MS, timeZone)) >= key) high = middle;
    else low = middle;
  }
  return high * MINUTE_MS;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats a local date as `YYYY-MM-DD`. */
export function dateLabel(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Formats a local month as `YYYY-MM`. */
export function monthLabel(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}`;
}

/**
 * The last day and month window computed per zone. Finding a window's bounds
 * takes a dozen formatter calls, and nearly every call requests the window
 * it already got, so a hit costs two comparisons.
 */
const recentWindows = new Map<string, TimeWindow>();

function cachedWindow(kind: 'day' | 'month', time: number, timeZone: string, compute: () => TimeWindow): TimeWindow {
  const key = `${kind}|${timeZone}`;
  const cached = recentWindows.get(key);
  if (cached && time >= cached.start && time < cached.end) return cached;

  const window = Object.freeze(compute());
  recentWindows.set(key, window);
  return window;
}

/** Returns the local day that contains `time`. */
export function dayWindow(time: number, timeZone: string): TimeWindow {
  return cachedWindow('day', time, timeZone, () => {
    const date = localTime(time, timeZone);
    return {
      start: startOfLocalDay(date, timeZone),
      end: startOfLocalDay(addDays(date, 1), timeZone),
      label: dateLabel(date),
    };
  });
}

/** Returns the local calendar month that contains `time`. */
export function monthWindow(time: number, timeZone: string): TimeWindow {
  return cachedWindow('month', time, timeZone, () => {
    const local = localTime(time, timeZone);
    return monthWindowOfDate({ year: local.year, month: local.month, day: 1 }, timeZone);
  });
}

function monthWindowOfDate(first: LocalDate, timeZone: string): TimeWindow {
  return {
    start: startOfLocalDay(first, timeZone),
    end: startOfLocalDay(addMonths(first, 1), timeZone),
    label: monthLabel(first),
  };
}

/**
 * Parses a `YYYY-MM` month and returns its window in `timeZone`. Throws
 * `invalid_argument` for any other text or a month outside 01 to 12.
 */
export function parseMonth(label: string, timeZone: string): TimeWindow {
  const match = /^(\d{4})-(\d{2})$/.exec(label.trim());
  const month = match ? Number(match[2]) : 0;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999, and no usage predates 1970.
  if (!match || month < 1 || month > 12 || Number(match[1]) < 1970) {
    throw invalidArgument(`Invalid month "${label}": use YYYY-MM from 1970 on, such as 2026-03.`);
  }

  return monthWindowOfDate({ year: Number(match[1]), month, day: 1 }, timeZone);
}

/**
 * Returns the start of the local hour that contains `time`. In a zone with a
 * 30- or 45-minute offset that start is not a whole UTC hour. In the hour
 * repeated by a fall-back change, each of the two local hours has its own start.
 */
export function startOfLocalHour(time: number, timeZone: string): number {
  const local = localTime(time, timeZone);
  const intoHour = (local.minute * 60 + local.second) * 1000 + (((time % 1000) + 1000) % 1000);
  return time - intoHour;
}

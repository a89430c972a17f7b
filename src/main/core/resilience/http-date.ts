/**
 * Parser for HTTP dates (RFC 9110 section 5.6.7). It accepts the three forms
 * a recipient must accept, all in UTC, and nothing else: `Date.parse` alone
 * would read strings such as "1" or "soon 5" as dates.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
// Sun Nov  6 08:49:37 1994
const ASCTIME_DATE = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/** Returns the epoch milliseconds of an HTTP date, or null when `text` is not one. */
export function parseHttpDate(text: string): number | null {
  const value = text.trim();

  let match = IMF_FIXDATE.exec(value);
  if (match) return toEpoch(match[3], match[2], match[1], match[4], match[5], match[6]);

  match = RFC850_DATE.exec(value);
  if (match) return toEpoch(expandYear(match[3]), match[2], match[1], match[4], match[5], match[6]);

  match = ASCTIME_DATE.exec(value);
  if (match) return toEpoch(match[6], match[1], match[2], match[3], match[4], match[5]);

  return null;
}

// NOTE: years 00-69 read as 20xx and 70-99 as 19xx. RFC 9110 compares with
// the current year instead; the two-digit form is obsolete and rare.
function expandYear(twoDigits: string | undefined): string {
  const year = Number(twoDigits);

  return String(year < 70 ? 2000 + year : 1900 + year);
}

function toEpoch(...parts: Array<string | undefined>): number | null {
  const [year, monthName, day, hour, minute, second] = parts;
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase());
  const fields = [year, day, hour, minute, second].map((part) => Number(part?.trim()));
  const [y, d, h, m, s] = fields as [number, number, number, number, number];
  if (month < 0 || d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return null;

  // A leap second (60) counts as the last second of its minute.
  const date = new Date(Date.UTC(y, month, d, h, m, Math.min(s, 59)));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== d) return null;

  return date.getTime();
}

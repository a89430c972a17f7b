/**
 * Times written inside messages and reasons, such as "rate limited until
 * 2026-01-31T12:00:00.000Z". The core writes them as ISO 8601 UTC, so the
 * database, exports and the CLI keep one unambiguous form. The renderer finds
 * them with `replaceTimesInText` and shows them in the user's local time.
 */

/** An ISO 8601 UTC time as `Date.prototype.toISOString` writes it, milliseconds optional. */
const ISO_UTC_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z/g;

/** Formats epoch milliseconds for a message, or returns the number as text when it is not a valid time. */
export function timeInText(epochMs: number): string {
  const date = new Date(epochMs);

  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

/**
 * Replaces every time that `timeInText` wrote into `text` with `format(epochMs)`,
 * and leaves the rest of the text as it is.
 */
export function replaceTimesInText(text: string, format: (epochMs: number) => string): string {
  return text.replace(ISO_UTC_TIME, (match) => {
    const time = Date.parse(match);

    return Number.isNaN(time) ? match : format(time);
  });
}

/**
 * CSV encoding per RFC 4180, hardened for spreadsheets: text that a
 * spreadsheet would evaluate as a formula is neutralised.
 */

/** Line end required by RFC 4180. */
export const CSV_LINE_END = '\r\n';

/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal number such as `-12` or `3.5e2`, which spreadsheets read as a number. */
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Characters that force a field into quotes. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Encodes one field. Null is an empty field and numbers are written plain.
 * Text starting with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'` so
 * a spreadsheet shows it as text, unless the text is a plain number (a
 * negative number is not a formula). Text containing a comma, quote, CR or LF
 * is quoted, with quotes doubled.
 */
export function encodeCsvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);

  const text = FORMULA_START.test(value) && !NUMERIC_TEXT.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Encodes one record, including its CRLF line end. */
export function encodeCsvRow(values: readonly (string | number | null)[]): string {
  return values.map(encodeCsvField).join(',') + CSV_LINE_END;
}

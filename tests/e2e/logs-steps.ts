/**
 * Steps in the Logs view shared by the logs suites: reading the rows the
 * virtualized table has in the DOM, setting filters and waiting for the
 * table to show a given row first.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { providerName } from '../../src/shared/provider-names.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';
import { UI_TIMEOUT_MS } from './scenario.ts';

/** One table row as the DOM shows it. */
export interface ShownRow {
  /** `aria-rowindex`: 2 for the newest loaded row, because the header is row 1. */
  rowIndex: number;
  /** The `datetime` of the row's time cell, an ISO string. */
  time: string;
  /** The provider's display name, such as "OpenAI". */
  provider: string;
  operation: string;
  httpStatus: string;
  attempt: string;
  outcome: string;
  error: string;
}

/** Opens the Logs view on its Attempts tab and waits for the first row. */
export async function openLogs(page: Page): Promise<void> {
  await page.getByTestId('nav-logs').click();
  await page.getByTestId('logs-tab-attempts').click();
  await page.getByTestId('log-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Reads every row element the table holds, in DOM order, with cells looked up by column header. */
export async function shownRows(page: Page): Promise<ShownRow[]> {
  const headers = await page.getByRole('columnheader').allTextContents();
  const cellTexts = await page.getByTestId('log-row').evaluateAll((rows) =>
    rows.map((row) => ({
      rowIndex: Number(row.getAttribute('aria-rowindex')),
      time: row.querySelector('time')?.getAttribute('datetime') ?? '',
      cells: [...row.querySelectorAll('[role="cell"]')].map((cell) => (cell.textContent ?? '').trim()),
    })),
  );
  const column = (cells: string[], name: string): string => cells[headers.indexOf(name)] ?? '';

  return cellTexts.map(({ rowIndex, time, cells }) => ({
    rowIndex,
    time,
    provider: column(cells, 'Provider'),
    operation: column(cells, 'Operation'),
    httpStatus: column(cells, 'HTTP'),
    attempt: column(cells, 'Try'),
    outcome: column(cells, 'Outcome'),
    error: column(cells, 'Error'),
  }));
}

/** Returns the ISO time the table shows for `record`. */
export function isoTime(record: AttemptRecord): string {
  return new Date(record.time).toISOString();
}

/** Waits until the first row of the table is `record`, by time, provider name and operation. */
export async function expectFirstRow(page: Page, record: AttemptRecord): Promise<void> {
  await expect
    .poll(async () => {
      const first = (await shownRows(page))[0];
      return first && { time: first.time, provider: first.provider, operation: first.operation };
    }, { timeout: UI_TIMEOUT_MS })
    .toEqual({ time: isoTime(record), provider: providerName(record.provider), operation: record.operation });
}

/** Reads the number of loaded rows from the footer ("1,500 attempts loaded"). */
export async function loadedCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('logs-count').textContent({ timeout: UI_TIMEOUT_MS })) ?? '';
  const match = /^([\d.,\s\u202f]+) attempts? loaded/.exec(text.trim());
  if (!match) throw new Error(`The logs footer reads "${text}", which holds no count of loaded attempts.`);

  return Number((match[1] ?? '').replace(/\D/g, ''));
}

/** Waits until the footer counts `expected` loaded rows and no page is loading. */
export async function expectLoaded(page: Page, expected: number): Promise<void> {
  await expect
    .poll(async () => {
      const text = (await page.getByTestId('logs-count').textContent()) ?? '';
      return text.includes('loading') ? -1 : loadedCount(page);
    }, { timeout: UI_TIMEOUT_MS })
    .toBe(expected);
}

/** Types `value` into a text filter and commits it with Enter. */
export async function setTextFilter(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}

/** Types `value` into a text filter key by key, without Enter, so only the debounce applies it. */
export async function typeTextFilter(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).pressSequentially(value);
}

/**
 * Starts counting the bridge requests named `name` that the page sends from
 * now on, and returns a function that reads the count.
 */
export async function countRequests(page: Page, name: string): Promise<() => Promise<number>> {
  await page.evaluate((counted) => {
    const target = window as unknown as {
      __hubInvoke: (name: string, payload: unknown) => Promise<unknown>;
      __hubRequestCount?: number;
    };
    const invoke = target.__hubInvoke;
    target.__hubRequestCount = 0;
    target.__hubInvoke = (requestName, payload) => {
      if (requestName === counted) target.__hubRequestCount = (target.__hubRequestCount ?? 0) + 1;
      return invoke(requestName, payload);
    };
  }, name);

  return () => page.evaluate(() => (window as unknown as { __hubRequestCount?: number }).__hubRequestCount ?? 0);
}

/** Returns the widths of the table's column headers in pixels, by header text. */
export async function columnWidths(page: Page): Promise<Record<string, number>> {
  return page.getByRole('columnheader').evaluateAll((cells) =>
    Object.fromEntries(cells.map((cell) => [cell.textContent ?? '', Math.round(cell.getBoundingClientRect().width)])),
  );
}

/** Picks `value` in a select filter ('' for any). */
export async function setSelectFilter(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).selectOption(value);
}

/**
 * Formats a time as the page shows times in its locale and time zone: the
 * time of day for today, with the date added for any other day.
 */
export async function localTimeText(page: Page, time: number): Promise<string> {
  return page.evaluate((epochMs) => {
    const today = new Date(epochMs).toDateString() === new Date().toDateString();
    const options: Intl.DateTimeFormatOptions = today ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'medium' };
    return new Intl.DateTimeFormat(undefined, options).format(epochMs);
  }, time);
}

/** Scrolls the table to its end, which requests the next older page. */
export async function scrollToEnd(page: Page): Promise<void> {
  await page.getByTestId('logs-scroll').evaluate((scroller) => {
    scroller.scrollTop = scroller.scrollHeight;
  });
}

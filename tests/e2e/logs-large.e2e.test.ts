/**
 * The Logs view over a call log of about 200,000 attempts, written into the
 * data folder before the hub opens it. What the table shows is checked
 * against the seeded rows, which are a pure function of their index.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerName } from '../../src/shared/provider-names.ts';
import { PROVIDER_IDS, type AttemptRecord } from '../../src/shared/types.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  columnWidths,
  countRequests,
  expectFirstRow,
  expectLoaded,
  isoTime,
  openLogs,
  scrollToEnd,
  setSelectFilter,
  setTextFilter,
  shownRows,
  typeTextFilter,
} from './logs-steps.ts';
import { UI_TIMEOUT_MS, readText } from './scenario.ts';
import { countSeeded, newestSeeded, RARE_WORD, seedCallLog, seededAttempt, type SeedShape } from './seed.ts';

/** A multiple of 6, so the newest seeded call has all its attempts. */
const SEEDED = 200_004;

/** Rows per page of the logs view (LOG_PAGE_SIZE in the renderer). */
const PAGE = 500;

/** Row elements the table may hold at once: a viewport of rows plus the overscan on both sides. */
const MAX_ROW_ELEMENTS = 100;

const RESULTS_DIR = join(import.meta.dirname, '..', '..', 'test-results');

const shape: SeedShape = { count: SEEDED, newestTime: Date.now() - 60_000 };

function newest(keep: (record: AttemptRecord) => boolean): AttemptRecord {
  const [record] = newestSeeded(shape, keep, 1);
  if (!record) throw new Error('No seeded attempt matches the filter.');

  return record;
}

/** Returns the seeded attempt shown at `rowIndex` (aria-rowindex) with no filter. */
function atRowIndex(rowIndex: number): AttemptRecord {
  return seededAttempt(SEEDED - 1 - (rowIndex - 2), shape);
}

describe('logs view over a large call log', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ seed: (dataDir) => seedCallLog(dataDir, shape) });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the newest attempt first', async () => {
    const { page } = harness;
    await openLogs(page);
    const expected = seededAttempt(SEEDED - 1, shape);

    await expectFirstRow(page, expected);
    await expectLoaded(page, PAGE);
    const [first] = await shownRows(page);
    expect(first?.rowIndex).toBe(2);
    expect(first?.httpStatus).toBe(String(expected.httpStatus ?? '—'));
    expect(first?.outcome).toBe(expected.outcome);
    expect(harness.hub.queryLogs({ limit: 1 }).rows[0]?.time).toBe(expected.time);
  });

  it('keeps the newest row visible below the header', async () => {
    const { page } = harness;
    await openLogs(page);

    const hit = await page.evaluate(() => {
      const row = document.querySelector('[data-testid="log-row"][aria-rowindex="2"]');
      const header = document.querySelector('.log-head');
      if (!row || !header) return null;

      const box = row.getBoundingClientRect();
      const target = document.elementFromPoint(box.left + 20, box.top + box.height / 2);
      return { onRow: row.contains(target), rowTop: box.top, headerBottom: header.getBoundingClientRect().bottom };
    });

    expect(hit?.onRow).toBe(true);
    expect(hit?.rowTop).toBeGreaterThanOrEqual(hit?.headerBottom ?? Number.POSITIVE_INFINITY);
  });

  it('loads older pages while scrolling', async () => {
    const { page } = harness;

    for (let pages = 2; pages <= 5; pages += 1) {
      await scrollToEnd(page);
      await expectLoaded(page, pages * PAGE);
    }

    const rows = await shownRows(page);
    const last = rows.at(-1);
    expect(rows.length).toBeLessThanOrEqual(MAX_ROW_ELEMENTS);
    expect(last?.rowIndex).toBeGreaterThan(4 * PAGE);
    expect(last?.time).toBe(isoTime(atRowIndex(last?.rowIndex ?? 0)));
    expect(Date.parse(last?.time ?? '')).toBeLessThan(seededAttempt(SEEDED - PAGE, shape).time);
    expect(rows.every((row) => row.time === isoTime(atRowIndex(row.rowIndex)))).toBe(true);
  });

  it('filters by provider and outcome', async () => {
    const { page } = harness;
    await page.getByTestId('logs-scroll').evaluate((scroller) => {
      scroller.scrollTop = 0;
    });
    await setSelectFilter(page, 'filter-provider', 'stripe');
    await expectFirstRow(page, newest((record) => record.provider === 'stripe'));

    await setSelectFilter(page, 'filter-outcome', 'rejected');
    await expectFirstRow(page, newest((record) => record.provider === 'stripe' && record.outcome === 'rejected'));
    const rows = await shownRows(page);

    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((row) => row.provider === 'Stripe')).toBe(true);
    expect(rows.every((row) => row.outcome === 'rejected')).toBe(true);
    expect(rows.every((row) => row.error.startsWith('Breaker open'))).toBe(true);
    expect(rows.some((row) => row.error.includes('breaker_open'))).toBe(false);
  });

  it('names the providers in the provider filter', async () => {
    const options = await harness.page.getByTestId('filter-provider').locator('option').allTextContents();

    expect(options).toEqual(['All providers', ...PROVIDER_IDS.map(providerName)]);
    expect(options).toContain('OpenAI');
    expect(options).toContain('ElevenLabs');
  });

  it('filters by status and operation', async () => {
    const { page } = harness;
    await setSelectFilter(page, 'filter-provider', '');
    await setSelectFilter(page, 'filter-outcome', '');
    await setTextFilter(page, 'filter-status', '429');
    await expectFirstRow(page, newest((record) => record.httpStatus === 429));
    expect((await shownRows(page)).every((row) => row.httpStatus === '429')).toBe(true);

    await setTextFilter(page, 'filter-operation', 'geocode');
    await expectFirstRow(page, newest((record) => record.httpStatus === 429 && record.operation === 'geocode'));
    const rows = await shownRows(page);

    expect(rows.every((row) => row.httpStatus === '429' && row.operation === 'geocode')).toBe(true);
    expect(rows.every((row) => row.provider === 'Mapbox')).toBe(true);
    expect(rows.every((row) => row.error.startsWith('Rate limited'))).toBe(true);
  });

  it('applies a typed filter after a pause, without Enter', async () => {
    const { page } = harness;
    await setTextFilter(page, 'filter-operation', '');
    await expectFirstRow(page, newest((record) => record.httpStatus === 429));
    const requests = await countRequests(page, 'logs.query');
    const typed = 'text-to-speech';

    await typeTextFilter(page, 'filter-operation', typed);
    await expectFirstRow(page, newest((record) => record.httpStatus === 429 && record.operation === typed));
    const rows = await shownRows(page);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

    expect(rows.every((row) => row.operation === typed)).toBe(true);
    expect(rows.every((row) => row.provider === 'ElevenLabs')).toBe(true);
    expect(focused).toBe('filter-operation');
    expect(await requests()).toBeGreaterThanOrEqual(1);
    expect(await requests()).toBeLessThan(typed.length);
  });

  it('finds rare error text', async () => {
    const { page } = harness;
    await setTextFilter(page, 'filter-status', '');
    await setTextFilter(page, 'filter-operation', '');
    await setTextFilter(page, 'filter-text', RARE_WORD);
    const matches = countSeeded(shape, (record) => record.errorMessage?.includes(RARE_WORD) ?? false);

    await expectFirstRow(page, newest((record) => record.errorMessage?.includes(RARE_WORD) ?? false));
    await expectLoaded(page, matches);
    expect(matches).toBe(40);
    expect((await shownRows(page)).every((row) => row.error.includes(RARE_WORD))).toBe(true);
  });

  it('opens the detail pane with the call attempts', async () => {
    const { page } = harness;
    await setTextFilter(page, 'filter-text', '');
    await expectFirstRow(page, seededAttempt(SEEDED - 1, shape));
    // The fourth newest row is the last attempt of a call with three.
    const record = atRowIndex(5);
    await page.locator('[data-testid="log-row"][aria-rowindex="5"]').click();
    const detail = page.getByTestId('log-detail');
    await detail.getByTestId('detail-attempt').nth(2).waitFor({ timeout: UI_TIMEOUT_MS });
    const attempts = await detail.getByTestId('detail-attempt').allTextContents();

    expect(record.attempt).toBe(3);
    expect(await readText(page, 'log-detail')).toContain(record.callId);
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toMatch(/Try 1/);
    expect(attempts[0]).toContain('HTTP 503');
    expect(attempts[0]).toContain('Service unavailable');
    expect(attempts[2]).toMatch(/Try 3/);
    expect(attempts[2]).toContain(`HTTP ${record.httpStatus}`);
    expect(await detail.getByTestId('detail-headers').first().textContent()).toContain('[REDACTED]');
    expect(await readText(page, 'detail-call')).toBe(`${providerName(record.provider)} · ${record.operation}`);
  });

  it('keeps column widths and scrolls sideways with the detail pane open', async () => {
    const { page } = harness;
    // A window wider than the columns' minimums, so a squeezed column would show.
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.getByTestId('detail-close').click();
    await page.getByTestId('log-detail').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const closed = await columnWidths(page);
    const scroller = page.getByTestId('logs-scroll');
    const closedOverflow = await scroller.evaluate((element) => element.scrollWidth - element.clientWidth);

    await page.locator('[data-testid="log-row"][aria-rowindex="5"]').click();
    await page.getByTestId('detail-attempt').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const open = await columnWidths(page);
    const overflow = await scroller.evaluate((element) => element.scrollWidth - element.clientWidth);
    await scroller.evaluate((element) => {
      element.scrollLeft = element.scrollWidth;
    });
    const breakerHeader = await page.getByRole('columnheader', { name: 'Breaker' }).boundingBox();
    const paneBox = await page.getByTestId('log-detail').boundingBox();
    await scroller.evaluate((element) => {
      element.scrollLeft = 0;
    });
    await page.setViewportSize({ width: 1280, height: 900 });

    expect(closedOverflow).toBe(0);
    expect(closed.Error).toBeGreaterThan(300);
    for (const [column, width] of Object.entries(closed)) {
      expect(open[column], column).toBeGreaterThanOrEqual(width);
    }
    expect(overflow).toBeGreaterThan(300);
    expect((breakerHeader?.x ?? Number.POSITIVE_INFINITY) + (breakerHeader?.width ?? 0)).toBeLessThanOrEqual(paneBox?.x ?? 0);
  });

  it('saves a screenshot of the large log with the detail pane', async () => {
    const path = join(RESULTS_DIR, 'logs-large.png');
    await harness.page.screenshot({ path });

    expect(existsSync(path)).toBe(true);
  });

  it('exports every attempt as CSV with progress', async () => {
    const { page } = harness;
    await page.getByTestId('detail-close').click();
    await page.getByTestId('export-csv').click();
    // The bar shows "Exporting…" until the first progress event names the total.
    await page.getByTestId('export-progress').getByText(/ of [\d.,\s\u202f]+ rows/).waitFor({ timeout: UI_TIMEOUT_MS });
    const progress = await page.getByTestId('export-progress').textContent();
    const bar = page.getByTestId('export-progress').locator('progress');
    const barMax = await bar.getAttribute('max');
    const path = await page.getByTestId('export-result').locator('code').textContent({ timeout: 60_000 });
    const lines = (await readFile(path ?? '', 'utf8')).trimEnd().split(/\r?\n/);
    const newestRecord = seededAttempt(SEEDED - 1, shape);

    expect(progress?.replace(/\D/g, '')).toMatch(new RegExp(`${SEEDED}$`));
    expect(barMax).toBe(String(SEEDED));
    expect(await readText(page, 'export-result')).toMatch(/^Saved 200.004 rows to/);
    expect(lines).toHaveLength(SEEDED + 1);
    expect(lines.at(-1)).toContain(newestRecord.callId);
    expect(lines[1]).toContain(seededAttempt(0, shape).callId);
  });

  it('cancels an export without leaving a file', async () => {
    const { page } = harness;
    const before = await readdir(harness.exportDir);
    await page.getByTestId('export-jsonl').click();
    // Cancel is enabled once the hub reports the export's first progress.
    await page.getByTestId('export-cancel').click({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('export-cancelled').waitFor({ timeout: UI_TIMEOUT_MS });

    expect(await page.getByTestId('export-result').count()).toBe(0);
    expect(await page.getByTestId('export-error').count()).toBe(0);
    expect(await readdir(harness.exportDir)).toEqual(before);
    expect(before).toEqual(['calls-1.csv']);
  });
});

/**
 * The retention form of the Logs view over a seeded call log that spans ten
 * days: a change is saved to the settings file, survives a reload and makes
 * the hub delete the attempts past the new age limit.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { expectFirstRow, expectLoaded, openLogs, setTextFilter } from './logs-steps.ts';
import { readText, UI_TIMEOUT_MS } from './scenario.ts';
import { countSeeded, newestSeeded, RARE_WORD, seedCallLog, type SeedShape } from './seed.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Attempts spread evenly over ten days. */
const SEEDED = 30_000;

const KEEP_DAYS = 3;

const shape: SeedShape = { count: SEEDED, newestTime: Date.now() - 60_000, spacingMs: (10 * DAY_MS) / SEEDED };

const isRare = (record: { errorMessage: string | null }): boolean => record.errorMessage?.includes(RARE_WORD) ?? false;

async function saveRetention(page: Page, days: string, size: string): Promise<void> {
  await page.getByTestId('retention-days').fill(days);
  await page.getByTestId('retention-size').fill(size);
  await page.getByRole('button', { name: 'Save retention' }).click();
}

describe('retention form', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ seed: (dataDir) => seedCallLog(dataDir, shape) });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the default limits', async () => {
    const { page } = harness;
    await openLogs(page);

    expect(await page.getByTestId('retention-days').inputValue()).toBe('30');
    expect(await page.getByTestId('retention-size').inputValue()).toBe('1024');
  });

  it('rejects a limit that is not a whole number', async () => {
    const { page } = harness;
    await saveRetention(page, '2.5', '1024');
    const status = await readText(page, 'retention-status');

    expect(status).toContain('2.5');
    expect(status).toContain('Keep days');
    expect(status).toContain('whole number of days from 1 to 3650');
    expect(harness.hub.retention()).toEqual({ maxAgeDays: 30, maxSizeMb: 1024 });
  });

  it('saves new limits to the settings file', async () => {
    const { page } = harness;
    await saveRetention(page, String(KEEP_DAYS), '500');
    await expect.poll(() => readText(page, 'retention-status'), { timeout: UI_TIMEOUT_MS }).toMatch(/^Saved\./);
    const settings = JSON.parse(await readFile(join(harness.environment.dataDir, 'settings.json'), 'utf8')) as {
      retention?: unknown;
    };

    expect(harness.hub.retention()).toEqual({ maxAgeDays: KEEP_DAYS, maxSizeMb: 500 });
    expect(settings.retention).toEqual({ maxAgeDays: KEEP_DAYS, maxSizeMb: 500 });
  });

  it('keeps the limits after a reload', async () => {
    const { page } = harness;
    await page.reload();
    await openLogs(page);
    await expect.poll(() => page.getByTestId('retention-days').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(String(KEEP_DAYS));

    expect(await page.getByTestId('retention-size').inputValue()).toBe('500');
  });

  it('deletes the attempts older than the limit', async () => {
    const { page } = harness;
    const cutoff = Date.now() - KEEP_DAYS * DAY_MS;
    await expect.poll(() => harness.hub.queryLogs({ until: cutoff, limit: 1 }).rows.length, { timeout: UI_TIMEOUT_MS }).toBe(0);
    const keptRare = countSeeded(shape, (record) => isRare(record) && record.time >= cutoff);

    await setTextFilter(page, 'filter-text', RARE_WORD);
    const [newest] = newestSeeded(shape, isRare, 1);
    if (!newest) throw new Error('The seeded log holds no rare failure.');
    await expectFirstRow(page, newest);
    await expectLoaded(page, keptRare);

    expect(keptRare).toBe(2);
    expect(countSeeded(shape, isRare)).toBe(6);
  });
});

/**
 * The store-health banner: while another connection holds the call log's
 * write lock, calls keep working, the banner names what is not being logged
 * and why, and it clears once the lock is released and the waiting
 * attempts are written.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_DATABASE_FILE_NAME } from '../../src/main/core/store/store.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  closeConfigPanel,
  expectText,
  openConfigPanel,
  readText,
  saveSecret,
  testConnection,
  UI_TIMEOUT_MS,
} from './scenario.ts';

describe('store-health banner', () => {
  let harness: Harness;
  let locker: Database.Database | null = null;
  let databasePath: string;

  beforeAll(async () => {
    // A short busy timeout keeps each failed flush from blocking the thread for long.
    harness = await startHarness({ hub: { store: { busyTimeoutMs: 5 } } });
    databasePath = join(harness.environment.dataDir, HUB_DATABASE_FILE_NAME);
  });

  afterAll(async () => {
    if (locker?.inTransaction) locker.exec('ROLLBACK');
    locker?.close();
    await harness?.close();
  });

  it('shows no banner while the log is written', async () => {
    const { page, environment } = harness;
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', environment.openaiKey);
    await closeConfigPanel(page);
    // Saving the key probes at once, so the connection test below adds the second row.
    await expectText(page, 'status-openai', 'up');
    await expect.poll(() => harness.hub.queryLogs({ provider: 'openai' }).rows.length, { timeout: UI_TIMEOUT_MS }).toBe(1);
    await testConnection(page, 'openai');
    await expectText(page, 'status-openai', 'up');

    expect(await page.getByTestId('store-health-banner').count()).toBe(0);
    expect(harness.hub.queryLogs({ provider: 'openai' }).rows).toHaveLength(2);
  });

  it('says what is not logged while the file is locked', async () => {
    const { page } = harness;
    locker = new Database(databasePath);
    locker.exec('BEGIN EXCLUSIVE');
    await testConnection(page, 'openai');
    await testConnection(page, 'openai');
    await page.getByTestId('store-health-banner').waitFor({ timeout: UI_TIMEOUT_MS });
    const banner = await readText(page, 'store-health-banner');

    await expectText(page, 'status-openai', 'up');
    expect(banner).toContain('Call log not written.');
    expect(banner).toContain(`The call log ${databasePath} is locked by another program`);
    expect(banner).toContain('attempts are not being logged');
    expect(banner).toContain('Close the program that holds the file open');
    await expect.poll(() => readText(page, 'store-health-pending'), { timeout: UI_TIMEOUT_MS }).toBe('2 attempts wait in memory.');
    expect(harness.hub.storeHealth()).toMatchObject({ ok: false, code: 'SQLITE_BUSY', pendingRows: 2, droppedRows: 0 });
  });

  it('clears once the lock is released', async () => {
    const { page } = harness;
    locker?.exec('COMMIT');
    locker?.close();
    locker = null;
    await page.getByTestId('store-health-banner').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    expect(harness.hub.storeHealth()).toMatchObject({ ok: true, pendingRows: 0, droppedRows: 0 });
    expect(harness.hub.queryLogs({ provider: 'openai' }).rows).toHaveLength(4);
  });
});

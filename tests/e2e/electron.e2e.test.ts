/**
 * The dashboard scenario in the real Electron app (out/), through
 * Playwright's Electron launcher: the preload, the IPC adapter and the
 * sender check included. Skipped, with the reason printed, where the
 * Electron binary is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ELECTRON_MISSING_MESSAGE,
  findElectronBinary,
  PROJECT_ROOT,
} from '../../scripts/electron-binary.ts';
import {
  composeTestHub,
  createRecordingNotifier,
  createTestEnvironment,
  deleteAllSecrets,
  type TestEnvironment,
} from './environment.ts';
import {
  clearFaultAndResetBreaker,
  closeConfigPanel,
  expectAllCards,
  expectSecretAbsent,
  expectText,
  exportCallLog,
  injectServerError,
  openConfigPanel,
  parseCsv,
  parseJsonLines,
  probeAll,
  saveDashboardScreenshot,
  saveSecret,
  testConnection,
  testUntilBreakerOpens,
} from './scenario.ts';

const electronBinary = findElectronBinary();

if (!electronBinary) {
  console.log(`Skipping the Electron suite: ${ELECTRON_MISSING_MESSAGE}`);
}

/** Replaces the save dialog in the main process with one that picks a file in `exportDir`. */
async function stubSaveDialog(app: ElectronApplication, exportDir: string): Promise<void> {
  await app.evaluate(({ dialog }, folder) => {
    dialog.showSaveDialog = async (...args: unknown[]) => {
      const options = args[args.length - 1] as { defaultPath?: string };
      const fileName = (options.defaultPath ?? 'export').split(/[\\/]/).pop();
      return { canceled: false, filePath: `${folder}/${fileName}` };
    };
  }, exportDir);
}

/** Deletes the keys the app stored, through a hub on the same data folder once the app has quit. */
async function deleteStoredKeys(dataDir: string): Promise<void> {
  const hub = await composeTestHub(dataDir, createRecordingNotifier());
  await deleteAllSecrets(hub);
  await hub.stop();
}

describe.skipIf(!electronBinary)('dashboard in Electron', () => {
  let environment: TestEnvironment;
  let app: ElectronApplication | undefined;
  let page: Page;
  let exportDir: string;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    exportDir = join(environment.dataDir, 'exports');
    await mkdir(exportDir, { recursive: true });

    // Electron refuses to start its sandbox as root, which is how CI runs.
    const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({
      executablePath: electronBinary ?? '',
      args: [PROJECT_ROOT, ...sandboxArgs],
      cwd: PROJECT_ROOT,
      env: { ...process.env, HUB_DATA_DIR: environment.dataDir, HUB_DEMO: '0' },
    });
    await stubSaveDialog(app, exportDir);
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    if (!environment) return;

    await deleteStoredKeys(environment.dataDir);
    await environment.close();
  });

  it('renders a card for every provider', async () => {
    await expectAllCards(page);
    await expectText(page, 'status-openweather', 'unconfigured');
  });

  it('stores a key and goes up after a connection test', async () => {
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', environment.openaiKey);
    await expectSecretAbsent(page, environment.openaiKey);
    await closeConfigPanel(page);
    await testConnection(page, 'openai');

    await expectText(page, 'status-openai', 'up');
  });

  it('opens the breaker on failures and recovers after a reset', async () => {
    injectServerError(environment.simulators, 'openai');
    await probeAll(page);
    await expectText(page, 'status-openai', 'down');
    await testUntilBreakerOpens(page, 'openai');
    await expectText(page, 'breaker-openai', 'open');
    await expectText(page, 'status-openai', 'down');

    await clearFaultAndResetBreaker(page, environment.simulators, 'openai');
    await testConnection(page, 'openai');
    await expectText(page, 'status-openai', 'up');
  });

  it('exports the call log as CSV and JSON Lines', async () => {
    const csv = await exportCallLog(page, 'csv');
    const jsonl = await exportCallLog(page, 'jsonl');

    expect(existsSync(csv.path)).toBe(true);
    expect(parseCsv(csv.text).length).toBeGreaterThan(1);
    expect(parseJsonLines(jsonl.text).some((record) => record.provider === 'openai')).toBe(true);
    expect(csv.text.includes(environment.openaiKey)).toBe(false);
  });

  it('saves a screenshot of the dashboard', async () => {
    await saveDashboardScreenshot(page, join(PROJECT_ROOT, 'test-results', 'dashboard-electron.png'));
  });
});

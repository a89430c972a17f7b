/**
 * The dashboard end to end in Chromium: the built renderer, a real hub on
 * the real keychain, and the provider simulators. The steps run in order
 * and build on each other, as a user's session does.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import {
  clearFaultAndResetBreaker,
  clickAndWaitForIdle,
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
  readText,
  saveDashboardScreenshot,
  saveSecret,
  SCREENSHOT_PATH,
  testConnection,
  UI_TIMEOUT_MS,
  testUntilBreakerOpens,
} from './scenario.ts';

/** Time a card may take to show a first key's probe, far below the day between scheduled probes in these tests. */
const FIRST_PROBE_TIMEOUT_MS = 5_000;

/** A key the OpenAI simulator rejects. Its last four characters differ from those of the accepted key, which is hex. */
const WRONG_OPENAI_KEY = 'sk-e2e-wrong-key-zzzz';

describe('dashboard in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('renders a card for every provider', async () => {
    await expectAllCards(harness.page);
  });

  it('reaches the keychain outside demo mode', async () => {
    await expectAllCards(harness.page);

    expect(await harness.page.getByTestId('keychain-banner').count()).toBe(0);
    expect(await harness.page.getByTestId('demo-badge').count()).toBe(0);
  });

  it('shows a provider without a key as unconfigured', async () => {
    await expectText(harness.page, 'status-openweather', 'unconfigured');
    await expectText(harness.page, 'status-openai', 'unconfigured');
  });

  it('goes up right after a first key', async () => {
    const { page, hub, environment } = harness;
    const nextProbeIn = () => (hub.listProviders().find((view) => view.provider === 'openweather')?.nextProbeAt ?? 0) - Date.now();
    // The first scheduled probe ran without a key, so the next one is a day away.
    await vi.waitFor(() => expect(nextProbeIn()).toBeGreaterThan(3_600_000), { timeout: UI_TIMEOUT_MS, interval: 100 });
    await expectText(page, 'status-openweather', 'unconfigured');

    await openConfigPanel(page, 'openweather');
    await saveSecret(page, 'apiKey', environment.simulators.credentials.openweather.apiKey as string);
    await closeConfigPanel(page);

    await expect.poll(() => readText(page, 'status-openweather'), { timeout: FIRST_PROBE_TIMEOUT_MS }).toBe('up');
  });

  it('shows only the last four of the key', async () => {
    const { page, environment } = harness;
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', environment.openaiKey);

    expect(await readText(page, 'secret-hint-apiKey')).toContain(environment.openaiKey.slice(-4));
    await expectSecretAbsent(page, environment.openaiKey);
    await closeConfigPanel(page);
  });

  it('goes up after a connection test', async () => {
    await testConnection(harness.page, 'openai');

    expect(await readText(harness.page, 'test-result-openai')).toContain('HTTP 200');
    await expectText(harness.page, 'status-openai', 'up');
    await expectText(harness.page, 'breaker-openai', 'closed');
  });

  it('goes down on server errors', async () => {
    const { page, environment } = harness;
    injectServerError(environment.simulators, 'openai');
    await probeAll(page);

    await expectText(page, 'status-openai', 'down');
  });

  it('opens the breaker after repeated failures', async () => {
    const { page } = harness;
    const tests = await testUntilBreakerOpens(page, 'openai');

    expect(tests).toBeGreaterThan(0);
    await expectText(page, 'breaker-openai', 'open');
    await expectText(page, 'status-openai', 'down');
    expect(harness.notifications.some((notification) => notification.provider === 'openai')).toBe(true);
  });

  it('recovers after a breaker reset', async () => {
    const { page, environment } = harness;
    await clearFaultAndResetBreaker(page, environment.simulators, 'openai');
    await testConnection(page, 'openai');

    await expectText(page, 'status-openai', 'up');
    await expectText(page, 'breaker-openai', 'closed');
  });

  it('shows a rejected key on the card and in the header', async () => {
    const { page } = harness;
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', WRONG_OPENAI_KEY);
    await closeConfigPanel(page);

    await expectText(page, 'status-openai', 'key rejected');
    await expectText(page, 'worst-status', 'key rejected');
    expect(await readText(page, 'key-rejected-openai')).toContain('Key rejected.');
    expect(await readText(page, 'api-card-openai')).toContain('HTTP 401');
    await expectSecretAbsent(page, WRONG_OPENAI_KEY);
  });

  it('clears the rejected key after the right key', async () => {
    const { page, environment } = harness;
    await page.getByTestId('replace-key-openai').click();
    await page.getByTestId('config-panel').waitFor({ timeout: UI_TIMEOUT_MS });
    await saveSecret(page, 'apiKey', environment.openaiKey);
    await closeConfigPanel(page);

    await expectText(page, 'status-openai', 'up');
    expect(await page.getByTestId('key-rejected-openai').count()).toBe(0);
  });

  it('shows a breaker forced open as paused', async () => {
    const { page } = harness;
    await openConfigPanel(page, 'openai');
    await clickAndWaitForIdle(page, 'breaker-open');
    await expectText(page, 'config-breaker-state', 'open');
    await closeConfigPanel(page);
    await testConnection(page, 'openai');

    await expectText(page, 'status-openai', 'paused');
    await expectText(page, 'worst-status', 'paused');
    await expectText(page, 'breaker-openai', 'open');
    const notice = await readText(page, 'paused-openai');
    expect(notice).toContain('Paused.');
    expect(notice).toContain('opened by the user');
    expect(notice).toContain('Close or reset the breaker to resume calls');
  });

  it('resumes a paused provider after a reset', async () => {
    const { page } = harness;
    await page.getByTestId('breaker-settings-openai').click();
    await page.getByTestId('config-panel').waitFor({ timeout: UI_TIMEOUT_MS });
    await clickAndWaitForIdle(page, 'breaker-reset');
    await closeConfigPanel(page);

    await expectText(page, 'breaker-openai', 'closed');
    await expectText(page, 'status-openai', 'up');
    expect(await page.getByTestId('paused-openai').count()).toBe(0);
  });

  it('exports the call log as CSV', async () => {
    const { path, text } = await exportCallLog(harness.page, 'csv');
    const [header = [], ...rows] = parseCsv(text);

    expect(path.startsWith(harness.exportDir)).toBe(true);
    expect(header).toContain('provider');
    expect(header).toContain('outcome');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    expect(text.includes(harness.environment.openaiKey)).toBe(false);
  });

  it('exports the call log as JSON Lines', async () => {
    const { path, text } = await exportCallLog(harness.page, 'jsonl');
    const records = parseJsonLines(text);
    const openai = records.filter((record) => record.provider === 'openai');

    expect(path.startsWith(harness.exportDir)).toBe(true);
    expect(openai.some((record) => record.outcome === 'success')).toBe(true);
    expect(openai.some((record) => record.outcome === 'failure' && record.errorClass === 'server')).toBe(true);
    expect(text.includes(harness.environment.openaiKey)).toBe(false);
  });

  it('closes the panel on Escape and returns focus', async () => {
    const { page } = harness;
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('configure-mapbox').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('config-panel').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.keyboard.press('Escape');
    await page.getByTestId('config-panel').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(focused).toBe('configure-mapbox');
  });

  it('saves a screenshot of the dashboard', async () => {
    await saveDashboardScreenshot(harness.page);

    expect(existsSync(SCREENSHOT_PATH)).toBe(true);
  });
});

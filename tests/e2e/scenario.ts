/**
 * The dashboard scenario's steps, shared by the Chromium suite and the
 * Electron suite. Each step drives the UI through its `data-testid`s and
 * waits for the outcome the user would see.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROVIDER_IDS, type ExportFormat, type ProviderId } from '../../src/shared/types.ts';
import type { SimulatorSet } from '../../src/sim/index.ts';

/** How long a step waits for the UI to show an outcome, in milliseconds. */
export const UI_TIMEOUT_MS = 20_000;

/** Maximum connection tests before the breaker must be open, set well above the breaker's failure threshold. */
const MAX_TESTS_UNTIL_OPEN = 12;

export const SCREENSHOT_PATH = join(import.meta.dirname, '..', '..', 'test-results', 'dashboard.png');

/** Reads the trimmed text of the element with `testId`, waiting for it to appear. */
export async function readText(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).textContent({ timeout: UI_TIMEOUT_MS });
  return (text ?? '').trim();
}

/** Waits until the element with `testId` shows exactly `expected`. */
export async function expectText(page: Page, testId: string, expected: string): Promise<void> {
  await expect.poll(() => readText(page, testId), { timeout: UI_TIMEOUT_MS }).toBe(expected);
}

/**
 * Clicks a button that disables itself while its request runs, and waits
 * until it is enabled again. A MutationObserver installed before the click
 * records the `disabled` attribute coming and going, however fast the request is.
 */
export async function clickAndWaitForIdle(page: Page, testId: string): Promise<void> {
  await page.evaluate((id) => {
    const button = document.querySelector(`[data-testid="${id}"]`);
    if (!button) throw new Error(`No element with data-testid "${id}".`);

    const target = window as unknown as { __idle?: Promise<void> };
    target.__idle = new Promise<void>((resolve) => {
      const observer = new MutationObserver((records) => {
        const reEnabled = records.some((record) => record.oldValue !== null);
        if (reEnabled && !button.hasAttribute('disabled')) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(button, { attributes: true, attributeFilter: ['disabled'], attributeOldValue: true });
    });
  }, testId);

  await page.getByTestId(testId).click();
  await page.evaluate(() => (window as unknown as { __idle?: Promise<void> }).__idle);
}

/** Checks that the dashboard shows one card per provider. */
export async function expectAllCards(page: Page): Promise<void> {
  for (const provider of PROVIDER_IDS) {
    await page.getByTestId(`api-card-${provider}`).waitFor({ timeout: UI_TIMEOUT_MS });
  }

  expect(await page.locator('[data-testid^="api-card-"]').count()).toBe(PROVIDER_IDS.length);
}

export async function openConfigPanel(page: Page, provider: ProviderId): Promise<void> {
  await page.getByTestId(`configure-${provider}`).click();
  await page.getByTestId('config-panel').waitFor({ timeout: UI_TIMEOUT_MS });
}

export async function closeConfigPanel(page: Page): Promise<void> {
  await page.getByTestId('close-panel').click();
  await page.getByTestId('config-panel').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}

/** Saves one credential field in the open panel and waits for its hint to show the last four characters. */
export async function saveSecret(page: Page, field: string, value: string): Promise<void> {
  await page.getByTestId(`secret-input-${field}`).fill(value);
  await page.getByTestId(`secret-save-${field}`).click();
  await expect
    .poll(() => readText(page, `secret-hint-${field}`), { timeout: UI_TIMEOUT_MS })
    .toContain(value.slice(-4));
}

/** Runs "Test connection" on a provider's card and waits for the result. */
export async function testConnection(page: Page, provider: ProviderId): Promise<void> {
  await clickAndWaitForIdle(page, `test-${provider}`);
  await page.getByTestId(`test-result-${provider}`).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Checks that `secret` appears nowhere in the page: not in its HTML and not in any input's value. */
export async function expectSecretAbsent(page: Page, secret: string): Promise<void> {
  const html = await page.content();
  const inputValues = await page.locator('input, textarea').evaluateAll((elements) =>
    elements.map((element) => (element as HTMLInputElement).value),
  );

  expect(html.includes(secret)).toBe(false);
  expect(inputValues.filter((value) => value.includes(secret))).toEqual([]);
}

/** Makes the provider's simulator respond to every request with HTTP 500 until the fault is cleared. */
export function injectServerError(simulators: SimulatorSet, provider: ProviderId): void {
  simulators.get(provider).setFault({ fault: { kind: 'server_error' } });
}

/** Clicks "Probe all now" and waits until the probes finish. */
export async function probeAll(page: Page): Promise<void> {
  await clickAndWaitForIdle(page, 'probe-all');
}

/**
 * Runs connection tests on a provider until its card's breaker shows open,
 * at most `MAX_TESTS_UNTIL_OPEN` times. Returns the number of tests run.
 */
export async function testUntilBreakerOpens(page: Page, provider: ProviderId): Promise<number> {
  let tests = 0;

  while (tests < MAX_TESTS_UNTIL_OPEN && (await readText(page, `breaker-${provider}`)) !== 'open') {
    await testConnection(page, provider);
    tests += 1;
  }

  return tests;
}

/** Clears the simulator's fault and resets the breaker from the provider's panel. */
export async function clearFaultAndResetBreaker(
  page: Page,
  simulators: SimulatorSet,
  provider: ProviderId,
): Promise<void> {
  simulators.get(provider).setFault(null);
  await openConfigPanel(page, provider);
  await clickAndWaitForIdle(page, 'breaker-reset');
  await expectText(page, `breaker-${provider}`, 'closed');
  await closeConfigPanel(page);
}

/** Exports the call log from the Logs view and returns the saved file's path and contents. */
export async function exportCallLog(page: Page, format: ExportFormat): Promise<{ path: string; text: string }> {
  await page.getByTestId('nav-logs').click();
  await page.getByTestId('logs-table').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('log-row').first().waitFor({ timeout: UI_TIMEOUT_MS });

  await clickAndWaitForIdle(page, `export-${format}`);
  const path = await page.getByTestId('export-result').locator('code').textContent({ timeout: UI_TIMEOUT_MS });
  expect(path).toMatch(new RegExp(`\\.${format}$`));

  return { path: path ?? '', text: await readFile(path ?? '', 'utf8') };
}

/** Parses CSV text (RFC 4180: quoted fields may hold commas, quotes and newlines) into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };

  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    const next = text[index + 1];

    if (quoted && char === '"' && next === '"') {
      field += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += char;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && next === '\n') index += 1;
      endRecord();
    } else {
      field += char;
    }
  }

  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Parses a JSON Lines export into one object per line. */
export function parseJsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Shows the dashboard and saves a full-page screenshot to test-results/dashboard.png. */
export async function saveDashboardScreenshot(page: Page, path: string = SCREENSHOT_PATH): Promise<void> {
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('api-card-openai').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.screenshot({ path, fullPage: true });
}

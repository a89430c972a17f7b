/**
 * The resilience policy editor in the ConfigPanel: editing retries and
 * breaker thresholds, the errors shown next to invalid fields, the hub
 * calling with the saved policy, and "Reset to defaults".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderPolicy } from '../../src/shared/types.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  closeConfigPanel,
  expectText,
  injectServerError,
  openConfigPanel,
  readText,
  saveSecret,
  testConnection,
  UI_TIMEOUT_MS,
} from './scenario.ts';

const SCREENSHOT = join(import.meta.dirname, '..', '..', 'test-results', 'config-policy.png');

function policyOf(harness: Harness): { effective: ProviderPolicy; overridden: boolean } {
  const view = harness.hub.listProviders().find((entry) => entry.provider === 'openai');
  if (!view) throw new Error('The hub lists no openai provider.');

  return view.policy;
}

async function inputValue(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).inputValue({ timeout: UI_TIMEOUT_MS });
}

async function savePolicy(page: Page, values: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) await page.getByTestId(testId).fill(value);
  await page.getByTestId('save-policy').click();
}

describe('policy editor in the ConfigPanel', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the default policy', async () => {
    const { page } = harness;
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', harness.environment.openaiKey);
    const { effective } = policyOf(harness);

    expect(await inputValue(page, 'policy-retry-retries')).toBe(String(effective.retry.retries));
    expect(await inputValue(page, 'policy-breaker-consecutiveFailures')).toBe('5');
    expect(await readText(page, 'policy-editor')).toContain('default 5');
    expect(await page.locator('#panel-policy-title').textContent()).toBe('Resilience policy');
  });

  it('shows an invalid value next to its field', async () => {
    const { page } = harness;
    await savePolicy(page, { 'policy-breaker-consecutiveFailures': '0' });
    const message = await readText(page, 'policy-breaker-consecutiveFailures-error');

    expect(message).toContain('Invalid breaker.consecutiveFailures 0 for openai');
    expect(message).toContain('use a whole number of failures from 1 to 1000');
    expect(await page.getByTestId('policy-breaker-consecutiveFailures').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('policy-error').count()).toBe(0);
    expect(policyOf(harness).effective.breaker.consecutiveFailures).toBe(5);
  });

  it('places a backoff error next to the backoff cap', async () => {
    const { page } = harness;
    await savePolicy(page, { 'policy-breaker-consecutiveFailures': '5', 'policy-backoff-maxMs': '100' });
    const message = await readText(page, 'policy-backoff-maxMs-error');

    expect(message).toContain('Invalid retry.backoff.maxMs 100 for openai');
    expect(message).toContain('use at least baseMs 500');
    expect(await page.getByTestId('policy-breaker-consecutiveFailures-error').count()).toBe(0);
  });

  it('names an empty field instead of sending zero', async () => {
    const { page } = harness;
    await savePolicy(page, { 'policy-backoff-maxMs': '8000', 'policy-retry-retries': '' });

    expect(await readText(page, 'policy-retry-retries-error')).toBe('Retries is empty or not a number: enter a number.');
    expect(policyOf(harness).overridden).toBe(false);
  });

  it('saves retries and breaker thresholds', async () => {
    const { page } = harness;
    await savePolicy(page, { 'policy-retry-retries': '0', 'policy-breaker-consecutiveFailures': '2' });
    await page.getByText('Applied.').waitFor({ timeout: UI_TIMEOUT_MS });
    const { effective, overridden } = policyOf(harness);

    expect(effective.retry.retries).toBe(0);
    expect(effective.breaker.consecutiveFailures).toBe(2);
    expect(overridden).toBe(true);
    expect(await page.locator('#panel-policy-title').textContent()).toBe('Resilience policy (changed)');
    expect(await page.locator('[data-testid$="-error"][role="alert"]').count()).toBe(0);
  });

  it('keeps the saved policy after a reload', async () => {
    const { page } = harness;
    await page.reload();
    await openConfigPanel(page, 'openai');

    expect(await inputValue(page, 'policy-retry-retries')).toBe('0');
    expect(await inputValue(page, 'policy-breaker-consecutiveFailures')).toBe('2');
    await closeConfigPanel(page);
  });

  it('opens the breaker after two failing tests', async () => {
    const { page, environment } = harness;
    injectServerError(environment.simulators, 'openai');

    await testConnection(page, 'openai');
    await expectText(page, 'breaker-openai', 'closed');
    const newest = harness.hub.queryLogs({ provider: 'openai', limit: 1 }).rows[0];
    expect(newest?.httpStatus).toBe(500);
    expect(harness.hub.callDetail(newest?.callId ?? '').attempts).toHaveLength(1);

    await testConnection(page, 'openai');
    await expectText(page, 'breaker-openai', 'open');
  });

  it('saves a screenshot of the policy section', async () => {
    const { page } = harness;
    await openConfigPanel(page, 'openai');
    await savePolicy(page, { 'policy-breaker-failureRateThreshold': '1.5' });
    await page.getByTestId('policy-breaker-failureRateThreshold-error').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('policy-breaker-consecutiveFailures').scrollIntoViewIfNeeded();
    await page.getByTestId('config-panel').screenshot({ path: SCREENSHOT });

    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('resets the policy to the defaults', async () => {
    const { page, environment } = harness;
    environment.simulators.get('openai').setFault(null);
    await page.getByTestId('reset-policy').click();
    await expect.poll(() => inputValue(page, 'policy-breaker-consecutiveFailures'), { timeout: UI_TIMEOUT_MS }).toBe('5');

    expect(await inputValue(page, 'policy-retry-retries')).toBe('2');
    expect(await inputValue(page, 'policy-breaker-failureRateThreshold')).toBe('0.5');
    expect(await page.locator('#panel-policy-title').textContent()).toBe('Resilience policy');
    expect(policyOf(harness).overridden).toBe(false);
    expect(policyOf(harness).effective.breaker.consecutiveFailures).toBe(5);
  });
});

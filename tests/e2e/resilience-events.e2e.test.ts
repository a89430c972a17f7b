/**
 * The Events tab of the Logs view: the retries, breaker changes and give-ups
 * a simulator fault causes, and the user's forced breaker changes, each with
 * the provider, attempt and delay the hub stored.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypeLabel } from '../../src/renderer/src/lib/labels.ts';
import { providerName } from '../../src/shared/provider-names.ts';
import type { ResilienceEventRecord } from '../../src/shared/types.ts';
import { startHarness, type Harness } from './harness.ts';
import { localTimeText, openLogs } from './logs-steps.ts';
import {
  clickAndWaitForIdle,
  closeConfigPanel,
  expectText,
  injectServerError,
  openConfigPanel,
  saveSecret,
  testConnection,
  UI_TIMEOUT_MS,
} from './scenario.ts';

interface ShownEvent {
  type: string;
  provider: string;
  attempt: string;
  delay: string;
  detail: string;
}

async function shownEvents(page: Page): Promise<ShownEvent[]> {
  return page.getByTestId('event-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim());
      return { type: cells[2] ?? '', provider: cells[1] ?? '', attempt: cells[3] ?? '', delay: cells[4] ?? '', detail: cells[6] ?? '' };
    }),
  );
}

/**
 * Formats a stored event as the table shows it: the type and provider as
 * words, delays in whole milliseconds with the locale's grouping.
 */
function asShown(event: ResilienceEventRecord, locale: string): ShownEvent {
  const delay = event.delayMs === null ? '' : `${Math.round(event.delayMs).toLocaleString(locale)} ms`;
  return {
    type: eventTypeLabel(event.type),
    provider: providerName(event.provider),
    attempt: String(event.attempt ?? ''),
    delay,
    detail: event.detail ?? '',
  };
}

/** Returns the time in `text` as `timeInText` writes it, ISO 8601 in UTC. */
function isoTimeIn(text: string | null | undefined): string {
  const match = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z/.exec(text ?? '');
  if (!match) throw new Error(`"${text}" contains no ISO 8601 time.`);

  return match[0];
}

async function openEventsTab(page: Page): Promise<void> {
  await page.getByTestId('nav-logs').click();
  await page.getByTestId('logs-tab-events').click();
  await page.getByTestId('resilience-events').waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('resilience events in the logs view', () => {
  let harness: Harness;
  let locale: string;

  beforeAll(async () => {
    harness = await startHarness();
    locale = await harness.page.evaluate(() => navigator.language);
  });

  afterAll(async () => {
    await harness?.close();
  });

  function storedEvents(): ResilienceEventRecord[] {
    return harness.hub.queryEvents({ provider: 'openai', limit: 50 }).rows;
  }

  it('lists the retries and the give-up of a failing call', async () => {
    const { page, environment } = harness;
    await openConfigPanel(page, 'openai');
    await saveSecret(page, 'apiKey', environment.openaiKey);
    await closeConfigPanel(page);
    // Saving the key probes at once. Waiting for that probe keeps it clear of the fault below.
    await expectText(page, 'status-openai', 'up');
    injectServerError(environment.simulators, 'openai');
    await testConnection(page, 'openai');
    await expect.poll(() => storedEvents().length, { timeout: UI_TIMEOUT_MS }).toBe(3);

    await openEventsTab(page);
    await expect.poll(() => shownEvents(page), { timeout: UI_TIMEOUT_MS }).toHaveLength(3);
    const rows = await shownEvents(page);

    expect(rows.map((event) => event.type)).toEqual(['Gave up', 'Retry', 'Retry']);
    expect(rows.map((event) => event.attempt)).toEqual(['3', '3', '2']);
    expect(rows.every((event) => event.provider === 'OpenAI')).toBe(true);
    expect(rows[1]?.delay).toMatch(/^[\d,.\s\u202f]+ ms$/);
    expect(rows).toEqual(storedEvents().map((event) => asShown(event, locale)));
  });

  it('shows event times in local time', async () => {
    const { page } = harness;
    const [stored] = storedEvents();
    const time = page.getByTestId('event-row').first().locator('time');

    expect(await time.getAttribute('datetime')).toBe(new Date(stored?.time ?? 0).toISOString());
    expect(await time.textContent()).toBe(await localTimeText(page, stored?.time ?? 0));
  });

  it('adds the breaker opening live', async () => {
    const { page } = harness;
    await harness.hub.testConnection('openai');
    const breaks = () => page.locator('[data-testid="event-row"][data-type="break"]');
    await breaks().first().waitFor({ timeout: UI_TIMEOUT_MS });
    const [shownBreak] = (await shownEvents(page)).filter((event) => event.type === eventTypeLabel('break'));
    const storedBreak = storedEvents().find((event) => event.type === 'break');

    expect(await breaks().count()).toBe(1);
    expect(shownBreak?.detail).toBe('5 consecutive failures');
    expect(storedBreak).toBeDefined();
    expect(shownBreak).toEqual(asShown(storedBreak as ResilienceEventRecord, locale));
    expect(shownBreak?.delay).toMatch(/^(29|30)[,.\s\u202f]?\d{3} ms$/);
  });

  it('shows forced breaker changes', async () => {
    const { page, environment } = harness;
    environment.simulators.get('openai').setFault(null);
    await page.getByTestId('nav-dashboard').click();
    await openConfigPanel(page, 'openai');
    await clickAndWaitForIdle(page, 'breaker-close');
    await expectText(page, 'config-breaker-state', 'closed');
    await clickAndWaitForIdle(page, 'breaker-open');
    await expectText(page, 'config-breaker-state', 'open');
    await closeConfigPanel(page);
    await openEventsTab(page);
    await expect.poll(async () => (await shownEvents(page)).slice(0, 2).map((event) => event.detail), { timeout: UI_TIMEOUT_MS })
      .toEqual(['opened by the user', 'closed by the user']);
    const [opened, closed] = await shownEvents(page);

    expect(opened?.type).toBe('Breaker opened');
    expect(closed?.type).toBe('Breaker closed');
    expect(opened?.delay).toBe('');
  });

  it('filters the events by provider', async () => {
    const { page } = harness;
    await page.locator('#events-provider').selectOption('stripe');
    await page.getByText('No resilience events yet.').waitFor({ timeout: UI_TIMEOUT_MS });

    expect(await page.getByTestId('event-row').count()).toBe(0);
    await page.locator('#events-provider').selectOption('openai');
    await expect.poll(async () => (await shownEvents(page)).length, { timeout: UI_TIMEOUT_MS }).toBe(storedEvents().length);
    expect(await page.locator('#events-provider option').allTextContents()).toContain('OpenAI');
  });

  it('shows the time a rate limit holds the breaker in local time', async () => {
    const { page, environment } = harness;
    harness.hub.forceBreaker('openai', 'reset');
    environment.simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 3600 }, times: 1 });
    await page.getByTestId('nav-dashboard').click();
    await testConnection(page, 'openai');
    const rateLimitBreak = () => storedEvents().find((event) => event.type === 'break' && event.detail?.startsWith('HTTP 429'));
    await expect.poll(() => rateLimitBreak()?.detail, { timeout: UI_TIMEOUT_MS }).toMatch(/^HTTP 429: rate limited until /);
    const reason = rateLimitBreak()?.detail;
    const iso = isoTimeIn(reason);
    const local = await localTimeText(page, Date.parse(iso));
    const shownReason = reason?.replace(iso, local);
    const cardReason = page.getByTestId('api-card-openai').locator('.card-reason');
    await expect.poll(() => cardReason.textContent(), { timeout: UI_TIMEOUT_MS }).toBe(shownReason);

    await openEventsTab(page);
    const shownBreak = async () => (await shownEvents(page)).find((event) => event.detail.startsWith('HTTP 429'));
    await expect.poll(async () => (await shownBreak())?.detail, { timeout: UI_TIMEOUT_MS }).toBe(shownReason);

    // The next call is rejected by the open breaker, whose message names the same time.
    await page.getByTestId('nav-dashboard').click();
    await testConnection(page, 'openai');
    await openLogs(page);
    const error = page.getByTestId('log-row').first().locator('.cell-error');
    await expect.poll(() => error.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(`open until ${local}`);
    const errorText = await error.textContent();
    await page.getByTestId('log-row').first().click();
    const detail = page.getByTestId('detail-attempt').first();
    await detail.waitFor({ timeout: UI_TIMEOUT_MS });

    expect(errorText).toMatch(/^Breaker open/);
    expect(errorText).not.toContain(iso);
    expect(await detail.textContent()).toContain(`open until ${local}`);
    expect(await page.getByTestId('detail-call').textContent()).toMatch(/^OpenAI · /);
  });
});

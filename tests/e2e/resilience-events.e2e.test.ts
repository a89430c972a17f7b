/**
 * The Events tab of the Logs view: the retries, breaker changes and give-ups
 * a simulator fault causes, and the user's forced breaker changes, each with
 * the provider, attempt and delay the hub stored.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResilienceEventRecord } from '../../src/shared/types.ts';
import { startHarness, type Harness } from './harness.ts';
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

/** Formats a stored event as the table shows it: delays in whole milliseconds with the locale's grouping. */
function asShown(event: ResilienceEventRecord, locale: string): ShownEvent {
  const delay = event.delayMs === null ? '' : `${Math.round(event.delayMs).toLocaleString(locale)} ms`;
  return { type: event.type, provider: event.provider, attempt: String(event.attempt ?? ''), delay, detail: event.detail ?? '' };
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
    injectServerError(environment.simulators, 'openai');
    await testConnection(page, 'openai');
    await expect.poll(() => storedEvents().length, { timeout: UI_TIMEOUT_MS }).toBe(3);

    await openEventsTab(page);
    await expect.poll(() => shownEvents(page), { timeout: UI_TIMEOUT_MS }).toHaveLength(3);
    const rows = await shownEvents(page);

    expect(rows.map((event) => event.type)).toEqual(['give-up', 'retry', 'retry']);
    expect(rows.map((event) => event.attempt)).toEqual(['3', '3', '2']);
    expect(rows.every((event) => event.provider === 'openai')).toBe(true);
    expect(rows[1]?.delay).toMatch(/^[\d,.\s\u202f]+ ms$/);
    expect(rows).toEqual(storedEvents().map((event) => asShown(event, locale)));
  });

  it('adds the breaker opening live', async () => {
    const { page } = harness;
    await harness.hub.testConnection('openai');
    const breaks = () => page.locator('[data-testid="event-row"][data-type="break"]');
    await breaks().first().waitFor({ timeout: UI_TIMEOUT_MS });
    const [shownBreak] = (await shownEvents(page)).filter((event) => event.type === 'break');
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

    expect(opened?.type).toBe('break');
    expect(closed?.type).toBe('reset');
    expect(opened?.delay).toBe('');
  });

  it('filters the events by provider', async () => {
    const { page } = harness;
    await page.locator('#events-provider').selectOption('stripe');
    await page.getByText('No resilience events yet.').waitFor({ timeout: UI_TIMEOUT_MS });

    expect(await page.getByTestId('event-row').count()).toBe(0);
    await page.locator('#events-provider').selectOption('openai');
    await expect.poll(async () => (await shownEvents(page)).length, { timeout: UI_TIMEOUT_MS }).toBe(storedEvents().length);
  });
});

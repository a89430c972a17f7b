/**
 * The Usage page end to end in Chromium: a real hub records the calls the
 * test makes against the simulators, and the page shows them, edits the
 * time zone, quotas and prices, raises the alert banner and exports CSV.
 * Usage seeded in the previous month gives the month picker a past month.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { monthWindow } from '../../src/main/core/usage/time-zone.ts';
import { startHarness, type Harness } from './harness.ts';
import { clickAndWaitForIdle, expectText, parseCsv, readText, UI_TIMEOUT_MS } from './scenario.ts';
import { PAST_COST, pastCallTime, seedTwoMonths } from './usage-seed.ts';

/** Reads the value-axis labels a chart drew, bottom to top, once it has drawn them. */
async function axisLabels(page: Harness['page'], testId: string): Promise<string[]> {
  const chart = page.getByTestId(testId);
  await expect.poll(() => chart.getAttribute('data-axis-labels'), { timeout: UI_TIMEOUT_MS }).toBeTruthy();
  return ((await chart.getAttribute('data-axis-labels')) ?? '').split('|');
}

/** Reads the amount of a currency label such as "$1,000.00". */
function amountOf(label: string): number {
  return Number(label.replace(/[^0-9.-]/g, ''));
}

describe('usage page in Chromium', () => {
  let harness: Harness;
  const seededAt = Date.now();

  /** Returns the month of the seeded past call in the hub's time zone, `YYYY-MM`. */
  const pastMonth = () => monthWindow(pastCallTime(seededAt), harness.hub.usage.settings().timeZone).label;

  beforeAll(async () => {
    harness = await startHarness({ seed: (dataDir) => seedTwoMonths(dataDir, seededAt) });
    const { hub, environment } = harness;
    // A $100 budget makes the seeded past month 500% used and leaves the current month far below any threshold.
    hub.usage.updateSettings({ budgets: { openai: { monthlyBudget: 100 } } });
    const openweather = () => hub.listProviders().find((view) => view.provider === 'openweather');
    // The scheduler's first probe runs about a second after start. Waiting until it has passed
    // (the next one is a day away) keeps it from sending a second probe while the key is saved.
    const nextProbeIn = () => (openweather()?.nextProbeAt ?? 0) - Date.now();
    await vi.waitFor(() => expect(nextProbeIn()).toBeGreaterThan(3_600_000), { timeout: UI_TIMEOUT_MS, interval: 100 });
    // Saving the key probes at once, and that probe is the first call the tests count.
    await hub.setSecret('openweather', 'apiKey', environment.simulators.credentials.openweather.apiKey as string);
    await vi.waitFor(() => expect(openweather()?.status).toBe('up'), { timeout: UI_TIMEOUT_MS, interval: 100 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens from the Usage tab', async () => {
    await harness.page.getByTestId('nav-usage').click();

    await harness.page.getByTestId('usage-table').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await readText(harness.page, 'usage-calls-openweather')).toBe('1');
  });

  it('month picker shows the current month', async () => {
    const picker = harness.page.getByTestId('usage-month');
    const current = harness.hub.usage.summary().currentMonth;

    await expect.poll(() => picker.inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(current);
    const options = await picker.locator('option').evaluateAll((elements) => elements.map((element) => (element as HTMLOptionElement).value));
    expect(options).toEqual([current, pastMonth()]);
  });

  it('shows an unknown time zone as an error', async () => {
    const { page } = harness;
    await page.getByTestId('usage-time-zone').fill('Mars/Olympus');
    await page.getByTestId('usage-settings-save').click();

    await expectText(page, 'usage-save-error', 'Unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin, America/New_York or UTC.');
  });

  it('switches the windows to a zone far from UTC', async () => {
    const { page } = harness;
    await page.getByTestId('usage-time-zone').fill('Pacific/Chatham');
    await page.getByTestId('usage-settings-save').click();

    await expectText(page, 'usage-effective-time-zone', 'Pacific/Chatham');
    expect(harness.hub.usage.settings().timeZone).toBe('Pacific/Chatham');
    expect(await page.getByTestId('usage-save-error').count()).toBe(0);
  });

  it('saves a daily call quota', async () => {
    const { page } = harness;
    await page.getByTestId('budget-openweather-dailyCalls').fill('2');
    await page.getByTestId('budget-openweather-save').click();

    await expect.poll(() => harness.hub.usage.settings().settings.budgets.openweather.dailyCalls, { timeout: UI_TIMEOUT_MS }).toBe(2);
    await page.getByTestId('meter-daily-calls').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('counts calls as they happen and alerts at the quota', async () => {
    const { page, hub } = harness;
    // The probe after saving the key was the first call; this second one reaches the quota of 2.
    await hub.testConnection('openweather');

    await expectText(page, 'usage-calls-openweather', '2');
    await page.getByTestId('usage-alert-banner').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await readText(page, 'usage-alert-banner')).toContain('OpenWeather has used 100% of its daily call quota: 2 calls of 2 calls');
    // The 80% and 100% alerts arrive together; the badge counts the limit once.
    expect(await readText(page, 'usage-alert-count')).toBe('1');
    expect(harness.notifications.map((notification) => notification.title)).toContain('OpenWeather: limit reached');
  });

  it('draws the charts with uPlot', async () => {
    const { page } = harness;

    for (const chart of ['calls', 'units-tokens', 'units-requests', 'cost']) {
      await page.getByTestId(`usage-chart-${chart}`).locator('canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-results', 'usage.png'), fullPage: true });
  });

  it('charts each unit on its own axis', async () => {
    const { page } = harness;
    const tokens = page.getByTestId('usage-chart-units-tokens');
    const requests = page.getByTestId('usage-chart-units-requests');

    expect(await tokens.locator('.u-legend').textContent()).toContain('OpenAI (tokens)');
    expect(await tokens.locator('.u-legend').textContent()).not.toContain('OpenWeather');
    expect(await requests.locator('.u-legend').textContent()).toContain('OpenWeather (requests)');
    expect(await requests.locator('.u-legend').textContent()).not.toContain('OpenAI');
    expect(await page.getByTestId('usage-chart-units-characters').count()).toBe(0);
  });

  it('scales the cost axis to the data', async () => {
    const { page } = harness;
    await page.getByTestId('usage-range').selectOption('12mo');
    await expect.poll(async () => amountOf((await axisLabels(page, 'usage-chart-cost')).at(-1) ?? ''), { timeout: UI_TIMEOUT_MS }).toBeGreaterThanOrEqual(PAST_COST);
    const labels = await axisLabels(page, 'usage-chart-cost');

    expect(amountOf(labels.at(-1) ?? '')).toBeLessThanOrEqual(2 * PAST_COST);
    expect(labels[0]).toMatch(/^\$0(\.00)?$/);
    for (const label of labels) expect(label).toMatch(/^\$[\d,.]+$/);
    await page.getByTestId('usage-range').selectOption('30d');
  });

  it('stamps an edited price with the date it was set', async () => {
    const { page } = harness;
    const today = harness.hub.usage.summary().alerts[0]?.window ?? '';
    await page.getByTestId('price-mapbox-default-input').fill('1.5');
    await page.getByTestId('price-mapbox-default-save').click();

    await expectText(page, 'price-mapbox-default-set-at', today);
    const row = harness.hub.usage.settings().prices.find((price) => price.provider === 'mapbox');
    expect(row?.inputPrice).toBe(1.5);
    expect(row?.source).toBe('edited by the user');
  });

  it('exports the usage table as CSV', async () => {
    const { page } = harness;
    await clickAndWaitForIdle(page, 'usage-export');
    const path = await page.getByTestId('usage-export-result').locator('code').textContent({ timeout: UI_TIMEOUT_MS });
    const rows = parseCsv(await readFile(path ?? '', 'utf8'));

    expect(rows[0]).toEqual(['time', 'call_id', 'provider', 'operation', 'model', 'unit', 'units', 'input_units', 'output_units', 'measured', 'cost', 'currency']);
    expect(rows.slice(1).filter((row) => row[2] === 'openweather')).toHaveLength(2);
  });

  it('marks a quota bar past 100% as exceeded', async () => {
    const { page, hub } = harness;
    await hub.testConnection('openweather');
    const meter = page.getByTestId('usage-meters-openweather').getByTestId('meter-daily-calls');

    await expectText(page, 'usage-calls-openweather', '3');
    await expect.poll(() => meter.getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('exceeded');
    expect(await meter.getByTestId('meter-daily-calls-status').textContent()).toBe('150%, over the limit');
    expect(await meter.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('150%, over the limit');
  });

  it('shows a past month without the meters of today', async () => {
    const { page } = harness;
    await page.getByTestId('usage-month').selectOption(pastMonth());

    await expectText(page, 'usage-calls-openweather', '0');
    expect(await page.getByTestId('usage-month').inputValue()).toBe(pastMonth());
    expect(await readText(page, 'usage-calls-openai')).toBe('1');
    expect(await page.getByTestId('meter-daily-calls').count()).toBe(0);
    expect(await page.locator('[data-testid^="usage-headroom-"]').count()).toBe(0);
    expect(await readText(page, 'usage-table-caption')).toContain('A past month');
  });

  it('measures a past month against its monthly budget', async () => {
    const meter = harness.page.getByTestId('usage-meters-openai').getByTestId('meter-monthly-budget');

    expect(await meter.getAttribute('data-state')).toBe('exceeded');
    expect(await meter.getByTestId('meter-monthly-budget-status').textContent()).toBe('500%, over the limit');
    expect(await meter.textContent()).toContain('Budget in ');
    expect(await meter.textContent()).toContain('ended');
  });

  it('returns to the current month with its meters', async () => {
    const { page, hub } = harness;
    await page.getByTestId('usage-month').selectOption(hub.usage.summary().currentMonth);

    await expectText(page, 'usage-calls-openweather', '3');
    await page.getByTestId('meter-daily-calls').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('usage-meters-openai').getByTestId('meter-monthly-budget').getAttribute('data-state')).toBe('normal');
  });

  it('hides the banner when dismissed', async () => {
    const { page } = harness;
    await page.getByTestId('usage-alert-dismiss').click();

    await expect.poll(() => page.getByTestId('usage-alert-banner').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });
});

/**
 * The Usage page end to end in Chromium: a real hub records the calls the
 * test makes against the simulators, and the page shows them, edits the
 * time zone, quotas and prices, raises the alert banner and exports CSV.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { clickAndWaitForIdle, expectText, parseCsv, readText, UI_TIMEOUT_MS } from './scenario.ts';

describe('usage page in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    const { hub, environment } = harness;
    // The scheduler's first probe runs about a second after start. Waiting until it has passed
    // (the next one is a day away) keeps it from adding a call once the key is set.
    const nextProbeIn = () => (hub.listProviders().find((view) => view.provider === 'openweather')?.nextProbeAt ?? 0) - Date.now();
    await vi.waitFor(() => expect(nextProbeIn()).toBeGreaterThan(3_600_000), { timeout: UI_TIMEOUT_MS, interval: 100 });
    await hub.setSecret('openweather', 'apiKey', environment.simulators.credentials.openweather.apiKey as string);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens from the Usage tab', async () => {
    await harness.page.getByTestId('nav-usage').click();

    await harness.page.getByTestId('usage-table').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await readText(harness.page, 'usage-calls-openweather')).toBe('0');
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
    await hub.testConnection('openweather');
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

    for (const metric of ['calls', 'units', 'cost']) {
      await page.getByTestId(`usage-chart-${metric}`).locator('canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-results', 'usage.png'), fullPage: true });
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

  it('hides the banner when dismissed', async () => {
    const { page } = harness;
    await page.getByTestId('usage-alert-dismiss').click();

    await expect.poll(() => page.getByTestId('usage-alert-banner').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });
});

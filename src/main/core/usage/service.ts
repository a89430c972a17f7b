/**
 * Usage, cost, budgets and alerts of every provider. The call path passes it
 * each response (for the limits the provider reports) and each successful
 * call (for its usage), and calls `admit` before sending to apply the hard
 * stop.
 */
import { open } from 'node:fs/promises';
import {
  PROVIDER_IDS,
  type PriceEntry,
  type ProviderBudget,
  type ProviderId,
  type ProviderUsage,
  type QuotaMeter,
  type UsageAlert,
  type UsagePeriod,
  type UsageSeries,
  type UsageSettings,
  type UsageSettingsView,
  type UsageSummary,
} from '../../../shared/types.ts';
import type { Clock, Logger, Notifier, UsageApi, UsageSettingsChange } from '../ports.ts';
import { PROVIDERS } from '../providers/catalog.ts';
import type { Interpretation, ProviderResponse } from '../providers/types.ts';
import { checkExportTarget } from '../export-target.ts';
import { encodeCsvRow } from '../store/csv.ts';
import { replaceFileAtomically } from '../store/export.ts';
import { estimateUnits, extractUsage, PROVIDER_UNITS, type UsageRequest } from './extract.ts';
import { HeadroomTracker } from './headroom.ts';
import { alertKey, allowanceMeter, buildAlert, buildMeters, buildMonthMeters, hardStopMessage, hasLimits, type WindowTotals } from './meters.ts';
import { costOf, editedPrice, findPrice, mergePrices, USAGE_CURRENCY } from './prices.ts';
import { applyUsagePatch } from './settings.ts';
import { dateLabel, dayWindow, localTime, machineTimeZone, monthLabel, monthWindow, parseMonth, validateTimeZone, type TimeWindow } from './time-zone.ts';
import type { UsageRecord, UsageStore, UsageTotals } from './usage-store.ts';

export interface UsageServiceOptions {
  store: UsageStore;
  /** The hub's data folder, whose own files an export must never replace. */
  dataDir: string;
  clock: Clock;
  notifier: Notifier;
  logger: Logger;
  loadSettings(): UsageSettings;
  saveSettings(settings: UsageSettings): void;
  onRecorded(record: UsageRecord): void;
  onAlert(alert: UsageAlert): void;
}

/** Columns of the usage CSV export, in order. */
export const USAGE_CSV_COLUMNS = ['time', 'call_id', 'provider', 'operation', 'model', 'unit', 'units', 'input_units', 'output_units', 'measured', 'cost', 'currency'] as const;

const EXPORT_PAGE_ROWS = 1_000;

export class UsageService implements UsageApi {
  private readonly options: UsageServiceOptions;
  private readonly headroom = new HeadroomTracker();

  constructor(options: UsageServiceOptions) {
    this.options = options;
    this.options.store.useTimeZone(this.timeZone());
  }

  /** Returns the configured time zone, or the machine's when none is set or the stored one is unknown. */
  timeZone(): string {
    const stored = this.options.loadSettings().timeZone;
    if (stored === null) return machineTimeZone();

    try {
      return validateTimeZone(stored);
    } catch {
      this.options.logger.log('warn', 'usage', 'Stored time zone is unknown; using the machine time zone', { timeZone: stored });
      return machineTimeZone();
    }
  }

  /**
   * Keeps the rate-limit and quota figures of any response, successful or
   * not, and alerts when a reported allowance crosses a threshold.
   */
  observe(provider: ProviderId, interpretation: Pick<Interpretation, 'rateLimit' | 'quota'>): void {
    this.headroom.observe(provider, interpretation, this.options.clock.now());
    if (!interpretation.quota) return;

    const timeZone = this.timeZone();
    const meter = allowanceMeter(interpretation.quota, timeZone);
    if (meter) this.raiseAlerts(provider, [meter], this.options.loadSettings().thresholds, timeZone);
  }

  /**
   * Returns why a hard stop rejects this call, or null to send it. Probes
   * always pass, so the dashboard keeps showing health while a quota is spent.
   */
  admit(provider: ProviderId, request: UsageRequest & { operation: string }): string | null {
    const settings = this.options.loadSettings();
    const budget = settings.budgets[provider];
    if (!budget.hardStop || request.operation.startsWith('probe:')) return null;

    // NOTE: calls still in flight are not counted yet, so concurrent calls can pass a quota by a few.
    const timeZone = this.timeZone();
    const meters = buildMeters(budget, PROVIDER_UNITS[provider], USAGE_CURRENCY, this.windowTotals(provider, timeZone));
    return hardStopMessage(provider, meters, estimateUnits(provider, request), timeZone);
  }

  /** Stores the usage and cost of one successful call, then checks its limits for alerts. */
  record(provider: ProviderId, callId: string, request: UsageRequest & { operation: string }, response: ProviderResponse): UsageRecord {
    const settings = this.options.loadSettings();
    const timeZone = this.timeZone();
    const time = this.options.clock.now();
    const sample = extractUsage(provider, request, response);
    const price = findPrice(mergePrices(settings.prices), provider, sample.model, settings.budgets[provider].plan);
    const usedBefore = price && (price.freeUnits ?? 0) > 0 ? this.usedInFreePeriod(provider, price, time, timeZone) : 0;

    const record: UsageRecord = { callId, time, provider, operation: request.operation, ...sample, cost: costOf(sample, price, usedBefore), currency: USAGE_CURRENCY };
    this.options.store.insert(record, timeZone);
    this.options.onRecorded(record);
    this.checkAlerts(provider, settings, timeZone);
    return record;
  }

  /**
   * Returns the usage of every provider in `month`, the current month by
   * default. Any other month gets its own totals, meters of its monthly
   * limits against those totals, and no figures for today, so no value of
   * the current windows mixes in. `alerts` are always those of the current windows.
   */
  summary(month?: string): UsageSummary {
    const timeZone = this.timeZone();
    const now = this.options.clock.now();
    const current = monthWindow(now, timeZone);
    const window = month === undefined ? current : parseMonth(month, timeZone);
    const isCurrent = window.start === current.start;
    const providers = PROVIDER_IDS.map((provider) => (isCurrent ? this.currentUsage(provider, timeZone) : this.monthUsage(provider, timeZone, window)));
    const total = { calls: providers.reduce((sum, row) => sum + row.calls, 0), cost: providers.reduce((sum, row) => sum + row.cost, 0) };
    const alerts = this.options.store.activeAlerts(now);
    const months = this.options.store.monthStarts(timeZone).map((start) => monthLabel(localTime(start, timeZone)));
    return {
      month: window.label,
      currentMonth: current.label,
      months: [...new Set([current.label, ...months])].toSorted().toReversed(),
      timeZone,
      currency: USAGE_CURRENCY,
      start: window.start,
      end: window.end,
      providers,
      total,
      alerts,
    };
  }

  series(period: UsagePeriod, since: number, until: number): UsageSeries {
    const timeZone = this.timeZone();
    const rows = this.options.store.rollups(timeZone, period, since, until);
    const starts = [...new Set(rows.map((row) => row.start))];
    const index = new Map(starts.map((start, position) => [start, position]));
    const providers = PROVIDER_IDS.map((provider) => {
      const zeros = () => starts.map(() => 0);
      return { provider, unit: PROVIDER_UNITS[provider], calls: zeros(), units: zeros(), cost: zeros() };
    });
    for (const row of rows) {
      const series = providers[PROVIDER_IDS.indexOf(row.provider)];
      const position = index.get(row.start) as number;
      if (!series) continue;

      series.calls[position] = row.calls;
      series.units[position] = row.units;
      series.cost[position] = row.cost;
    }
    return { period, timeZone, currency: USAGE_CURRENCY, starts, providers };
  }

  settings(): UsageSettingsView {
    const settings = this.options.loadSettings();
    return { settings, timeZone: this.timeZone(), machineTimeZone: machineTimeZone(), currency: USAGE_CURRENCY, prices: mergePrices(settings.prices) };
  }

  updateSettings(change: UsageSettingsChange): UsageSettingsView {
    const next = applyUsagePatch(this.options.loadSettings(), change);
    this.options.saveSettings(next);
    const timeZone = this.timeZone();
    if (this.options.store.useTimeZone(timeZone)) {
      this.options.logger.log('info', 'usage', 'Rebuilt the usage rollups for a new time zone', { timeZone });
    }
    for (const provider of PROVIDER_IDS) this.checkAlerts(provider, next, timeZone);
    return this.settings();
  }

  setPrice(row: Omit<PriceEntry, 'setAt' | 'source'>): UsageSettingsView {
    const settings = this.options.loadSettings();
    const today = dateLabel(localTime(this.options.clock.now(), this.timeZone()));
    const price = editedPrice(row, today);
    const prices = [...settings.prices.filter((entry) => entry.provider !== row.provider || entry.item !== row.item), price];
    this.options.saveSettings({ ...settings, prices });
    return this.settings();
  }

  /**
   * Writes the per-call usage rows (of one month, or all) to `path` as CSV.
   * The file is replaced atomically, and the hub's own data files are refused.
   */
  async exportCsv(path: string, month?: string): Promise<number> {
    const window = month === undefined ? { start: 0, end: Number.MAX_SAFE_INTEGER } : parseMonth(month, this.timeZone());
    const target = await checkExportTarget(path, this.options.dataDir);

    return replaceFileAtomically(target, async (temporaryPath) => {
      const file = await open(temporaryPath, 'wx');
      let rows = 0;
      try {
        await file.write(encodeCsvRow(USAGE_CSV_COLUMNS));
        for (let page = this.options.store.page(window.start, window.end, 0, EXPORT_PAGE_ROWS); page.length > 0; ) {
          await file.write(page.map(csvRow).join(''));
          rows += page.length;
          page = this.options.store.page(window.start, window.end, page.at(-1)?.id ?? 0, EXPORT_PAGE_ROWS);
        }
        await file.sync();
      } finally {
        await file.close();
      }
      return rows;
    });
  }

  close(): void {
    this.options.store.close();
  }

  private windowTotals(provider: ProviderId, timeZone: string): WindowTotals {
    const now = this.options.clock.now();
    const day = dayWindow(now, timeZone);
    const month = monthWindow(now, timeZone);
    return {
      day,
      month,
      today: this.options.store.totals(timeZone, 'day', provider, day.start),
      thisMonth: this.options.store.totals(timeZone, 'month', provider, month.start),
    };
  }

  /** Returns the usage of `provider` in the current month, with its meters in the current windows and today's figures. */
  private currentUsage(provider: ProviderId, timeZone: string): ProviderUsage {
    const budget = this.options.loadSettings().budgets[provider];
    const totals = this.windowTotals(provider, timeZone);
    const meters = buildMeters(budget, PROVIDER_UNITS[provider], USAGE_CURRENCY, totals);
    const { calls, units, cost } = totals.today;
    return this.providerUsage(provider, budget, totals.thisMonth, meters, { calls, units, cost });
  }

  /** Returns the usage of `provider` in a month other than the current one, with no figures for today. */
  private monthUsage(provider: ProviderId, timeZone: string, month: TimeWindow): ProviderUsage {
    const budget = this.options.loadSettings().budgets[provider];
    const totals = this.options.store.totals(timeZone, 'month', provider, month.start);
    // NOTE: limits are not kept per month, so a past month is measured against the limits set now.
    const meters = buildMonthMeters(budget, PROVIDER_UNITS[provider], USAGE_CURRENCY, month, totals);
    return this.providerUsage(provider, budget, totals, meters, null);
  }

  private providerUsage(
    provider: ProviderId,
    budget: ProviderBudget,
    month: UsageTotals,
    meters: readonly (QuotaMeter & { window: TimeWindow })[],
    today: ProviderUsage['today'],
  ): ProviderUsage {
    return {
      provider,
      unit: PROVIDER_UNITS[provider],
      calls: month.calls,
      units: month.units,
      inputUnits: month.inputUnits,
      outputUnits: month.outputUnits,
      cost: month.cost,
      currency: USAGE_CURRENCY,
      today,
      budget,
      meters: meters.map(({ window: _window, ...meter }) => meter),
      headroom: this.headroom.of(provider),
    };
  }

  /** Returns the units of `provider` used before `time` in the period of its free allowance. */
  private usedInFreePeriod(provider: ProviderId, price: PriceEntry, time: number, timeZone: string): number {
    const period = price.freePeriod ?? 'month';
    const window = period === 'day' ? dayWindow(time, timeZone) : monthWindow(time, timeZone);
    return this.options.store.totals(timeZone, period, provider, window.start).units;
  }

  private checkAlerts(provider: ProviderId, settings: UsageSettings, timeZone: string): void {
    // A budget without limits has nothing to meter, so no totals are read.
    if (!hasLimits(settings.budgets[provider])) return;

    const meters = buildMeters(settings.budgets[provider], PROVIDER_UNITS[provider], USAGE_CURRENCY, this.windowTotals(provider, timeZone));
    this.raiseAlerts(provider, meters, settings.thresholds, timeZone);
  }

  /**
   * Sends each threshold a meter has reached once per window. The store keeps
   * the keys, so a restart does not repeat them. When several thresholds are
   * reached at once only the highest becomes a tray notification.
   */
  private raiseAlerts(provider: ProviderId, meters: readonly (QuotaMeter & { window: TimeWindow })[], thresholds: readonly number[], timeZone: string): void {
    const now = this.options.clock.now();
    for (const meter of meters) {
      const fresh = thresholds
        .filter((threshold) => meter.percent >= threshold)
        .map((threshold) => buildAlert(provider, meter, threshold, now, timeZone))
        .filter((alert) => this.options.store.addAlert(alertKey(provider, meter.metric, meter.window, alert.threshold), alert, meter.window.end));
      for (const alert of fresh) this.options.onAlert(alert);

      const highest = fresh.at(-1);
      if (highest) this.notify(highest);
    }
  }

  private notify(alert: UsageAlert): void {
    const name = PROVIDERS[alert.provider].name;
    const title = alert.threshold >= 100 ? `${name}: limit reached` : `${name}: ${alert.threshold}% of a limit used`;
    this.options.notifier.notify({ provider: alert.provider, title, body: alert.message });
    this.options.logger.log('warn', 'usage', 'Usage alert', { provider: alert.provider, metric: alert.metric, threshold: alert.threshold, window: alert.window });
  }
}

function csvRow(row: UsageRecord): string {
  return encodeCsvRow([
    new Date(row.time).toISOString(),
    row.callId,
    row.provider,
    row.operation,
    row.model,
    row.unit,
    row.units,
    row.inputUnits,
    row.outputUnits,
    row.measured ? 1 : 0,
    row.cost,
    row.currency,
  ]);
}

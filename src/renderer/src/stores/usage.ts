/**
 * The Usage page: the month summary, the chart series, the usage settings
 * and prices, the last CSV export, and the alerts raised in the current
 * windows (shown as a banner on every view until dismissed).
 */
import { create } from 'zustand';
import type {
  ExportResult,
  PriceEntry,
  ProviderBudget,
  ProviderId,
  UsageAlert,
  UsagePeriod,
  UsageSeries,
  UsageSettingsView,
  UsageSummary,
} from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

/** Chart ranges offered on the page: bucket size and how far back it reaches. */
export const CHART_RANGES = {
  '48h': { label: 'Last 48 hours, hourly', period: 'hour', ms: 48 * 3_600_000 },
  '30d': { label: 'Last 30 days, daily', period: 'day', ms: 30 * 86_400_000 },
  '12mo': { label: 'Last 12 months, monthly', period: 'month', ms: 366 * 86_400_000 },
} as const satisfies Record<string, { label: string; period: UsagePeriod; ms: number }>;

export type ChartRange = keyof typeof CHART_RANGES;

/** Delay before usage events trigger a reload, so a burst of calls reloads once. */
export const RELOAD_DELAY_MS = 500;

export interface UsageChange {
  timeZone?: string | null;
  thresholds?: number[];
  budgets?: Partial<Record<ProviderId, Partial<ProviderBudget>>>;
}

export interface UsageState {
  summary: UsageSummary | null;
  series: UsageSeries | null;
  /** Time span the series was requested for, epoch milliseconds `[since, until)`. */
  seriesSpan: [number, number] | null;
  settings: UsageSettingsView | null;
  range: ChartRange;
  /** Month shown in the summary, `YYYY-MM`; null for the current month. */
  month: string | null;
  loadError: string | null;
  /** Error of the last settings or price change, shown next to the forms. */
  saveError: string | null;
  exportRun: { running: boolean; result: ExportResult | null; error: string | null };
  /** Alerts of the current windows the user has not dismissed, newest first. */
  alerts: UsageAlert[];
  dismissed: string[];
  load(): Promise<void>;
  loadSeries(): Promise<void>;
  setRange(range: ChartRange): Promise<void>;
  setMonth(month: string | null): Promise<void>;
  updateSettings(change: UsageChange): Promise<boolean>;
  setPrice(row: Omit<PriceEntry, 'setAt' | 'source'>): Promise<boolean>;
  exportCsv(): Promise<void>;
  receiveAlert(alert: UsageAlert): void;
  dismissAlerts(): void;
  /** Reloads after `RELOAD_DELAY_MS`, once for any number of calls in between. */
  scheduleReload(): void;
}

export function alertId(alert: UsageAlert): string {
  return `${alert.provider}|${alert.metric}|${alert.window}|${alert.threshold}`;
}

/** Keeps the highest threshold of each limit and window, newest first, because it repeats the lower ones. */
export function highestAlerts(alerts: readonly UsageAlert[]): UsageAlert[] {
  const best = new Map<string, UsageAlert>();
  for (const alert of alerts) {
    const key = `${alert.provider}|${alert.metric}|${alert.window}`;
    const known = best.get(key);
    if (!known || alert.threshold > known.threshold) best.set(key, alert);
  }
  return [...best.values()].toSorted((a, b) => b.time - a.time);
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

/** The usage store. */
export const useUsageStore = create<UsageState>()((set, get) => ({
  summary: null,
  series: null,
  seriesSpan: null,
  settings: null,
  range: '30d',
  month: null,
  loadError: null,
  saveError: null,
  exportRun: { running: false, result: null, error: null },
  alerts: [],
  dismissed: [],

  async load() {
    try {
      const month = get().month;
      const [summary, settings] = await Promise.all([
        hub().request('usage.summary', month === null ? {} : { month }),
        hub().request('usage.settings'),
      ]);
      const dismissed = new Set(get().dismissed);
      set({ summary, settings, loadError: null, alerts: highestAlerts(summary.alerts.filter((alert) => !dismissed.has(alertId(alert)))) });
      await get().loadSeries();
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },

  async loadSeries() {
    const { period, ms } = CHART_RANGES[get().range];
    const until = Date.now() + 3_600_000;
    try {
      const series = await hub().request('usage.series', { period, since: until - ms, until });
      set({ series, seriesSpan: [until - ms, until] });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },

  async setRange(range) {
    set({ range });
    await get().loadSeries();
  },

  async setMonth(month) {
    set({ month });
    await get().load();
  },

  async updateSettings(change) {
    try {
      set({ settings: await hub().request('usage.updateSettings', change), saveError: null });
      await get().load();
      return true;
    } catch (error) {
      set({ saveError: errorMessage(error) });
      return false;
    }
  },

  async setPrice(row) {
    try {
      set({ settings: await hub().request('usage.setPrice', row), saveError: null });
      return true;
    } catch (error) {
      set({ saveError: errorMessage(error) });
      return false;
    }
  },

  async exportCsv() {
    set({ exportRun: { running: true, result: null, error: null } });
    try {
      // The export covers the month the page shows, which is the current one until the user picks another.
      const month = get().month ?? get().summary?.month ?? null;
      const result = await hub().request('usage.export', month === null ? {} : { month });
      set({ exportRun: { running: false, result: result.path === null ? null : result, error: null } });
    } catch (error) {
      set({ exportRun: { running: false, result: null, error: errorMessage(error) } });
    }
  },

  receiveAlert(alert) {
    const id = alertId(alert);
    const rest = get().alerts.filter((known) => alertId(known) !== id);
    set({ alerts: highestAlerts([alert, ...rest]), dismissed: get().dismissed.filter((known) => known !== id) });
    get().scheduleReload();
  },

  dismissAlerts() {
    // Lower thresholds of the same window count as seen, so a reload does not bring them back.
    const seen = (get().summary?.alerts ?? []).concat(get().alerts).map(alertId);
    set({ dismissed: [...new Set([...get().dismissed, ...seen])], alerts: [] });
  },

  scheduleReload() {
    if (reloadTimer !== null) return;

    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().load();
    }, RELOAD_DELAY_MS);
  },
}));

/** Selects the undismissed alerts. */
export const useUsageAlerts = (): UsageAlert[] => useUsageStore((state) => state.alerts);

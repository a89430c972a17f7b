/**
 * The ports the shell provides to the core. The Electron app, the CLI and the
 * tests each plug in their own implementations; the core never imports
 * `electron`.
 */
import type { HubEvents } from '../../shared/contract.ts';
import type {
  AppInfo,
  BreakerState,
  CredentialHint,
  ExportFormat,
  HealthStatus,
  KeychainStatus,
  LogFilter,
  LogPage,
  LogQuery,
  ProbeResult,
  ProviderId,
  ProviderSettings,
  ProviderView,
  UsagePeriod,
  UsageSeries,
  UsageSettings,
  UsageSettingsView,
  UsageSummary,
  PriceEntry,
  PolicyPatch,
  ResilienceEventPage,
  ResilienceEventQuery,
  CallDetail,
  RetentionSettings,
  StoreHealth,
} from '../../shared/types.ts';

export interface TimerHandle {
  /** Lets the process exit while the timer is pending, like Node's `unref`. */
  unref?(): unknown;
}

/** Time source and timers, injectable so tests run on a fake clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line: ids and figures, never secrets. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, component: string, message: string, fields?: LogFields, error?: unknown): void;
}

/** Where secrets live: the OS keychain, environment variables, or memory in unit tests. */
export interface SecretStore {
  /** Human-readable source name, such as `keychain` or `env`. */
  readonly kind: 'keychain' | 'env' | 'memory';
  get(provider: ProviderId, field: string): Promise<string | null>;
  /** Throws `KeychainUnavailableError` when the backing store cannot be reached. */
  set(provider: ProviderId, field: string, value: string): Promise<void>;
  delete(provider: ProviderId, field: string): Promise<void>;
  /** Whether the store can be reached right now, with a sentence for the user if not. */
  status(): Promise<KeychainStatus>;
}

/** Stored settings of all providers plus the app's own preferences. */
export interface SettingsStore {
  getProvider(provider: ProviderId): ProviderSettings;
  setProvider(provider: ProviderId, settings: ProviderSettings): void;
  /** Usage settings with defaults filled in; stores without it keep them in memory. */
  getUsage?(): UsageSettings;
  setUsage?(settings: UsageSettings): void;
  /** The user's changes to the provider's default policy, or null when there are none. */
  getPolicy?(provider: ProviderId): PolicyPatch | null;
  /** Stores the user's policy changes; null returns the provider to its defaults. */
  setPolicy?(provider: ProviderId, patch: PolicyPatch | null): void;
  /** Call log retention; stores without it use the defaults and cannot change them. */
  getRetention?(): RetentionSettings;
  setRetention?(retention: RetentionSettings): void;
}

export interface Notification {
  title: string;
  body: string;
  provider?: ProviderId;
}

/** OS notifications in the app, the terminal in the CLI, a recording fake in tests. */
export interface Notifier {
  notify(notification: Notification): void;
}

export type HubEventListener<E extends keyof HubEvents> = (payload: HubEvents[E]) => void;

/** The hub engine as the shell and the bridge see it. */
export interface Hub {
  info(): Promise<AppInfo>;
  listProviders(): ProviderView[];
  updateProvider(provider: ProviderId, patch: Partial<ProviderSettings>): ProviderView;
  testConnection(provider: ProviderId): Promise<ProbeResult>;
  /** Probes every enabled provider once, all at the same time. */
  probeAll(): Promise<ProbeResult[]>;
  setSecret(provider: ProviderId, field: string, value: string): Promise<CredentialHint[]>;
  /** Deletes one credential field, or all of the provider's when `field` is omitted. */
  deleteSecret(provider: ProviderId, field?: string): Promise<CredentialHint[]>;
  forceBreaker(provider: ProviderId, action: 'open' | 'close' | 'reset'): ProviderView;
  breakerState(provider: ProviderId): BreakerState;
  queryLogs(query: LogQuery): LogPage;
  /**
   * Writes matching attempts to `path`; returns the number of rows written.
   * With an `exportId`, progress goes out as `export.progress` events and
   * `cancelExport` stops it.
   */
  exportLogs(
    filter: LogFilter,
    format: ExportFormat,
    path: string,
    options?: { exportId?: string; signal?: AbortSignal },
  ): Promise<number>;
  /** The worst status among enabled providers, for the tray icon. */
  worstStatus(): HealthStatus;
  on<E extends keyof HubEvents>(event: E, listener: HubEventListener<E>): () => void;
  /**
   * Applies `patch` over the provider's policy, stores it and rebuilds the
   * provider's runtime at once; the breaker keeps its state. Throws
   * `invalid_argument` naming the value and the fix.
   */
  updatePolicy(provider: ProviderId, patch: PolicyPatch): ProviderView;
  /** Drops the user's policy changes and applies the defaults at once. */
  resetPolicy(provider: ProviderId): ProviderView;
  /** Returns one page of resilience events, newest first. */
  queryEvents(query: ResilienceEventQuery): ResilienceEventPage;
  /** Starts the probe schedule. */
  start(): void;
  /** Stops timers, flushes the log and closes the store. */
  stop(): Promise<void>;
  /** The attempts and breaker events of one call. */
  callDetail(callId: string): CallDetail;
  /** Cancels a running export; false when none has that id. */
  cancelExport(exportId: string): boolean;
  retention(): RetentionSettings;
  /** Stores the retention limits and prunes to them at once. */
  setRetention(retention: RetentionSettings): RetentionSettings;
  /** Whether the call log is being written. */
  storeHealth(): StoreHealth;
  /** Usage, cost, budgets and quotas per provider. */
  readonly usage: UsageApi;
}

/** A change to the usage settings; omitted fields keep their value. */
export interface UsageSettingsChange {
  timeZone?: string | null;
  thresholds?: number[];
  budgets?: Partial<Record<ProviderId, Partial<UsageSettings['budgets'][ProviderId]>>>;
}

/** The usage part of the hub: reports, settings, prices and the CSV export. */
export interface UsageApi {
  /** Usage of every provider in `month` (`YYYY-MM`, default: the current one) of the configured time zone. */
  summary(month?: string): UsageSummary;
  /** Calls, units and cost per hour, day or month with `since <= bucket start < until`. */
  series(period: UsagePeriod, since: number, until: number): UsageSeries;
  settings(): UsageSettingsView;
  /** Throws `invalid_argument` naming the value for an unknown time zone or an invalid limit. */
  updateSettings(change: UsageSettingsChange): UsageSettingsView;
  /** Replaces one price row and stamps it with today's date; the change applies to later calls. */
  setPrice(row: Omit<PriceEntry, 'setAt' | 'source'>): UsageSettingsView;
  /** Writes the usage table of `month` (default: all) as CSV to `path`; returns the rows written. */
  exportCsv(path: string, month?: string): Promise<number>;
}

/**
 * Domain types shared by the core, the bridge and the renderer. Everything
 * here is plain data that survives structured cloning across IPC.
 */

export const PROVIDER_IDS = [
  'openai',
  'amadeus',
  'mapbox',
  'openweather',
  'elevenlabs',
  'supabase',
  'stripe',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

/**
 * Health of one provider. `auth_failed` means the provider rejected the key
 * (error class `auth`), which the user fixes in the settings, not an outage.
 * `paused` means the user keeps the breaker open, so no call reaches the
 * provider until the breaker is closed or reset. `unconfigured` means a
 * credential is missing, which is not an outage either. `unknown` means no
 * probe has finished yet.
 */
export type HealthStatus = 'up' | 'degraded' | 'down' | 'auth_failed' | 'paused' | 'unconfigured' | 'disabled' | 'unknown';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * The result of one attempt. `rejected` attempts never left the hub (breaker
 * open, rate limited, missing credential); `cancelled` ones were aborted.
 */
export type AttemptOutcome = 'success' | 'failure' | 'rejected' | 'cancelled';

/** The reason an attempt failed, in the terms a user acts on. */
export type ErrorClass =
  | 'auth'
  | 'rate_limit'
  | 'quota'
  | 'client'
  | 'server'
  | 'timeout'
  | 'network'
  | 'body_error'
  | 'breaker_open'
  | 'unconfigured'
  | 'cancelled';

/** One HTTP attempt as stored in the call log. Times are epoch milliseconds. */
export interface AttemptRecord {
  id?: number;
  time: number;
  /** Groups the attempts (retries) of one logical call. */
  callId: string;
  provider: ProviderId;
  /** The purpose of the call, such as `probe` or `oauth-token`. */
  operation: string;
  method: string;
  /** The request URL with every credential replaced by `[REDACTED]`. */
  url: string;
  httpStatus: number | null;
  latencyMs: number;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
  outcome: AttemptOutcome;
  errorClass: ErrorClass | null;
  errorMessage: string | null;
  /** Breaker state when the attempt finished. */
  breakerState: BreakerState;
  /** Request headers with every credential value replaced by `[REDACTED]`, when recorded. */
  requestHeaders?: Record<string, string> | null;
}

export interface ProbeResult {
  time: number;
  provider: ProviderId;
  status: HealthStatus;
  httpStatus: number | null;
  latencyMs: number | null;
  error: string | null;
  errorClass: ErrorClass | null;
}

export interface BreakerTransition {
  time: number;
  provider: ProviderId;
  from: BreakerState;
  to: BreakerState;
  reason: string;
}

/** User-editable settings of one provider connection. */
export interface ProviderSettings {
  enabled: boolean;
  /**
   * Replaces the scheme, host and port of the provider's default endpoint and
   * keeps the API path. For Supabase it is the project URL. Null uses the
   * provider's production host.
   */
  baseUrl: string | null;
  /** Seconds between scheduled probes. */
  probeIntervalSec: number;
}

/** The part of a credential the renderer may see: never the value itself. */
export interface CredentialHint {
  field: string;
  label: string;
  set: boolean;
  last4: string | null;
  /** The source of the value: the keychain or an environment variable. */
  source: 'keychain' | 'env' | 'memory' | null;
}

export interface LatencySummary {
  last: number | null;
  p50: number | null;
  p95: number | null;
}

/** The dashboard's view of one provider. */
export interface ProviderView {
  provider: ProviderId;
  name: string;
  defaultBaseUrl: string;
  docsUrl: string;
  settings: ProviderSettings;
  credentials: CredentialHint[];
  status: HealthStatus;
  latency: LatencySummary;
  /** Share of successful probes over the last 24 hours, 0 to 1, or null with no probes. */
  uptime24h: number | null;
  breaker: { state: BreakerState; since: number | null; reason: string | null };
  lastError: { message: string; time: number } | null;
  lastProbeAt: number | null;
  nextProbeAt: number | null;
  /** The resilience policy in force, the defaults it started from, and whether the user changed it. */
  policy: PolicyView;
}

export interface LogFilter {
  provider?: ProviderId;
  outcome?: AttemptOutcome;
  /** Inclusive lower bound, epoch milliseconds. */
  since?: number;
  /** Exclusive upper bound, epoch milliseconds. */
  until?: number;
  /** HTTP status of the response; attempts without a response never match. */
  httpStatus?: number;
  /** Exact operation name, such as `probe:models`. */
  operation?: string;
  /** Words that must all occur in the error message (full text, prefix match on each word). */
  text?: string;
}

export interface LogQuery extends LogFilter {
  /** Rows per page; at most 1000. */
  limit?: number;
  /** Keyset cursor from a previous page: rows older than this id. */
  beforeId?: number;
}

export interface LogPage {
  rows: AttemptRecord[];
  /** Pass as `beforeId` for the next page, or null when this page is the last. */
  nextCursor: number | null;
}

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportResult {
  /** Null when the user cancelled the save dialog. */
  path: string | null;
  rows: number;
}

export interface KeychainStatus {
  available: boolean;
  /** A sentence for the user when the keychain is unavailable. */
  message: string | null;
}

export interface AppInfo {
  version: string;
  demo: boolean;
  dataDir: string;
  keychain: KeychainStatus;
  /** Whether the call log is being written; absent from hubs that do not report it. */
  store?: StoreHealth;
}

/**
 * Whether the call log is being written. While `ok` is false, calls keep
 * flowing, attempts wait in memory (`pendingRows`), and once the queue is
 * full the oldest are dropped (`droppedRows`, counted since the hub started).
 */
export interface StoreHealth {
  ok: boolean;
  /** A sentence for the user naming the cause and the fix, or null while `ok`. */
  message: string | null;
  /** SQLite result code of the last failure, such as `SQLITE_FULL`, or null. */
  code: string | null;
  pendingRows: number;
  droppedRows: number;
  /** When the current failure started, epoch milliseconds, or null while `ok`. */
  since: number | null;
}

/** How long the call log keeps attempts. Null turns a limit off. */
export interface RetentionSettings {
  /** Attempts, probes and breaker events older than this many days are deleted. */
  maxAgeDays: number | null;
  /** The oldest attempts are deleted while the log uses more than this many megabytes. */
  maxSizeMb: number | null;
}

/** One logical call: its attempts oldest first, and the provider's breaker events meanwhile. */
export interface CallDetail {
  callId: string;
  attempts: AttemptRecord[];
  breakerEvents: BreakerTransition[];
}

/** Progress of a running export, pushed as `export.progress`. */
export interface ExportProgress {
  exportId: string;
  /** Rows written so far. */
  rows: number;
  /** Rows the export will write, counted when it starts. */
  total: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
}

/** Failure classes that a policy may retry. */
export const RETRYABLE_CLASSES = ['server', 'timeout', 'network', 'rate_limit'] as const;

export type RetryableClass = (typeof RETRYABLE_CLASSES)[number];

/**
 * The resilience policy of one provider as plain data: what the ConfigPanel
 * edits and the settings store keeps. Times are milliseconds.
 */
export interface ProviderPolicy {
  timeouts: { connectTimeoutMs: number; headersTimeoutMs: number; bodyTimeoutMs: number; deadlineMs: number };
  retry: {
    /** Retries after the first attempt. */
    retries: number;
    backoff: { baseMs: number; maxMs: number; jitter: 'full' | 'none' };
    /** Longest Retry-After a retry waits out; a longer one ends the call as rate limited. */
    maxRetryAfterMs: number;
    /** The failure classes that are retried, for requests that are safe to repeat. */
    retryOn: RetryableClass[];
  };
  breaker: {
    consecutiveFailures: number;
    /** Share in (0, 1]. */
    failureRateThreshold: number;
    windowSize: number;
    minimumCalls: number;
    openMs: number;
  };
  /** Client-side rate limit; null leaves the pace to the provider's headers. */
  rateLimit: { ratePerSec: number; burst: number } | null;
  bulkhead: { maxConcurrent: number; maxQueue: number };
}

/** A change to a policy: any section, any field; absent fields keep their value. */
export interface PolicyPatch {
  timeouts?: Partial<ProviderPolicy['timeouts']>;
  retry?: Partial<Omit<ProviderPolicy['retry'], 'backoff'>> & { backoff?: Partial<ProviderPolicy['retry']['backoff']> };
  breaker?: Partial<ProviderPolicy['breaker']>;
  rateLimit?: ProviderPolicy['rateLimit'];
  bulkhead?: Partial<ProviderPolicy['bulkhead']>;
}

export interface PolicyView {
  effective: ProviderPolicy;
  defaults: ProviderPolicy;
  /** True when the user changed any value. */
  overridden: boolean;
}

export type ResilienceEventType = 'retry' | 'break' | 'half-open' | 'reset' | 'give-up' | 'throttle';

/**
 * One resilience event as stored and shown in the logs view. Fields that do
 * not apply to the event type are null.
 */
export interface ResilienceEventRecord {
  id?: number;
  /** Epoch milliseconds. */
  time: number;
  provider: ProviderId;
  type: ResilienceEventType;
  /** Retry: the attempt about to start. Give-up: the attempts made. */
  attempt: number | null;
  /** Retry: the wait before it. Throttle: the estimated wait for a token. Break: the open wait. */
  delayMs: number | null;
  /** Give-up: the call's duration. Half-open and reset: how long the previous state lasted. */
  durationMs: number | null;
  /** The error or the reason, redacted. */
  detail: string | null;
}

export interface ResilienceEventQuery {
  provider?: ProviderId;
  type?: ResilienceEventType;
  /** Rows per page; at most 1000. */
  limit?: number;
  /** Keyset cursor: events older than this id. */
  beforeId?: number;
}

export interface ResilienceEventPage {
  rows: ResilienceEventRecord[];
  nextCursor: number | null;
}

/** The unit a provider bills in: OpenAI tokens, ElevenLabs characters, requests elsewhere. */
export type UsageUnit = 'tokens' | 'characters' | 'requests';

/** A budget or quota measured against its limit; `provider-quota` is the allowance the provider reports, such as ElevenLabs characters. */
export type UsageMetric = 'daily-calls' | 'monthly-calls' | 'daily-units' | 'monthly-units' | 'monthly-budget' | 'provider-quota';

/**
 * One row of the price table. Prices are in `USAGE_CURRENCY` per `per` units,
 * so an OpenAI row reads "USD per 1,000,000 tokens".
 */
export interface PriceEntry {
  provider: ProviderId;
  /** An OpenAI model id, an ElevenLabs plan, or `default`. */
  item: string;
  unit: UsageUnit;
  /** Price of `per` units of input (or of the only kind of unit). */
  inputPrice: number;
  /** Price of `per` output tokens; null where input and output cost the same. */
  outputPrice: number | null;
  per: number;
  /** Units free in each `freePeriod` before the price applies; null when nothing is free. */
  freeUnits: number | null;
  freePeriod: 'day' | 'month' | null;
  /** Date the price was set, `YYYY-MM-DD`. */
  setAt: string;
  /** Source of the figure: a pricing page, or `edited by the user`. */
  source: string;
}

/** Budget, quotas and hard stop of one provider. Null turns a limit off. */
export interface ProviderBudget {
  /** Monthly budget in `USAGE_CURRENCY`. */
  monthlyBudget: number | null;
  dailyCalls: number | null;
  monthlyCalls: number | null;
  dailyUnits: number | null;
  monthlyUnits: number | null;
  /** Reject calls once a call or unit quota is used up, instead of only alerting. */
  hardStop: boolean;
  /** ElevenLabs plan whose per-character price applies, such as `creator`. */
  plan: string | null;
}

/** Usage settings: time zone, alert thresholds, budgets per provider and edited prices. */
export interface UsageSettings {
  /** IANA time zone of the daily and monthly windows; null follows the machine. */
  timeZone: string | null;
  /** Alert thresholds in percent of a limit, ascending, such as [80, 100]. */
  thresholds: number[];
  budgets: Record<ProviderId, ProviderBudget>;
  /** Price rows the user edited; they replace the default row with the same provider and item. */
  prices: PriceEntry[];
}

/** Usage settings with the values in effect filled in, for the settings form. */
export interface UsageSettingsView {
  settings: UsageSettings;
  timeZone: string;
  machineTimeZone: string;
  currency: string;
  /** Default prices with the user's edits applied. */
  prices: PriceEntry[];
}

/**
 * How much of one limit is used in its current window. In the summary of a
 * past month it is a monthly limit measured against that month's totals.
 */
export interface QuotaMeter {
  metric: UsageMetric;
  used: number;
  limit: number;
  /** Unit of `used` and `limit`: `calls`, the provider's unit, or the currency. */
  unit: string;
  /** `used / limit` in percent, not capped at 100. */
  percent: number;
  /** Epoch milliseconds when the window resets, or reset already for a past month. */
  resetsAt: number;
}

/** Limits the provider last reported in its own responses. */
export interface ProviderHeadroom {
  /** Epoch milliseconds of the response the figures come from, or null when none has arrived. */
  observedAt: number | null;
  requests: { remaining: number; limit: number | null; resetsAt: number | null } | null;
  tokens: { remaining: number; limit: number | null; resetsAt: number | null } | null;
  /** A metered allowance such as ElevenLabs characters per billing period. */
  allowance: { used: number; limit: number; remaining: number; unit: string; resetsAt: number | null } | null;
}

/** Usage of one provider in one month, with its limits. */
export interface ProviderUsage {
  provider: ProviderId;
  unit: UsageUnit;
  calls: number;
  units: number;
  /** OpenAI input and output tokens; zero for other providers. */
  inputUnits: number;
  outputUnits: number;
  cost: number;
  currency: string;
  /** Figures of the current day, or null when the summary is of another month than the current one. */
  today: { calls: number; units: number; cost: number } | null;
  budget: ProviderBudget;
  meters: QuotaMeter[];
  headroom: ProviderHeadroom;
}

/** An alert sent when usage crossed a threshold of a limit. */
export interface UsageAlert {
  provider: ProviderId;
  metric: UsageMetric;
  threshold: number;
  used: number;
  limit: number;
  unit: string;
  /** Label of the window, `YYYY-MM-DD` or `YYYY-MM`. */
  window: string;
  resetsAt: number;
  time: number;
  message: string;
}

/** Usage of every provider in one month of the configured time zone. */
export interface UsageSummary {
  /** The month summarised, `YYYY-MM`. */
  month: string;
  /** The current month in `timeZone`, `YYYY-MM`. */
  currentMonth: string;
  /** Months with recorded usage and the current month, `YYYY-MM`, newest first. */
  months: string[];
  timeZone: string;
  currency: string;
  start: number;
  end: number;
  providers: ProviderUsage[];
  total: { calls: number; cost: number };
  /** Alerts raised in the current day and month windows, newest first. */
  alerts: UsageAlert[];
}

export type UsagePeriod = 'hour' | 'day' | 'month';

/** Calls, units and cost per bucket, in arrays aligned with `starts` (as uPlot takes them). */
export interface UsageSeries {
  period: UsagePeriod;
  timeZone: string;
  currency: string;
  /** Bucket starts, epoch milliseconds, ascending. */
  starts: number[];
  providers: { provider: ProviderId; unit: UsageUnit; calls: number[]; units: number[]; cost: number[] }[];
}

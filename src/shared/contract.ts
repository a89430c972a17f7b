/**
 * The bridge contract: every request the renderer may send to the main
 * process, with its payload schema and result type, and every event the core
 * pushes to open windows. The preload builds `window.hub` from this list and
 * nothing else, and the main process validates each payload against it.
 */
import { z } from 'zod';
import {
  PROVIDER_IDS,
  type AppInfo,
  type BreakerTransition,
  type AttemptRecord,
  type CallDetail,
  type ExportProgress,
  type RetentionSettings,
  type StoreHealth,
  type CredentialHint,
  type ExportResult,
  type KeychainStatus,
  type LogPage,
  type ProbeResult,
  type ProviderView,
  type UsageAlert,
  type UsageSeries,
  type UsageSettingsView,
  type UsageSummary,
  type UsageUnit,
  type ProviderId,
  type ResilienceEventPage,
  type ResilienceEventRecord,
  RETRYABLE_CLASSES,
} from './types.ts';

const providerId = z.enum(PROVIDER_IDS);
const outcome = z.enum(['success', 'failure', 'rejected', 'cancelled']);
const epochMs = z.number().int().nonnegative();

export const logFilterSchema = z.strictObject({
  provider: providerId.optional(),
  outcome: outcome.optional(),
  since: epochMs.optional(),
  until: epochMs.optional(),
  httpStatus: z.number().int().min(100).max(599).optional(),
  operation: z.string().min(1).max(200).optional(),
  text: z.string().min(1).max(500).optional(),
});

const exportId = z.string().min(1).max(100);

/** Retention limits; null turns a limit off. */
export const retentionSchema = z.strictObject({
  maxAgeDays: z.number().int().min(1).max(3650).nullable(),
  maxSizeMb: z.number().int().min(10).max(1_000_000).nullable(),
});

const settingsPatch = z.strictObject({
  enabled: z.boolean().optional(),
  baseUrl: z.string().max(2048).nullable().optional(),
  probeIntervalSec: z.number().int().min(5).max(86_400).optional(),
});

const month = z.string().regex(/^\d{4}-\d{2}$/, 'use YYYY-MM');
const limit = z.number().nonnegative().nullable();

const budgetPatch = z.strictObject({
  monthlyBudget: limit.optional(),
  dailyCalls: z.number().int().positive().nullable().optional(),
  monthlyCalls: z.number().int().positive().nullable().optional(),
  dailyUnits: limit.optional(),
  monthlyUnits: limit.optional(),
  hardStop: z.boolean().optional(),
  plan: z.string().min(1).max(64).nullable().optional(),
});

const usageSettingsPatch = z.strictObject({
  timeZone: z.string().max(64).nullable().optional(),
  thresholds: z.array(z.number().positive().max(1000)).min(1).max(10).optional(),
  budgets: z.partialRecord(providerId, budgetPatch).optional(),
});

const pricePatch = z.strictObject({
  provider: providerId,
  item: z.string().min(1).max(64),
  unit: z.enum(['tokens', 'characters', 'requests']),
  inputPrice: z.number().nonnegative(),
  outputPrice: z.number().nonnegative().nullable(),
  per: z.number().min(1),
  freeUnits: z.number().nonnegative().nullable(),
  freePeriod: z.enum(['day', 'month']).nullable(),
});
const ms = z.number().finite().nonnegative();
const count = z.number().finite();

/** A partial policy; the hub checks the ranges and names the value and the fix. */
export const policyPatchSchema = z.strictObject({
  timeouts: z
    .strictObject({ connectTimeoutMs: ms, headersTimeoutMs: ms, bodyTimeoutMs: ms, deadlineMs: ms })
    .partial()
    .optional(),
  retry: z
    .strictObject({
      retries: count,
      backoff: z.strictObject({ baseMs: ms, maxMs: ms, jitter: z.enum(['full', 'none']) }).partial(),
      maxRetryAfterMs: ms,
      retryOn: z.array(z.enum(RETRYABLE_CLASSES)).max(RETRYABLE_CLASSES.length),
    })
    .partial()
    .optional(),
  breaker: z
    .strictObject({
      consecutiveFailures: count,
      failureRateThreshold: count,
      windowSize: count,
      minimumCalls: count,
      openMs: ms,
    })
    .partial()
    .optional(),
  rateLimit: z.strictObject({ ratePerSec: count, burst: count }).nullable().optional(),
  bulkhead: z.strictObject({ maxConcurrent: count, maxQueue: count }).partial().optional(),
});

const eventType = z.enum(['retry', 'break', 'half-open', 'reset', 'give-up', 'throttle']);

/** Request name to payload schema. Results are typed in `RequestResults`. */
export const requestSchemas = {
  'app.info': z.undefined(),
  'providers.list': z.undefined(),
  'providers.update': z.strictObject({ provider: providerId, patch: settingsPatch }),
  'providers.test': z.strictObject({ provider: providerId }),
  'providers.probeAll': z.undefined(),
  'secrets.set': z.strictObject({
    provider: providerId,
    field: z.string().min(1).max(64),
    value: z.string().min(1).max(8192),
  }),
  'secrets.delete': z.strictObject({ provider: providerId, field: z.string().min(1).max(64).optional() }),
  'breaker.force': z.strictObject({
    provider: providerId,
    action: z.enum(['open', 'close', 'reset']),
  }),
  'logs.query': logFilterSchema.extend({
    limit: z.number().int().min(1).max(1000).optional(),
    beforeId: z.number().int().positive().optional(),
  }),
  'logs.export': z.strictObject({
    format: z.enum(['csv', 'jsonl']),
    filter: logFilterSchema,
    exportId: exportId.optional(),
  }),
  'usage.summary': z.strictObject({ month: month.optional() }).optional(),
  'usage.series': z.strictObject({ period: z.enum(['hour', 'day', 'month']), since: epochMs, until: epochMs }),
  'usage.settings': z.undefined(),
  'usage.updateSettings': usageSettingsPatch,
  'usage.setPrice': pricePatch,
  'usage.export': z.strictObject({ month: month.optional() }),
  'providers.updatePolicy': z.strictObject({ provider: providerId, patch: policyPatchSchema }),
  'providers.resetPolicy': z.strictObject({ provider: providerId }),
  'events.query': z.strictObject({
    provider: providerId.optional(),
    type: eventType.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    beforeId: z.number().int().positive().optional(),
  }),
  'logs.call': z.strictObject({ callId: z.string().min(1).max(200) }),
  'logs.exportCancel': z.strictObject({ exportId }),
  'logs.retention': z.undefined(),
  'logs.setRetention': retentionSchema,
  'logs.health': z.undefined(),
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<N extends RequestName> = z.infer<(typeof requestSchemas)[N]>;

export interface RequestResults {
  'app.info': AppInfo;
  'providers.list': ProviderView[];
  'providers.update': ProviderView;
  'providers.test': ProbeResult;
  'providers.probeAll': ProbeResult[];
  'secrets.set': CredentialHint[];
  'secrets.delete': CredentialHint[];
  'breaker.force': ProviderView;
  'logs.query': LogPage;
  'logs.export': ExportResult;
  'usage.summary': UsageSummary;
  'usage.series': UsageSeries;
  'usage.settings': UsageSettingsView;
  'usage.updateSettings': UsageSettingsView;
  'usage.setPrice': UsageSettingsView;
  'usage.export': ExportResult;
  'providers.updatePolicy': ProviderView;
  'providers.resetPolicy': ProviderView;
  'events.query': ResilienceEventPage;
  'logs.call': CallDetail;
  'logs.exportCancel': boolean;
  'logs.retention': RetentionSettings;
  'logs.setRetention': RetentionSettings;
  'logs.health': StoreHealth;
}

export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];

/** Events pushed from the core to every open window. */
export interface HubEvents {
  'provider.changed': ProviderView;
  'breaker.changed': BreakerTransition;
  'attempt.logged': AttemptRecord;
  'keychain.changed': KeychainStatus;
  'usage.recorded': { provider: ProviderId; callId: string; time: number; unit: UsageUnit; units: number; cost: number };
  'usage.alert': UsageAlert;
  'resilience.event': ResilienceEventRecord;
  'store.health': StoreHealth;
  'export.progress': ExportProgress;
}

export type EventName = keyof HubEvents;

export const EVENT_NAMES: readonly EventName[] = [
  'provider.changed',
  'breaker.changed',
  'attempt.logged',
  'keychain.changed',
  'usage.recorded',
  'usage.alert',
  'resilience.event',
  'store.health',
  'export.progress',
];

/** Error codes that cross the bridge. */
export type HubErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'keychain_unavailable'
  | 'forbidden_sender'
  | 'io_error'
  | 'internal'
  | 'cancelled'
  | 'unavailable';

export interface HubErrorData {
  code: HubErrorCode;
  message: string;
}

/** The reply to every request: errors travel as data. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: HubErrorData };

/** IPC channel for requests; the request name travels in the message. */
export const REQUEST_CHANNEL = 'hub:request';
/** IPC channel for events pushed to the renderer. */
export const EVENT_CHANNEL = 'hub:event';

/** The error the renderer receives when a request fails. */
export class HubRequestError extends Error {
  readonly code: HubErrorCode;

  constructor(data: HubErrorData) {
    super(data.message);
    this.name = 'HubRequestError';
    this.code = data.code;
  }
}

type RequestMethod<N extends RequestName> =
  undefined extends RequestPayload<N>
    ? (payload?: RequestPayload<N>) => Promise<RequestResults[N]>
    : (payload: RequestPayload<N>) => Promise<RequestResults[N]>;

/** The API the preload exposes as `window.hub`. */
export interface HubApi {
  request<N extends RequestName>(
    name: N,
    ...payload: Parameters<RequestMethod<N>>
  ): Promise<RequestResults[N]>;
  /** Subscribes to a core event; the returned function unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: HubEvents[E]) => void): () => void;
}

export type Invoke = (name: RequestName, payload: unknown) => Promise<Reply<unknown>>;
export type Subscribe = (listener: (event: EventName, payload: unknown) => void) => () => void;

/**
 * Builds `window.hub` over a transport: IPC in the app, a Playwright binding
 * in the end-to-end tests. Failed replies become `HubRequestError`s.
 */
export function createHubApi(invoke: Invoke, subscribe: Subscribe): HubApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let unsubscribe: (() => void) | null = null;

  const dispatch = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  return {
    async request(name, ...args) {
      if (!REQUEST_NAMES.includes(name)) throw new Error(`Unknown request "${String(name)}".`);
      const reply = await invoke(name, args[0]);
      if (!reply.ok) throw new HubRequestError(reply.error);
      return reply.value as never;
    },
    on(event, listener) {
      if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event "${String(event)}".`);
      unsubscribe ??= subscribe(dispatch);
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}

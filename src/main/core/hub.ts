/**
 * The composition root of the hub engine: store, attempt writer, provider
 * runtimes, call path, health probes, secrets and events. The Electron shell,
 * the CLI and the tests all create the hub through `createHub`.
 */
import type { HubEvents } from '../../shared/contract.ts';
import {
  PROVIDER_IDS,
  type AttemptRecord,
  type CredentialHint,
  type ExportFormat,
  type HealthStatus,
  type LogFilter,
  type LogQuery,
  type ProbeResult,
  type ProviderId,
  type ProviderSettings,
  type ProviderView,
  type PolicyPatch,
  type ResilienceEventQuery,
  type ResilienceEventRecord,
  type RetentionSettings,
  type StoreHealth,
  type CallDetail,
} from '../../shared/types.ts';
import { CallExecutor, type CallOutcome, type CallRequest, type CallOptions } from './calls.ts';
import { systemClock } from './clock.ts';
import { HubError, invalidArgument } from './errors.ts';
import { HubEmitter } from './hub-events.ts';
import { silentLogger } from './logger.ts';
import type { Clock, Hub, Logger, Notifier, SecretStore, SettingsStore } from './ports.ts';
import { ProbeScheduler } from './probe-scheduler.ts';
import { PROVIDERS, validateBaseUrl } from './providers/catalog.ts';
import { redactCredentialShapes } from './providers/redact.ts';
import type { ResiliencePolicy } from './resilience/policy.ts';
import { Credentials } from './credentials.ts';
import { ProviderHealth } from './provider-health.ts';
import { ProviderRuntimes } from './provider-runtimes.ts';
import type { ManagedRuntime } from './runtime.ts';
import { SecretCache } from './secret-cache.ts';
import { worstOf } from './status.ts';
import { checkExportTarget } from './export-target.ts';
import { exportAttempts } from './store/export.ts';
import { HubStore } from './store/store.ts';
import { DeferredWrites } from './store/deferred-writes.ts';
import { AttemptWriter } from './store/writer.ts';
import { MAX_PROBE_INTERVAL_SEC, MIN_PROBE_INTERVAL_SEC } from './settings.ts';
import { createUsageService, usageCallHooks } from './usage/hub-usage.ts';
import type { UsageService } from './usage/service.ts';
import type { ResilienceEvent } from './resilience/events.ts';
import { ResilienceLog, toEventRecord } from './resilience-log.ts';
import { DEFAULT_RETENTION } from './settings.ts';
import { ExportJobs } from './export-jobs.ts';
import { StoreHealthMonitor } from './store/health.ts';
import { RetentionPruner } from './store/retention.ts';

export interface HubOptions {
  dataDir: string;
  secrets: SecretStore;
  settings: SettingsStore;
  notifier: Notifier;
  logger?: Logger;
  clock?: Clock;
  /** Shown in the UI; demo mode runs against the built-in simulators. */
  demo?: boolean;
  version?: string;
  /** Changes to the default policy of a provider, such as shorter timeouts in tests. */
  policy?: (provider: ProviderId, policy: ResiliencePolicy) => ResiliencePolicy;
  /** Time a probe may take, retries included, before it counts as a failure. Default 20,000 ms. */
  probeTimeoutMs?: number;
  /** Attempt writer flush interval in milliseconds. Default 200. */
  flushIntervalMs?: number;
  /** Milliseconds between retention runs and WAL checkpoints. Default 60,000. */
  retentionIntervalMs?: number;
  /** Options passed to `HubStore.open`, such as a page cap in tests. */
  store?: { busyTimeoutMs?: number; maxPageCount?: number };
  /** The hub runs as the `hub` command: hints name its commands and variables instead of the app's panels. */
  headless?: boolean;
}

/** Default time a probe may take, retries included, in milliseconds. */
export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

class HubEngine implements Hub {
  private readonly options: HubOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly store: HubStore;
  private readonly writer: AttemptWriter;
  private readonly events = new HubEmitter();
  private readonly secrets: SecretCache;
  private readonly credentials: Credentials;
  private readonly runtimes: ProviderRuntimes;
  private readonly health: ProviderHealth;
  private readonly scheduler: ProbeScheduler;
  private readonly executor: CallExecutor;
  private readonly storeHealthMonitor: StoreHealthMonitor;
  private readonly deferredWrites: DeferredWrites;
  private readonly pruner: RetentionPruner;
  private readonly exportJobs: ExportJobs;
  private stopped = false;
  readonly usage: UsageService;
  private readonly resilienceLog: ResilienceLog;
  /** Aborted by `stop`, so calls in flight and their waits end at once. */
  private readonly stopController = new AbortController();

  constructor(options: HubOptions, store: HubStore) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.store = store;
    this.secrets = new SecretCache(options.secrets);
    this.credentials = new Credentials({ store: options.secrets, cache: this.secrets, events: this.events, logger: this.logger });
    this.storeHealthMonitor = new StoreHealthMonitor({
      path: store.path,
      logger: this.logger,
      now: () => this.clock.now(),
      queue: () => ({ pendingRows: this.writer.pending, droppedRows: this.writer.dropped }),
      onChange: (health) => {
        if (!this.stopped) this.events.emit('store.health', health);
      },
    });
    this.deferredWrites = new DeferredWrites({
      clock: this.clock,
      onFailed: (error, what) => this.storeHealthMonitor.failed(error, what),
    });
    const sink = {
      insertAttempts: (rows: readonly AttemptRecord[]) => {
        store.insertAttempts(rows);
        this.storeHealthMonitor.written();
      },
    };
    this.writer = new AttemptWriter(sink, {
      clock: this.clock,
      flushIntervalMs: options.flushIntervalMs,
      onError: (error) => this.storeHealthMonitor.failed(error),
    });
    this.usage = createUsageService({ options, clock: this.clock, logger: this.logger, storePath: store.path, events: this.events, isStopped: () => this.stopped });
    this.pruner = new RetentionPruner(store, {
      clock: this.clock,
      retention: () => this.retention(),
      intervalMs: options.retentionIntervalMs,
      onError: (error) => this.logger.log('warn', 'store', 'Pruning the call log failed', {}, error),
    });
    this.exportJobs = new ExportJobs((progress) => {
      if (!this.stopped) this.events.emit('export.progress', progress);
    }, () => this.clock.now());
    this.runtimes = new ProviderRuntimes({
      clock: this.clock,
      logger: this.logger,
      settings: options.settings,
      adjustPolicy: options.policy,
      baseUrl: (provider) => this.settings(provider).baseUrl,
      breakerSnapshot: (provider) => store.breakerSnapshot(provider),
      recordAttempt: (attempt) => this.recordAttempt(attempt),
      onBreakerEvent: (event) => this.health.onBreakerEvent(event),
      onLimiterEvent: (event) => this.onResilienceEvent(event),
    });
    this.executor = new CallExecutor({
      ...usageCallHooks(this.usage, this.logger),
      clock: this.clock,
      runtime: (provider) => this.runtime(provider),
      credentials: (provider) => this.secrets.values(provider),
      baseUrl: (provider) => this.settings(provider).baseUrl,
      recordAttempt: (attempt) => this.recordAttempt(attempt),
      onEvent: (event) => this.onResilienceEvent(event),
      signal: this.stopController.signal,
    });
    this.resilienceLog = new ResilienceLog(store, {
      clock: this.clock,
      flushIntervalMs: options.flushIntervalMs,
      onRecord: (record) => this.emitResilience(record),
      onError: (error, dropped) => this.logger.log('error', 'store', 'Writing the resilience events failed', { dropped }, error),
    });
    this.scheduler = new ProbeScheduler({
      clock: this.clock,
      intervalMs: (provider) => this.settings(provider).probeIntervalSec * 1000,
      isActive: (provider) => this.settings(provider).enabled,
      probe: (provider) => this.health.probe(provider).then(() => undefined),
      onScheduled: (provider) => this.emitProvider(provider),
    });
    this.health = new ProviderHealth({
      clock: this.clock,
      logger: this.logger,
      notifier: options.notifier,
      settings: options.settings,
      store,
      deferredWrites: this.deferredWrites,
      secrets: this.secrets,
      runtimes: this.runtimes,
      executor: this.executor,
      scheduler: this.scheduler,
      events: this.events,
      probeTimeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      headless: options.headless ?? false,
      onResilienceEvent: (event, durationMs) => this.onResilienceEvent(event, durationMs),
      emitProvider: (provider) => this.emitProvider(provider),
      isStopped: () => this.stopped,
    });
  }

  async init(): Promise<void> {
    await this.credentials.load();
    for (const provider of PROVIDER_IDS) this.health.restoreBreaker(provider);
  }

  // ----- Hub API -----

  async info() {
    return {
      version: this.options.version ?? '0.0.0',
      demo: this.options.demo ?? false,
      dataDir: this.options.dataDir,
      keychain: this.credentials.keychain,
      store: this.storeHealth(),
    };
  }

  listProviders(): ProviderView[] {
    return PROVIDER_IDS.map((provider) => this.view(provider));
  }

  updateProvider(provider: ProviderId, patch: Partial<ProviderSettings>): ProviderView {
    this.assertRunning();
    const previous = this.settings(provider);
    const next = { ...previous, ...patch };
    if (typeof next.baseUrl === 'string' && next.baseUrl.trim() === '') next.baseUrl = null;
    if (next.baseUrl !== null) next.baseUrl = validateBaseUrl(next.baseUrl);
    if (!Number.isInteger(next.probeIntervalSec) || next.probeIntervalSec < MIN_PROBE_INTERVAL_SEC || next.probeIntervalSec > MAX_PROBE_INTERVAL_SEC) {
      throw invalidArgument(
        `Invalid probe interval ${next.probeIntervalSec} s for ${provider}: use a whole number of seconds from ${MIN_PROBE_INTERVAL_SEC} to ${MAX_PROBE_INTERVAL_SEC}.`,
      );
    }

    this.options.settings.setProvider(provider, next);
    this.health.setEnabled(provider, next.enabled);
    this.scheduler.reschedule(provider);
    // A new host, or a provider enabled again, makes the last status stale, so the app probes at once.
    if (next.baseUrl !== previous.baseUrl || (next.enabled && !previous.enabled)) this.health.probeAfterChange(provider);
    this.emitProvider(provider);
    return this.view(provider);
  }

  testConnection(provider: ProviderId): Promise<ProbeResult> {
    return this.health.probe(provider, { force: true });
  }

  probeAll(): Promise<ProbeResult[]> {
    return this.health.probeAll();
  }

  async setSecret(provider: ProviderId, field: string, value: string): Promise<CredentialHint[]> {
    this.assertRunning();
    await this.credentials.set(provider, field, value);
    this.health.afterCredentialChange(provider);
    return this.credentials.hints(provider);
  }

  async deleteSecret(provider: ProviderId, field?: string): Promise<CredentialHint[]> {
    this.assertRunning();
    await this.credentials.delete(provider, field);
    this.health.afterCredentialChange(provider);
    return this.credentials.hints(provider);
  }

  forceBreaker(provider: ProviderId, action: 'open' | 'close' | 'reset'): ProviderView {
    this.assertRunning();
    const breaker = this.runtime(provider).breaker;
    if (action === 'open') breaker.forceOpen('opened by the user');
    else if (action === 'close') breaker.forceClose('closed by the user');
    else breaker.reset();

    // The last probe's status no longer holds. Held open, the provider is paused; closed, the app probes it at once.
    if (action === 'open') this.health.markPaused(provider);
    else this.health.probeAfterChange(provider);
    return this.view(provider);
  }

  breakerState(provider: ProviderId) {
    return this.runtime(provider).breaker.state;
  }

  queryLogs(query: LogQuery) {
    this.writer.flush();
    return this.store.queryAttempts(query);
  }

  async exportLogs(filter: LogFilter, format: ExportFormat, path: string, options: { exportId?: string; signal?: AbortSignal } = {}): Promise<number> {
    this.writer.flush();
    const target = await checkExportTarget(path, this.options.dataDir);
    try {
      const throughId = this.store.maxAttemptId();
      if (options.exportId === undefined) {
        return await exportAttempts(this.store, filter, format, target, { throughId, signal: options.signal });
      }

      const total = this.store.countAttempts(filter, 0, throughId);
      return await this.exportJobs.run(options.exportId, total, ({ signal, progress }) =>
        exportAttempts(this.store, filter, format, target, { throughId, signal, onProgress: progress }),
      options.signal);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw new HubError('cancelled', `The export to ${path} was cancelled; no file was written.`, { cause: error });

      const reason = error instanceof Error ? error.message : String(error);
      throw new HubError('io_error', `Exporting the log to ${path} failed: ${reason}`, { cause: error });
    }
  }

  worstStatus(): HealthStatus {
    return worstOf(PROVIDER_IDS.map((provider) => this.health.status(provider)));
  }

  on<E extends keyof HubEvents>(event: E, listener: (payload: HubEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  updatePolicy(provider: ProviderId, patch: PolicyPatch): ProviderView {
    this.assertRunning();
    this.runtimes.update(provider, patch);
    this.emitProvider(provider);
    return this.view(provider);
  }

  resetPolicy(provider: ProviderId): ProviderView {
    this.assertRunning();
    this.runtimes.reset(provider);
    this.emitProvider(provider);
    return this.view(provider);
  }

  queryEvents(query: ResilienceEventQuery) {
    return this.resilienceLog.query(query);
  }

  /** Sends one call through the provider's full call path. */
  call(provider: ProviderId, request: CallRequest, options?: CallOptions): Promise<CallOutcome> {
    return this.executor.call(provider, request, options);
  }

  start(): void {
    if (this.stopped) throw new Error('The hub was stopped; create a new one.');

    this.scheduler.start(PROVIDER_IDS);
    this.pruner.start();
  }

  callDetail(callId: string): CallDetail {
    this.writer.flush();
    return this.store.callDetail(callId);
  }

  cancelExport(exportId: string): boolean {
    return this.exportJobs.cancel(exportId);
  }

  retention(): RetentionSettings {
    return this.options.settings.getRetention?.() ?? { ...DEFAULT_RETENTION };
  }

  setRetention(retention: RetentionSettings): RetentionSettings {
    this.assertRunning();
    if (!this.options.settings.setRetention) throw invalidArgument('These settings are read-only: retention cannot be changed here.');

    this.options.settings.setRetention(retention);
    if (!this.stopped) {
      this.pruner.stop();
      this.pruner.start();
    }
    return this.retention();
  }

  storeHealth(): StoreHealth {
    return this.storeHealthMonitor.health;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;

    this.stopped = true;
    this.scheduler.stop();
    this.stopController.abort();
    this.pruner.stop();
    this.exportJobs.cancelAll();
    await this.health.settled();
    this.writer.close();
    this.deferredWrites.flush();
    this.deferredWrites.dispose();
    this.resilienceLog.close();
    await this.runtimes.dispose();
    this.events.clear();
    this.usage.close();
    this.store.close();
  }

  // ----- state and views -----

  private settings(provider: ProviderId): ProviderSettings {
    return this.options.settings.getProvider(provider);
  }

  private emitProvider(provider: ProviderId): void {
    if (!this.stopped) this.events.emit('provider.changed', this.view(provider));
  }

  private view(provider: ProviderId): ProviderView {
    const definition = PROVIDERS[provider];
    const settings = this.settings(provider);
    const state = this.health.state(provider);
    const now = this.clock.now();
    const snapshot = this.runtime(provider).breaker.snapshot();

    return {
      provider,
      name: definition.name,
      defaultBaseUrl: definition.defaultBaseUrl,
      docsUrl: definition.docsUrl,
      settings,
      credentials: this.credentials.hints(provider),
      status: this.health.status(provider),
      latency: this.store.latencySummary(provider, now),
      uptime24h: this.store.uptime(provider, now),
      breaker: { state: this.breakerState(provider), since: snapshot.openedAt ?? state.breakerSince, reason: snapshot.reason ?? state.breakerReason },
      lastError: state.lastError,
      lastProbeAt: state.lastProbeAt,
      nextProbeAt: this.scheduler.nextProbeAt(provider),
      policy: this.runtimes.view(provider),
    };
  }

  // ----- runtimes and resilience events -----

  private runtime(provider: ProviderId): ManagedRuntime {
    return this.runtimes.get(provider);
  }

  /** Throws once the hub is stopped, so a late request cannot write settings or the store. */
  private assertRunning(): void {
    if (this.stopped) throw new HubError('unavailable', 'Integration Hub is shutting down; try again after it restarts.');
  }

  private onResilienceEvent(event: ResilienceEvent, durationMs: number | null = null): void {
    const fields = { provider: event.provider, ...('attempt' in event ? { attempt: event.attempt } : {}), ...('delayMs' in event ? { delayMs: event.delayMs } : {}) };
    this.logger.log('info', 'resilience', event.type, fields);
    this.resilienceLog.record(toEventRecord(event, durationMs));
  }

  private emitResilience(record: ResilienceEventRecord): void {
    if (!this.stopped) this.events.emit('resilience.event', record);
  }

  // ----- attempts -----

  private recordAttempt(attempt: AttemptRecord): void {
    attempt.latencyMs = Math.round(attempt.latencyMs * 100) / 100;
    this.writer.enqueue(attempt);
    if (!this.stopped) this.events.emit('attempt.logged', attempt);
  }
}

/**
 * Opens the store and creates the hub. Credentials are read once here, so a
 * keychain that is unavailable is reported at start, not on the first call.
 */
export async function createHub(options: HubOptions): Promise<Hub & { call: HubEngine['call'] }> {
  const store = HubStore.open(options.dataDir, { redact: redactCredentialShapes, ...options.store });
  const hub = new HubEngine(options, store);
  try {
    await hub.init();
  } catch (error) {
    await hub.stop();
    throw error;
  }
  return hub;
}

/**
 * The composition root of the hub engine: store, attempt writer, provider
 * runtimes, call path, health probes, secrets and events. The Electron shell,
 * the CLI and the tests all create the hub through `createHub`.
 */
import type { HubEvents } from '../../shared/contract.ts';
import {
  PROVIDER_IDS,
  type AttemptRecord,
  type BreakerTransition,
  type CredentialHint,
  type ExportFormat,
  type HealthStatus,
  type KeychainStatus,
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
import { PROVIDERS, buildProbeRequest, unconfiguredReason, validateBaseUrl } from './providers/catalog.ts';
import { redactCredentialShapes } from './providers/redact.ts';
import type { BreakerEvent } from './resilience/breaker.ts';
import type { ResiliencePolicy } from './resilience/policy.ts';
import { breakerNotification } from './breaker-notification.ts';
import { ProviderRuntimes } from './provider-runtimes.ts';
import type { ManagedRuntime } from './runtime.ts';
import { SecretCache } from './secret-cache.ts';
import { statusFromOutcome, worstOf } from './status.ts';
import { checkExportTarget } from './export-target.ts';
import { exportAttempts } from './store/export.ts';
import { HubStore } from './store/store.ts';
import { DeferredWrites } from './store/deferred-writes.ts';
import { AttemptWriter } from './store/writer.ts';
import { MAX_PROBE_INTERVAL_SEC, MIN_PROBE_INTERVAL_SEC } from './settings.ts';
import { createUsageService, usageCallHooks } from './usage/hub-usage.ts';
import type { UsageService } from './usage/service.ts';
import { toResilienceEvent } from './resilience/breaker.ts';
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
}

/** Default time a probe may take, retries included, in milliseconds. */
export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

interface HealthState {
  status: HealthStatus;
  lastProbeAt: number | null;
  lastError: { message: string; time: number } | null;
  breakerSince: number | null;
  breakerReason: string | null;
}

class HubEngine implements Hub {
  private readonly options: HubOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly store: HubStore;
  private readonly writer: AttemptWriter;
  private readonly events = new HubEmitter();
  private readonly secrets: SecretCache;
  private readonly runtimes: ProviderRuntimes;
  private readonly health = new Map<ProviderId, HealthState>();
  private readonly inFlight = new Map<ProviderId, Promise<ProbeResult>>();
  private readonly scheduler: ProbeScheduler;
  private readonly executor: CallExecutor;
  private readonly storeHealthMonitor: StoreHealthMonitor;
  private readonly deferredWrites: DeferredWrites;
  private readonly pruner: RetentionPruner;
  private readonly exportJobs: ExportJobs;
  private keychain: KeychainStatus = { available: true, message: null };
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
      onBreakerEvent: (event) => this.onBreakerEvent(event),
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
      probe: (provider) => this.probe(provider).then(() => undefined),
      onScheduled: (provider) => this.emitProvider(provider),
    });
    for (const provider of PROVIDER_IDS) {
      this.health.set(provider, { status: 'unknown', lastProbeAt: null, lastError: store.lastError(provider), breakerSince: null, breakerReason: null });
    }
  }

  async init(): Promise<void> {
    this.keychain = await this.options.secrets.status();
    if (!this.keychain.available) this.logger.log('warn', 'secrets', this.keychain.message ?? 'Keychain unavailable');

    await this.secrets.load(PROVIDER_IDS.map((provider) => ({ provider, fields: PROVIDERS[provider].credentials.map((field) => field.field) })));
    for (const provider of PROVIDER_IDS) this.restoreBreaker(provider);
  }

  // ----- Hub API -----

  async info() {
    return {
      version: this.options.version ?? '0.0.0',
      demo: this.options.demo ?? false,
      dataDir: this.options.dataDir,
      keychain: this.keychain,
      store: this.storeHealth(),
    };
  }

  listProviders(): ProviderView[] {
    return PROVIDER_IDS.map((provider) => this.view(provider));
  }

  updateProvider(provider: ProviderId, patch: Partial<ProviderSettings>): ProviderView {
    this.assertRunning();
    const next = { ...this.settings(provider), ...patch };
    if (typeof next.baseUrl === 'string' && next.baseUrl.trim() === '') next.baseUrl = null;
    if (next.baseUrl !== null) next.baseUrl = validateBaseUrl(next.baseUrl);
    if (!Number.isInteger(next.probeIntervalSec) || next.probeIntervalSec < MIN_PROBE_INTERVAL_SEC || next.probeIntervalSec > MAX_PROBE_INTERVAL_SEC) {
      throw invalidArgument(
        `Invalid probe interval ${next.probeIntervalSec} s for ${provider}: use a whole number of seconds from ${MIN_PROBE_INTERVAL_SEC} to ${MAX_PROBE_INTERVAL_SEC}.`,
      );
    }

    this.options.settings.setProvider(provider, next);
    if (!next.enabled) this.setHealth(provider, { status: 'disabled' });
    else if (this.healthOf(provider).status === 'disabled') this.setHealth(provider, { status: 'unknown' });
    this.scheduler.reschedule(provider);
    this.emitProvider(provider);
    return this.view(provider);
  }

  testConnection(provider: ProviderId): Promise<ProbeResult> {
    return this.probe(provider, { force: true });
  }

  probeAll(): Promise<ProbeResult[]> {
    return Promise.all(PROVIDER_IDS.map((provider) => this.probe(provider)));
  }

  async setSecret(provider: ProviderId, field: string, value: string): Promise<CredentialHint[]> {
    this.assertRunning();
    this.checkField(provider, field);
    const trimmed = value.trim();
    if (trimmed === '') throw invalidArgument(`The ${field} for ${provider} is empty: paste the full value.`);
    if (/[\r\n]/.test(trimmed)) throw invalidArgument(`The ${field} for ${provider} contains a line break: paste it on one line.`);
    if (/[\u0000-\u001f\u007f\ufffd]/.test(trimmed)) {
      throw invalidArgument(`The ${field} for ${provider} contains control or invalid characters: paste the key as plain text.`);
    }

    await this.keychainCall(() => this.secrets.set(provider, field, trimmed));
    this.afterCredentialChange(provider);
    return this.hints(provider);
  }

  async deleteSecret(provider: ProviderId, field?: string): Promise<CredentialHint[]> {
    this.assertRunning();
    const fields = field === undefined ? PROVIDERS[provider].credentials.map((entry) => entry.field) : [field];
    for (const name of fields) this.checkField(provider, name);

    await this.keychainCall(async () => {
      for (const name of fields) await this.secrets.delete(provider, name);
    });
    this.afterCredentialChange(provider);
    return this.hints(provider);
  }

  forceBreaker(provider: ProviderId, action: 'open' | 'close' | 'reset'): ProviderView {
    this.assertRunning();
    const breaker = this.runtime(provider).breaker;
    if (action === 'open') breaker.forceOpen('opened by the user');
    else if (action === 'close') breaker.forceClose('closed by the user');
    else breaker.reset();

    // A closed breaker tells nothing about the provider yet, so the app probes
    // at once rather than show the last probe's status until the next one.
    if (action !== 'open' && this.scheduler.running && this.settings(provider).enabled) {
      void this.probe(provider);
    }
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
    return worstOf(PROVIDER_IDS.map((provider) => this.statusOf(provider)));
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
    await Promise.allSettled([...this.inFlight.values()]);
    this.writer.close();
    this.deferredWrites.flush();
    this.deferredWrites.dispose();
    this.resilienceLog.close();
    await this.runtimes.dispose();
    this.events.clear();
    this.usage.close();
    this.store.close();
  }

  // ----- probes -----

  private probe(provider: ProviderId, options: { force?: boolean } = {}): Promise<ProbeResult> {
    const running = this.inFlight.get(provider);
    if (running) return running;

    const promise = this.runProbe(provider, options.force ?? false).finally(() => this.inFlight.delete(provider));
    this.inFlight.set(provider, promise);
    return promise;
  }

  private async runProbe(provider: ProviderId, force: boolean): Promise<ProbeResult> {
    const settings = this.settings(provider);
    const time = this.clock.now();
    const idle = (status: HealthStatus, error: string | null): ProbeResult => {
      this.setHealth(provider, { status });
      return { time, provider, status, httpStatus: null, latencyMs: null, error, errorClass: status === 'unconfigured' ? 'unconfigured' : null };
    };

    if (!settings.enabled && !force) return idle('disabled', null);

    const reason = this.unconfigured(provider);
    if (reason) return idle('unconfigured', reason);

    const definition = PROVIDERS[provider];
    const probe = buildProbeRequest(definition);
    const request: CallRequest = { ...probe, operation: `probe:${definition.probe.operation}` };
    const outcome = await this.executor.call(provider, request, { deadlineMs: this.options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
    if (outcome.outcome === 'cancelled' && this.stopped) return idle(this.healthOf(provider).status, null);

    const result: ProbeResult = {
      time,
      provider,
      status: statusFromOutcome(outcome, this.breakerState(provider), this.runtime(provider).breaker.snapshot().reason),
      httpStatus: outcome.httpStatus,
      latencyMs: outcome.latencyMs,
      error: outcome.ok ? null : outcome.message,
      errorClass: outcome.errorClass,
    };
    this.recordProbe(result);
    return result;
  }

  private recordProbe(result: ProbeResult): void {
    this.storeWrite('a probe', () => this.store.insertProbe(result));
    const state = this.healthOf(result.provider);
    const lastError = result.error ? { message: result.error, time: result.time } : state.lastError;
    this.setHealth(result.provider, { status: result.status, lastProbeAt: result.time, lastError });
    if (result.status === 'down' || result.status === 'auth_failed') {
      this.logger.log('warn', 'health', 'Probe failed', { provider: result.provider, httpStatus: result.httpStatus, errorClass: result.errorClass });
    }
  }

  // ----- state and views -----

  private settings(provider: ProviderId): ProviderSettings {
    return this.options.settings.getProvider(provider);
  }

  private healthOf(provider: ProviderId): HealthState {
    return this.health.get(provider) as HealthState;
  }

  private setHealth(provider: ProviderId, patch: Partial<HealthState>): void {
    this.health.set(provider, { ...this.healthOf(provider), ...patch });
    this.emitProvider(provider);
  }

  private emitProvider(provider: ProviderId): void {
    if (!this.stopped) this.events.emit('provider.changed', this.view(provider));
  }

  private unconfigured(provider: ProviderId): string | null {
    try {
      return unconfiguredReason(PROVIDERS[provider], this.settings(provider).baseUrl, this.secrets.presence(provider));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private hints(provider: ProviderId): CredentialHint[] {
    return PROVIDERS[provider].credentials.map(({ field, label }) => ({ field, label, ...this.secrets.hint(provider, field) }));
  }

  /** Returns the status shown for a provider: settings and credentials first, then the last probe. */
  private statusOf(provider: ProviderId): HealthStatus {
    if (!this.settings(provider).enabled) return 'disabled';
    if (this.unconfigured(provider)) return 'unconfigured';

    return this.healthOf(provider).status;
  }

  private view(provider: ProviderId): ProviderView {
    const definition = PROVIDERS[provider];
    const settings = this.settings(provider);
    const state = this.healthOf(provider);
    const now = this.clock.now();
    const snapshot = this.runtime(provider).breaker.snapshot();

    return {
      provider,
      name: definition.name,
      defaultBaseUrl: definition.defaultBaseUrl,
      docsUrl: definition.docsUrl,
      settings,
      credentials: this.hints(provider),
      status: this.statusOf(provider),
      latency: this.store.latencySummary(provider, now),
      uptime24h: this.store.uptime(provider, now),
      breaker: { state: this.breakerState(provider), since: snapshot.openedAt ?? state.breakerSince, reason: snapshot.reason ?? state.breakerReason },
      lastError: state.lastError,
      lastProbeAt: state.lastProbeAt,
      nextProbeAt: this.scheduler.nextProbeAt(provider),
      policy: this.runtimes.view(provider),
    };
  }

  // ----- runtimes and breakers -----

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

  private restoreBreaker(provider: ProviderId): void {
    const runtime = this.runtime(provider);
    const transition = this.store.latestBreakerTransition(provider);
    if (transition) this.setHealth(provider, { breakerSince: transition.time, breakerReason: transition.reason });
    if (runtime.breaker.state !== 'closed') {
      this.logger.log('info', 'breaker', 'Restored breaker state', { provider, state: runtime.breaker.state });
    }
  }

  private onBreakerEvent(event: BreakerEvent): void {
    const transition: BreakerTransition = { time: event.time, provider: event.provider, from: event.from, to: event.to, reason: event.reason };
    const previousSince = this.healthOf(event.provider).breakerSince;
    this.onResilienceEvent(toResilienceEvent(event), previousSince === null ? null : Math.max(0, event.time - previousSince));
    this.storeWrite('a breaker event', () => {
      this.store.insertBreakerTransition(transition);
      this.store.saveBreakerSnapshot(event.provider, this.runtime(event.provider).breaker.snapshot());
    });
    this.health.set(event.provider, { ...this.healthOf(event.provider), breakerSince: event.time, breakerReason: event.reason });
    this.logger.log(event.type === 'open' ? 'warn' : 'info', 'breaker', `Breaker ${event.to}`, { provider: event.provider, from: event.from, reason: event.reason });
    this.notifyBreaker(event);
    if (this.stopped) return;

    this.events.emit('breaker.changed', transition);
    this.emitProvider(event.provider);
  }

  private notifyBreaker(event: BreakerEvent): void {
    const notification = breakerNotification(event);
    if (notification) this.options.notifier.notify(notification);
  }

  // ----- attempts and secrets -----

  private recordAttempt(attempt: AttemptRecord): void {
    attempt.latencyMs = Math.round(attempt.latencyMs * 100) / 100;
    this.writer.enqueue(attempt);
    if (!this.stopped) this.events.emit('attempt.logged', attempt);
  }

  /** Runs a direct store write; a failure is reported in the store health instead of failing the caller. */
  /** Writes a probe or breaker change now, or once a locked or full database recovers. */
  private storeWrite(what: string, write: () => void): void {
    this.deferredWrites.run(what, write);
  }

  private checkField(provider: ProviderId, field: string): void {
    const fields = PROVIDERS[provider].credentials.map((entry) => entry.field);
    if (!fields.includes(field)) {
      throw invalidArgument(`Unknown credential "${field}" for ${provider}: use ${fields.join(' or ')}.`);
    }
  }

  private async keychainCall(call: () => Promise<void>): Promise<void> {
    try {
      await call();
      if (!this.keychain.available) this.setKeychain({ available: true, message: null });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'keychain_unavailable') {
        this.setKeychain({ available: false, message: (error as Error).message });
      }
      throw error;
    }
  }

  private setKeychain(status: KeychainStatus): void {
    this.keychain = status;
    this.events.emit('keychain.changed', status);
  }

  private afterCredentialChange(provider: ProviderId): void {
    const status = this.healthOf(provider).status;
    if (status === 'unconfigured' || this.unconfigured(provider)) this.setHealth(provider, { status: 'unknown' });
    this.emitProvider(provider);
    this.probeWithNewKey(provider);
  }

  /**
   * Probes at once after a key change when an earlier probe has run, so its
   * status, such as `auth_failed`, does not stay until the next scheduled
   * probe. A first key waits for the schedule, as a new provider does, and
   * nothing is sent when the schedule does not run, as in the CLI.
   */
  private probeWithNewKey(provider: ProviderId): void {
    if (this.healthOf(provider).lastProbeAt === null || !this.scheduler.running) return;
    if (!this.settings(provider).enabled || this.unconfigured(provider)) return;

    // A probe in flight may have sent the previous key, so the new probe starts after it.
    const running = this.inFlight.get(provider)?.catch(() => undefined) ?? Promise.resolve();
    running
      .then(() => (this.stopped ? undefined : this.probe(provider)))
      .catch((error: unknown) => this.logger.log('error', 'health', 'Probing after a key change failed', { provider }, error));
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

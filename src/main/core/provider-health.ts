/**
 * The health of each provider: its probes, the state they leave (status,
 * last probe, last error) and the breaker transitions, which are stored,
 * logged, notified and pushed to listeners as they happen.
 */
import {
  PROVIDER_IDS,
  type BreakerTransition,
  type HealthStatus,
  type ProbeResult,
  type ProviderId,
  type ProviderSettings,
} from '../../shared/types.ts';
import { breakerNotification } from './breaker-notification.ts';
import type { CallExecutor, CallRequest } from './calls.ts';
import type { HubEmitter } from './hub-events.ts';
import type { Clock, Logger, Notifier, SettingsStore } from './ports.ts';
import type { ProbeScheduler } from './probe-scheduler.ts';
import type { ProviderRuntimes } from './provider-runtimes.ts';
import { PROVIDERS, buildProbeRequest, unconfiguredReason } from './providers/catalog.ts';
import { toResilienceEvent, type BreakerEvent } from './resilience/breaker.ts';
import type { ResilienceEvent } from './resilience/events.ts';
import type { SecretCache } from './secret-cache.ts';
import { statusFromOutcome } from './status.ts';
import type { DeferredWrites } from './store/deferred-writes.ts';
import type { HubStore } from './store/store.ts';

/** State left by the probes and breaker transitions of one provider. */
export interface HealthState {
  status: HealthStatus;
  lastProbeAt: number | null;
  lastError: { message: string; time: number } | null;
  breakerSince: number | null;
  breakerReason: string | null;
}

export interface ProviderHealthOptions {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  settings: SettingsStore;
  store: Pick<HubStore, 'insertProbe' | 'insertBreakerTransition' | 'saveBreakerSnapshot' | 'latestBreakerTransition' | 'lastError'>;
  /** Writes probes and breaker changes now, or once a locked or full database recovers. */
  deferredWrites: Pick<DeferredWrites, 'run'>;
  secrets: Pick<SecretCache, 'presence'>;
  runtimes: Pick<ProviderRuntimes, 'get'>;
  executor: Pick<CallExecutor, 'call'>;
  scheduler: Pick<ProbeScheduler, 'running' | 'reschedule'>;
  events: HubEmitter;
  /** Time a probe may take, retries included, in milliseconds. */
  probeTimeoutMs: number;
  /** Whether hints name the `hub` command and environment variables rather than the app's settings. */
  headless: boolean;
  /** Logs and stores a resilience event. `durationMs` is how long the previous breaker state lasted. */
  onResilienceEvent(event: ResilienceEvent, durationMs: number | null): void;
  /** Pushes the provider's view to listeners. */
  emitProvider(provider: ProviderId): void;
  isStopped(): boolean;
}

/**
 * Probes providers, one probe per provider at a time, and keeps the health
 * state of each. The state starts as `unknown` with the last stored error.
 */
export class ProviderHealth {
  private readonly options: ProviderHealthOptions;
  private readonly health = new Map<ProviderId, HealthState>();
  private readonly inFlight = new Map<ProviderId, Promise<ProbeResult>>();

  constructor(options: ProviderHealthOptions) {
    this.options = options;
    for (const provider of PROVIDER_IDS) {
      this.health.set(provider, { status: 'unknown', lastProbeAt: null, lastError: options.store.lastError(provider), breakerSince: null, breakerReason: null });
    }
  }

  /** Returns the provider's health state. */
  state(provider: ProviderId): HealthState {
    return this.health.get(provider) as HealthState;
  }

  /** Returns the status shown for a provider: settings and credentials first, then the last probe. */
  status(provider: ProviderId): HealthStatus {
    if (!this.settings(provider).enabled) return 'disabled';
    if (this.unconfigured(provider)) return 'unconfigured';

    return this.state(provider).status;
  }

  /**
   * Shows a provider whose breaker the user keeps open as `paused` at once.
   * A probe would only be rejected by the breaker, so none is sent and no
   * attempt or event is logged. Disabled and unconfigured providers keep
   * their status.
   */
  markPaused(provider: ProviderId): void {
    const status = this.state(provider).status;
    if (status === 'disabled' || status === 'unconfigured') return;

    this.setHealth(provider, { status: 'paused' });
  }

  /** Applies a changed enabled flag: a disabled provider shows `disabled`, a re-enabled one `unknown`. */
  setEnabled(provider: ProviderId, enabled: boolean): void {
    if (!enabled) this.setHealth(provider, { status: 'disabled' });
    else if (this.state(provider).status === 'disabled') this.setHealth(provider, { status: 'unknown' });
  }

  /**
   * Probes the provider, or returns the probe already in flight. Disabled
   * providers are probed only with `force`.
   */
  probe(provider: ProviderId, options: { force?: boolean } = {}): Promise<ProbeResult> {
    const running = this.inFlight.get(provider);
    if (running) return running;

    const promise = this.runProbe(provider, options.force ?? false).finally(() => this.inFlight.delete(provider));
    this.inFlight.set(provider, promise);
    return promise;
  }

  /** Probes every provider once, all at the same time. */
  probeAll(): Promise<ProbeResult[]> {
    return Promise.all(PROVIDER_IDS.map((provider) => this.probe(provider)));
  }

  /** Waits until every probe in flight has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Creates the provider's runtime with its stored breaker and shows the last stored transition. */
  restoreBreaker(provider: ProviderId): void {
    const runtime = this.options.runtimes.get(provider);
    const transition = this.options.store.latestBreakerTransition(provider);
    if (transition) this.setHealth(provider, { breakerSince: transition.time, breakerReason: transition.reason });
    if (runtime.breaker.state !== 'closed') {
      this.options.logger.log('info', 'breaker', 'Restored breaker state', { provider, state: runtime.breaker.state });
    }
  }

  /** Stores, logs, notifies and emits one breaker transition. */
  onBreakerEvent(event: BreakerEvent): void {
    const transition: BreakerTransition = { time: event.time, provider: event.provider, from: event.from, to: event.to, reason: event.reason };
    const previousSince = this.state(event.provider).breakerSince;
    this.options.onResilienceEvent(toResilienceEvent(event), previousSince === null ? null : Math.max(0, event.time - previousSince));
    this.options.deferredWrites.run('a breaker event', () => {
      this.options.store.insertBreakerTransition(transition);
      this.options.store.saveBreakerSnapshot(event.provider, this.options.runtimes.get(event.provider).breaker.snapshot());
    });
    this.health.set(event.provider, { ...this.state(event.provider), breakerSince: event.time, breakerReason: event.reason });
    this.options.logger.log(event.type === 'open' ? 'warn' : 'info', 'breaker', `Breaker ${event.to}`, { provider: event.provider, from: event.from, reason: event.reason });
    this.notifyBreaker(event);
    if (this.options.isStopped()) return;

    this.options.events.emit('breaker.changed', transition);
    this.options.emitProvider(event.provider);
  }

  /** Resets a status that the old credentials explain and probes with the new ones. */
  afterCredentialChange(provider: ProviderId): void {
    const status = this.state(provider).status;
    if (status === 'unconfigured' || this.unconfigured(provider)) this.setHealth(provider, { status: 'unknown' });
    this.options.emitProvider(provider);
    this.probeAfterChange(provider);
  }

  private async runProbe(provider: ProviderId, force: boolean): Promise<ProbeResult> {
    const settings = this.settings(provider);
    const time = this.options.clock.now();
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
    const outcome = await this.options.executor.call(provider, request, { deadlineMs: this.options.probeTimeoutMs });
    if (outcome.outcome === 'cancelled' && this.options.isStopped()) return idle(this.state(provider).status, null);

    const breaker = this.options.runtimes.get(provider).breaker.snapshot();
    const result: ProbeResult = {
      time,
      provider,
      status: statusFromOutcome(outcome, breaker.state, breaker),
      httpStatus: outcome.httpStatus,
      latencyMs: outcome.latencyMs,
      error: outcome.ok ? null : outcome.message,
      errorClass: outcome.errorClass,
    };
    this.recordProbe(result);
    return result;
  }

  private recordProbe(result: ProbeResult): void {
    this.options.deferredWrites.run('a probe', () => this.options.store.insertProbe(result));
    const state = this.state(result.provider);
    // A paused probe keeps the last error, because a breaker held open by the user is not a failure.
    const lastError =
      result.error === null || result.status === 'paused' ? state.lastError : { message: result.error, time: result.time };
    this.setHealth(result.provider, { status: result.status, lastProbeAt: result.time, lastError });
    if (result.status === 'down' || result.status === 'auth_failed') {
      this.options.logger.log('warn', 'health', 'Probe failed', { provider: result.provider, httpStatus: result.httpStatus, errorClass: result.errorClass });
    }
  }

  private setHealth(provider: ProviderId, patch: Partial<HealthState>): void {
    this.health.set(provider, { ...this.state(provider), ...patch });
    this.options.emitProvider(provider);
  }

  private settings(provider: ProviderId): ProviderSettings {
    return this.options.settings.getProvider(provider);
  }

  /** Returns why the provider cannot be called yet, or null when it is configured. */
  private unconfigured(provider: ProviderId): string | null {
    try {
      const { baseUrl } = this.settings(provider);
      return unconfiguredReason(PROVIDERS[provider], baseUrl, this.options.secrets.presence(provider), { headless: this.options.headless });
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private notifyBreaker(event: BreakerEvent): void {
    const notification = breakerNotification(event);
    if (notification) this.options.notifier.notify(notification);
  }

  /**
   * Probes at once after a change that decides the status: a new key (the
   * first one included), or a breaker closed or reset by hand. The
   * next scheduled probe then counts from this one. Nothing is sent when the
   * schedule does not run, as in the CLI, nor for a disabled provider or one
   * still missing a credential or base URL.
   */
  probeAfterChange(provider: ProviderId): void {
    if (!this.options.scheduler.running) return;
    if (!this.settings(provider).enabled || this.unconfigured(provider)) return;

    // A probe in flight saw the state before the change, so the new probe starts after it.
    const running = this.inFlight.get(provider)?.catch(() => undefined) ?? Promise.resolve();
    running
      .then(async () => {
        if (this.options.isStopped()) return;

        await this.probe(provider);
        this.options.scheduler.reschedule(provider);
      })
      .catch((error: unknown) => this.options.logger.log('error', 'health', 'Probing after a change failed', { provider }, error));
  }
}

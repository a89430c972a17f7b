/**
 * The runtime of each provider (HTTP client, breaker, rate limiter,
 * bulkhead) and the policy it is built from: the defaults, the shell's
 * adjustments, then the user's stored changes. A policy change rebuilds the
 * runtime and carries the breaker over with its state.
 */
import type { AttemptRecord, PolicyPatch, PolicyView, ProviderId } from '../../shared/types.ts';
import type { Clock, Logger, SettingsStore } from './ports.ts';
import { PROVIDERS } from './providers/catalog.ts';
import type { BreakerEvent, BreakerSnapshot } from './resilience/breaker.ts';
import type { ResilienceEvent } from './resilience/events.ts';
import { defaultPolicy, type ResiliencePolicy } from './resilience/policy.ts';
import { applyPolicyPatch, isEmptyPatch, mergePolicyPatches, toProviderPolicy, validatePolicy } from './resilience/policy-overrides.ts';
import { createProviderRuntime, type ManagedRuntime } from './runtime.ts';

export interface ProviderRuntimesOptions {
  clock: Clock;
  logger: Logger;
  settings: SettingsStore;
  /** The shell's changes to a default policy, such as shorter timeouts in tests. */
  adjustPolicy?: (provider: ProviderId, policy: ResiliencePolicy) => ResiliencePolicy;
  baseUrl(provider: ProviderId): string | null;
  breakerSnapshot(provider: ProviderId): BreakerSnapshot | null;
  /** Records an attempt a runtime sends on its own, such as the Amadeus token request. */
  recordAttempt(attempt: AttemptRecord): void;
  onBreakerEvent(event: BreakerEvent): void;
  onLimiterEvent(event: ResilienceEvent): void;
}

export class ProviderRuntimes {
  private readonly options: ProviderRuntimesOptions;
  private readonly runtimes = new Map<ProviderId, ManagedRuntime>();
  /** Runtimes replaced by a policy change, closing once their calls finish. */
  private readonly retired = new Set<ManagedRuntime>();
  /** Policy changes of settings stores that cannot keep them, held for this session. */
  private readonly sessionPolicies = new Map<ProviderId, PolicyPatch>();

  constructor(options: ProviderRuntimesOptions) {
    this.options = options;
  }

  /** Returns the provider's runtime, creating it on first use from its stored policy and breaker snapshot. */
  get(provider: ProviderId): ManagedRuntime {
    let runtime = this.runtimes.get(provider);
    if (runtime) return runtime;

    runtime = this.create(provider, this.policyFor(provider, this.storedPolicy(provider)));
    this.runtimes.set(provider, runtime);
    runtime.breaker.on((event) => this.options.onBreakerEvent(event));
    return runtime;
  }

  /** Returns the policy in force, the defaults and whether the user changed anything. */
  view(provider: ProviderId): PolicyView {
    return {
      effective: toProviderPolicy(this.get(provider).policy),
      defaults: toProviderPolicy(this.policyFor(provider, null)),
      overridden: !isEmptyPatch(this.storedPolicy(provider)),
    };
  }

  /**
   * Merges `patch` into the stored changes, validates the result, stores it
   * and rebuilds the runtime. Throws `invalid_argument` naming the value and
   * the fix; nothing is stored then.
   */
  update(provider: ProviderId, patch: PolicyPatch): void {
    const merged = mergePolicyPatches(this.storedPolicy(provider), patch);
    validatePolicy(provider, toProviderPolicy(this.policyFor(provider, merged)));

    this.storePolicy(provider, isEmptyPatch(merged) ? null : merged);
    this.rebuild(provider);
  }

  /** Drops the user's changes and rebuilds the runtime on the defaults. */
  reset(provider: ProviderId): void {
    this.storePolicy(provider, null);
    this.rebuild(provider);
  }

  /** Closes every runtime, the replaced ones included. */
  async dispose(): Promise<void> {
    await Promise.all([...this.runtimes.values(), ...this.retired].map((runtime) => runtime.dispose()));
  }

  private create(provider: ProviderId, policy: ResiliencePolicy, breaker?: ManagedRuntime['breaker']): ManagedRuntime {
    const runtime = createProviderRuntime(PROVIDERS[provider], policy, {
      clock: this.options.clock,
      baseUrl: (id) => this.options.baseUrl(id),
      recordAttempt: (attempt) =>
        this.options.recordAttempt({ ...attempt, provider, breakerState: this.runtimes.get(provider)?.breaker.state ?? 'closed' }),
      breakerSnapshot: breaker ? null : this.options.breakerSnapshot(provider),
      breaker,
    });
    runtime.limiter.on((event) => this.options.onLimiterEvent(event));
    return runtime;
  }

  /** Builds the policy: the defaults, the shell's adjustments, then the user's changes. */
  private policyFor(provider: ProviderId, patch: PolicyPatch | null): ResiliencePolicy {
    const base = defaultPolicy(provider);
    const adjusted = this.options.adjustPolicy ? this.options.adjustPolicy(provider, base) : base;
    return applyPolicyPatch(adjusted, patch);
  }

  /**
   * Returns the user's stored policy changes. A stored policy that is not valid (an
   * edited settings file, say) is ignored with a warning, so the hub still
   * starts on the defaults and the user can fix or reset it in the UI.
   */
  private storedPolicy(provider: ProviderId): PolicyPatch | null {
    const store = this.options.settings;
    const patch = store.getPolicy ? store.getPolicy(provider) : (this.sessionPolicies.get(provider) ?? null);
    if (patch === null) return null;

    try {
      validatePolicy(provider, toProviderPolicy(this.policyFor(provider, patch)));
      return patch;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger.log('warn', 'policy', `Ignoring the stored policy of ${provider}: ${reason} Save or reset it in the provider's settings.`, { provider });
      return null;
    }
  }

  private storePolicy(provider: ProviderId, patch: PolicyPatch | null): void {
    const store = this.options.settings;
    if (store.setPolicy) store.setPolicy(provider, patch);
    else if (patch) this.sessionPolicies.set(provider, patch);
    else this.sessionPolicies.delete(provider);
  }

  /**
   * Swaps the provider's runtime for one built from its current policy. The
   * breaker carries over with its state; calls in flight finish on the old
   * runtime, whose connections close after them.
   */
  private rebuild(provider: ProviderId): void {
    const old = this.runtimes.get(provider);
    if (!old) return;

    const policy = this.policyFor(provider, this.storedPolicy(provider));
    old.breaker.configure(policy.breaker);
    this.runtimes.set(provider, this.create(provider, policy, old.breaker));
    this.retired.add(old);
    old
      .retire()
      .catch((error: unknown) => this.options.logger.log('warn', 'runtime', 'Closing a replaced runtime failed', { provider }, error))
      .finally(() => this.retired.delete(old));
  }
}

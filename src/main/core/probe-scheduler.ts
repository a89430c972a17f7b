/**
 * Runs each provider's probe on its own interval. A probe starts only after
 * the previous one of the same provider has finished, so two never overlap,
 * and a slow probe pushes the next one back instead of piling up.
 */
import type { ProviderId } from '../../shared/types.ts';
import type { Clock, TimerHandle } from './ports.ts';

export interface ProbeSchedulerOptions {
  clock: Clock;
  /** Milliseconds between the end of one probe and the start of the next. */
  intervalMs(provider: ProviderId): number;
  /** Disabled providers are not probed. */
  isActive(provider: ProviderId): boolean;
  probe(provider: ProviderId): Promise<void>;
  onScheduled?(provider: ProviderId): void;
  /** Delay before the first probes, spread per provider, in milliseconds. Default 250. */
  initialDelayMs?: number;
}

interface Slot {
  timer: TimerHandle | null;
  dueAt: number | null;
  running: boolean;
}

export class ProbeScheduler {
  private readonly options: ProbeSchedulerOptions;
  private readonly slots = new Map<ProviderId, Slot>();
  private started = false;

  constructor(options: ProbeSchedulerOptions) {
    this.options = options;
  }

  start(providers: readonly ProviderId[]): void {
    if (this.started) return;

    this.started = true;
    const spread = this.options.initialDelayMs ?? 250;
    providers.forEach((provider, index) => this.schedule(provider, spread * (index + 1)));
  }

  /**
   * Plans the provider's next probe anew from now, after a changed interval
   * or enabled flag or a probe run outside the schedule. Does nothing while a
   * scheduled probe runs, because that probe plans the next one when it ends.
   */
  reschedule(provider: ProviderId): void {
    if (!this.started) return;

    const slot = this.slots.get(provider);
    if (slot?.running) return;

    this.schedule(provider, this.options.intervalMs(provider));
  }

  /** Whether the schedule runs: the app starts it, the CLI never does. */
  get running(): boolean {
    return this.started;
  }

  nextProbeAt(provider: ProviderId): number | null {
    return this.slots.get(provider)?.dueAt ?? null;
  }

  stop(): void {
    this.started = false;
    for (const slot of this.slots.values()) {
      if (slot.timer) this.options.clock.clearTimeout(slot.timer);
      slot.timer = null;
      slot.dueAt = null;
    }
  }

  private schedule(provider: ProviderId, delayMs: number): void {
    const slot = this.slots.get(provider) ?? { timer: null, dueAt: null, running: false };
    this.slots.set(provider, slot);
    if (slot.timer) this.options.clock.clearTimeout(slot.timer);

    if (!this.options.isActive(provider)) {
      slot.timer = null;
      slot.dueAt = null;
      return;
    }

    slot.dueAt = this.options.clock.now() + delayMs;
    slot.timer = this.options.clock.setTimeout(() => void this.run(provider, slot), delayMs);
    slot.timer.unref?.();
    this.options.onScheduled?.(provider);
  }

  private async run(provider: ProviderId, slot: Slot): Promise<void> {
    slot.timer = null;
    slot.dueAt = null;
    slot.running = true;
    try {
      await this.options.probe(provider);
    } catch {
      // The probe records its own failure; the schedule goes on regardless.
    } finally {
      slot.running = false;
    }
    if (this.started) this.schedule(provider, this.options.intervalMs(provider));
  }
}

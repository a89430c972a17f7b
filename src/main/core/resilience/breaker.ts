/**
 * Circuit breaker for one provider. A closed breaker admits every call and
 * counts outcomes. An open one rejects calls until `retryAt`. A half-open one
 * admits one trial call, whose outcome closes or re-opens it.
 */
import type { BreakerState, ProviderId } from '../../../shared/types.ts';
import { clampDelay, systemClock } from '../clock.ts';
import type { Clock, TimerHandle } from '../ports.ts';
import {
  Emitter,
  type BreakEvent,
  type HalfOpenEvent,
  type Listener,
  type ResetEvent,
} from './events.ts';
import { OutcomeWindow } from './outcome-window.ts';

export interface BreakerOptions {
  provider: ProviderId;
  /** Failures in a row that open the breaker. Default 5. */
  consecutiveFailures?: number;
  /** Failure share in (0, 1] over the window that opens the breaker. Default 0.5. */
  failureRateThreshold?: number;
  /** Number of recent calls the failure rate covers. Default 20. */
  windowSize?: number;
  /** Calls the window must hold before the failure rate counts. Default 10. */
  minimumCalls?: number;
  /** How long the breaker stays open before a trial call, in milliseconds. Default 30,000. */
  openMs?: number;
  /** Default: `systemClock`. */
  clock?: Clock;
}

/** A state change, as `BreakerTransition` in the shared types plus the event type. */
export interface BreakerEvent {
  type: 'open' | 'half-open' | 'close';
  provider: ProviderId;
  from: BreakerState;
  to: BreakerState;
  reason: string;
  /** Epoch milliseconds. */
  time: number;
  /** When an open breaker admits a trial call; null when held open by hand or not open. */
  retryAt: number | null;
}

/** Plain data that lets a breaker survive a restart of the app. Times are epoch milliseconds. */
export interface BreakerSnapshot {
  state: BreakerState;
  openedAt: number | null;
  /** When the open breaker admits a trial call; null while held open by hand. */
  retryAt: number | null;
  reason: string | null;
}

export type CallOutcome = 'success' | 'failure' | 'ignored';

export interface BreakerPermit {
  ok: true;
  /** Reports the call's outcome. Only the first call of `release` counts. */
  release(outcome: CallOutcome): void;
}

export interface BreakerRejection {
  ok: false;
  /**
   * When to try again: the end of the open wait, the current time while a
   * half-open trial runs (its outcome decides), or null while held open.
   */
  retryAt: number | null;
  state: BreakerState;
}

/** Converts a breaker event into the shared `ResilienceEvent` vocabulary. */
export function toResilienceEvent(event: BreakerEvent): BreakEvent | HalfOpenEvent | ResetEvent {
  const { provider, time, reason } = event;
  if (event.type === 'open') {
    return { type: 'break', provider, time, reason, retryAt: event.retryAt };
  }
  if (event.type === 'half-open') return { type: 'half-open', provider, time, reason };

  return { type: 'reset', provider, time, reason };
}

const DEFAULTS = {
  consecutiveFailures: 5,
  failureRateThreshold: 0.5,
  windowSize: 20,
  minimumCalls: 10,
  openMs: 30_000,
};

type Settings = typeof DEFAULTS;

export class CircuitBreaker {
  readonly provider: ProviderId;
  #settings: Settings;
  readonly #clock: Clock;
  readonly #events = new Emitter<BreakerEvent>();
  #window: OutcomeWindow;
  #state: BreakerState = 'closed';
  #openedAt: number | null = null;
  #retryAt: number | null = null;
  #reason: string | null = null;
  #consecutive = 0;
  #trialRunning = false;
  // Bumped on every transition, so permits taken before it report nothing.
  #generation = 0;
  #timer: TimerHandle | null = null;
  #disposed = false;

  constructor(options: BreakerOptions) {
    this.provider = options.provider;
    this.#settings = validateSettings(options);
    this.#clock = options.clock ?? systemClock;
    this.#window = new OutcomeWindow(this.#settings.windowSize);
  }

  /**
   * Rebuilds a breaker from `snapshot` so that time spent while the app was
   * closed counts: an open breaker whose `retryAt` has passed comes back
   * half-open. Malformed snapshots yield a closed breaker. Emits no event.
   */
  static restore(snapshot: unknown, options: BreakerOptions): CircuitBreaker {
    const breaker = new CircuitBreaker(options);
    const saved = readSnapshot(snapshot);
    if (saved && saved.state !== 'closed') breaker.#applySnapshot(saved);

    return breaker;
  }

  /** Current state, moving open to half-open first when `retryAt` has passed. */
  get state(): BreakerState {
    this.#refresh();

    return this.#state;
  }

  /** Subscribes to state changes; the returned function unsubscribes. */
  on(listener: Listener<BreakerEvent>): () => void {
    return this.#events.on(listener);
  }

  /**
   * Asks to send one call. Closed, every call is admitted. Open, every call
   * is rejected. Half-open, exactly one trial call is admitted, however many
   * ask at once, until it is released.
   */
  tryAcquire(): BreakerPermit | BreakerRejection {
    this.#refresh();
    if (this.#state === 'closed') return this.#permit(false);
    if (this.#state === 'open') return { ok: false, retryAt: this.#retryAt, state: 'open' };
    if (this.#trialRunning) return { ok: false, retryAt: this.#clock.now(), state: 'half-open' };

    this.#trialRunning = true;

    return this.#permit(true);
  }

  /**
   * Opens the breaker until `untilMs` (epoch ms), as when a 429 names its
   * Retry-After. An open breaker keeps the later of the two times and emits
   * no second event. A time not in the future does nothing.
   */
  openUntil(untilMs: number, reason: string): void {
    const now = this.#clock.now();
    if (!Number.isFinite(untilMs) || untilMs <= now) return;

    this.#refresh();
    if (this.#state !== 'open') {
      this.#transition('open', reason, untilMs);
      return;
    }
    if (this.#retryAt !== null && untilMs > this.#retryAt) {
      this.#retryAt = untilMs;
      this.#reason = reason;
      this.#schedule();
    }
  }

  /** Holds the breaker open until `forceClose` or `reset`; no timer moves it to half-open. */
  forceOpen(reason = 'opened by hand'): void {
    if (this.#state === 'open') {
      this.#retryAt = null;
      this.#reason = reason;
      this.#cancelTimer();
      return;
    }

    this.#transition('open', reason, null);
  }

  /** Closes the breaker and clears its failure counts. */
  forceClose(reason = 'closed by hand'): void {
    this.#close(reason);
  }

  /** Returns the breaker to its initial state: closed, with no history. */
  reset(): void {
    this.#close('reset');
    this.#reason = null;
  }

  snapshot(): BreakerSnapshot {
    this.#refresh();

    return {
      state: this.#state,
      openedAt: this.#openedAt,
      retryAt: this.#retryAt,
      reason: this.#reason,
    };
  }

  /**
   * Applies new thresholds and open wait without a transition: the state, the
   * open wait already running and the consecutive count stay. A new window
   * size starts an empty failure-rate window. Throws `RangeError` like the
   * constructor.
   */
  configure(options: Omit<BreakerOptions, 'provider' | 'clock'>): void {
    const settings = validateSettings({ provider: this.provider, ...options });
    if (settings.windowSize !== this.#settings.windowSize) {
      this.#window = new OutcomeWindow(settings.windowSize);
    }
    this.#settings = settings;
  }

  /** Clears the timer and drops listeners. Later calls still work, without timers. */
  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#events.clear();
  }

  #permit(trial: boolean): BreakerPermit {
    const generation = this.#generation;
    let released = false;

    return {
      ok: true,
      release: (outcome) => {
        if (released) return;

        released = true;
        if (generation !== this.#generation) return;

        if (trial) this.#settleTrial(outcome);
        else this.#record(outcome);
      },
    };
  }

  #record(outcome: CallOutcome): void {
    if (outcome === 'ignored') return;

    const failed = outcome === 'failure';
    this.#window.record(failed);
    this.#consecutive = failed ? this.#consecutive + 1 : 0;
    if (!failed) return;

    const reason = this.#tripReason();
    if (reason === null) return;

    this.#transition('open', reason, this.#clock.now() + this.#settings.openMs);
  }

  #tripReason(): string | null {
    const { consecutiveFailures, failureRateThreshold, minimumCalls } = this.#settings;
    if (this.#consecutive >= consecutiveFailures) {
      return `${this.#consecutive} consecutive failures`;
    }
    if (this.#window.calls < minimumCalls || this.#window.failureRate < failureRateThreshold) {
      return null;
    }

    const rate = Math.round(this.#window.failureRate * 100);
    const threshold = Math.round(failureRateThreshold * 100);

    const calls = this.#window.calls;

    return `failure rate ${rate}% over the last ${calls} calls (threshold ${threshold}%)`;
  }

  #settleTrial(outcome: CallOutcome): void {
    this.#trialRunning = false;
    if (outcome === 'success') this.#close('trial call succeeded');
    if (outcome === 'failure') {
      this.#transition('open', 'trial call failed', this.#clock.now() + this.#settings.openMs);
    }
  }

  #close(reason: string): void {
    this.#window.clear();
    this.#consecutive = 0;
    if (this.#state !== 'closed') this.#transition('closed', reason, null);
  }

  #refresh(): void {
    const due = this.#retryAt !== null && this.#clock.now() >= this.#retryAt;
    if (this.#state !== 'open' || !due) return;

    this.#transition('half-open', 'open wait elapsed', this.#retryAt);
  }

  #transition(to: BreakerState, reason: string, retryAt: number | null): void {
    const from = this.#state;
    const now = this.#clock.now();
    this.#generation++;
    this.#state = to;
    this.#reason = reason;
    this.#retryAt = to === 'closed' ? null : retryAt;
    this.#trialRunning = false;
    if (to === 'open') this.#openedAt = now;
    if (to === 'closed') this.#openedAt = null;
    this.#schedule();

    const type = to === 'closed' ? 'close' : to;
    this.#events.emit({ type, provider: this.provider, from, to, reason, time: now, retryAt });
  }

  #schedule(): void {
    this.#cancelTimer();
    if (this.#disposed || this.#state !== 'open' || this.#retryAt === null) return;

    const delay = clampDelay(this.#retryAt - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => this.#onTimer(), delay);
    this.#timer.unref?.();
  }

  #onTimer(): void {
    this.#timer = null;
    this.#refresh();
    // A wait longer than the largest timer delay takes more than one timer.
    if (this.#state === 'open') this.#schedule();
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;

    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #applySnapshot(saved: BreakerSnapshot): void {
    this.#state = saved.state;
    this.#openedAt = saved.openedAt;
    this.#retryAt = saved.retryAt;
    this.#reason = saved.reason;
    this.#refresh();
    this.#schedule();
  }
}

function validateSettings(options: BreakerOptions): Settings {
  const settings = {
    consecutiveFailures: options.consecutiveFailures ?? DEFAULTS.consecutiveFailures,
    failureRateThreshold: options.failureRateThreshold ?? DEFAULTS.failureRateThreshold,
    windowSize: options.windowSize ?? DEFAULTS.windowSize,
    minimumCalls: options.minimumCalls ?? DEFAULTS.minimumCalls,
    openMs: options.openMs ?? DEFAULTS.openMs,
  };
  requireInteger('consecutiveFailures', settings.consecutiveFailures, 1);
  requireInteger('windowSize', settings.windowSize, 1);
  requireInteger('minimumCalls', settings.minimumCalls, 1);
  if (!(settings.failureRateThreshold > 0 && settings.failureRateThreshold <= 1)) {
    throw new RangeError(
      `Invalid breaker failureRateThreshold ${settings.failureRateThreshold}: use a share above 0 and at most 1, such as 0.5.`,
    );
  }
  if (settings.minimumCalls > settings.windowSize) {
    throw new RangeError(
      `Invalid breaker minimumCalls ${settings.minimumCalls}: it must not exceed windowSize ${settings.windowSize}, or the failure rate never counts.`,
    );
  }
  if (!Number.isFinite(settings.openMs) || settings.openMs < 0) {
    throw new RangeError(`Invalid breaker openMs ${settings.openMs}: use milliseconds of 0 or more.`);
  }

  return settings;
}

function requireInteger(name: string, value: number, min: number): void {
  if (Number.isInteger(value) && value >= min) return;

  throw new RangeError(`Invalid breaker ${name} ${value}: use a whole number of at least ${min}.`);
}

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

function readSnapshot(value: unknown): BreakerSnapshot | null {
  if (typeof value !== 'object' || value === null) return null;

  const record = value as Record<string, unknown>;
  const state = record.state as BreakerState;
  const openedAt = timeOrNull(record.openedAt);
  const retryAt = timeOrNull(record.retryAt);
  if (!STATES.includes(state) || openedAt === undefined || retryAt === undefined) return null;

  const reason = typeof record.reason === 'string' ? record.reason : null;

  return { state, openedAt, retryAt, reason };
}

/** Returns a finite time, null for null or absent, and undefined for anything else. */
function timeOrNull(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;

  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A manual clock for tests: time moves only when `advance` is called, and due
 * timers fire in order of due time, then of creation.
 */
import type { Clock, TimerHandle } from '../../src/main/core/ports.ts';

interface FakeTimer extends TimerHandle {
  id: number;
  due: number;
  callback: () => void;
}

/** Default start time of a `FakeClock`: 2030-01-01T00:00:00Z. */
export const FAKE_EPOCH = Date.UTC(2030, 0, 1);

export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, FakeTimer>();

  constructor(start = FAKE_EPOCH) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: FakeTimer = { id: this.#nextId++, due: this.#now + delay, callback, unref() {} };
    this.#timers.set(timer.id, timer);

    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as FakeTimer).id);
  }

  /** Number of timers set and neither fired nor cleared. */
  pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing each timer that falls due on the way
   * at its own due time. Pending promise callbacks run before and after each
   * timer, so chains that set new timers progress within the same advance.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    await flushMicrotasks();

    for (let timer = this.#nextDue(target); timer; timer = this.#nextDue(target)) {
      this.#timers.delete(timer.id);
      this.#now = Math.max(this.#now, timer.due);
      timer.callback();
      await flushMicrotasks();
    }

    this.#now = target;
    await flushMicrotasks();
  }

  /** Moves the wall clock without firing timers, as when the machine sleeps. */
  jump(ms: number): void {
    this.#now += ms;
  }

  #nextDue(limit: number): FakeTimer | undefined {
    let next: FakeTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.due > limit) continue;
      if (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id)) {
        next = timer;
      }
    }

    return next;
  }
}

/** Lets every queued promise callback run, including ones they queue in turn. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

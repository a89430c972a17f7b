/**
 * A fake clock whose `advance` fires due timers synchronously, for code
 * that schedules with `setTimeout` and does no awaiting in between (the
 * attempt writer). The async `FakeClock` suits promise chains instead.
 */
import type { TimerHandle } from '../../src/main/core/ports.ts';

export interface SyncTimer extends TimerHandle {
  at: number;
  callback: () => void;
  unrefCalled: boolean;
}

export class SyncClock {
  time = 0;
  timers = new Set<SyncTimer>();

  setTimeout = (callback: () => void, ms: number): SyncTimer => {
    const timer: SyncTimer = {
      at: this.time + ms,
      callback,
      unrefCalled: false,
      unref() {
        timer.unrefCalled = true;
        return timer;
      },
    };
    this.timers.add(timer);
    return timer;
  };

  clearTimeout = (handle: TimerHandle): void => {
    this.timers.delete(handle as SyncTimer);
  };

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;

      this.timers.delete(due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

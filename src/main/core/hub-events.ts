/** The typed emitter behind `Hub.on`: one listener set per event name. */
import type { HubEvents } from '../../shared/contract.ts';

type AnyListener = (payload: never) => void;

export class HubEmitter {
  private readonly listeners = new Map<keyof HubEvents, Set<AnyListener>>();

  on<E extends keyof HubEvents>(event: E, listener: (payload: HubEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `event`. A listener that throws does not stop the others. */
  emit<E extends keyof HubEvents>(event: E, payload: HubEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (payload: HubEvents[E]) => void)(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/**
 * The resilience event log: turns the policies' typed events into stored
 * records, writes them in batches to `resilience_events` and hands each one
 * to the listener that pushes it to open windows.
 */
import type {
  ResilienceEventPage,
  ResilienceEventQuery,
  ResilienceEventRecord,
} from '../../shared/types.ts';
import type { Clock } from './ports.ts';
import type { ResilienceEvent } from './resilience/events.ts';
import type { HubStore } from './store/store.ts';
import { AttemptWriter } from './store/writer.ts';

export interface ResilienceLogOptions {
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Milliseconds between batched writes. Default 200. */
  flushIntervalMs?: number;
  /** Receives every record as it is logged. */
  onRecord(record: ResilienceEventRecord): void;
  onError(error: unknown, dropped: number): void;
}

/**
 * Converts a policy event into its stored form. `durationMs` is the time the
 * previous breaker state lasted, for half-open and reset events.
 */
export function toEventRecord(event: ResilienceEvent, durationMs: number | null = null): ResilienceEventRecord {
  const base = { time: event.time, provider: event.provider, type: event.type, attempt: null, delayMs: null, durationMs: null, detail: null };
  switch (event.type) {
    case 'retry':
      return { ...base, attempt: event.attempt, delayMs: event.delayMs, detail: event.error };
    case 'give-up':
      return { ...base, attempt: event.attempts, durationMs: event.durationMs, detail: event.error };
    case 'throttle':
      return { ...base, delayMs: event.delayMs };
    case 'break':
      return { ...base, delayMs: event.retryAt === null ? null : Math.max(0, event.retryAt - event.time), detail: event.reason };
    default:
      return { ...base, durationMs, detail: event.reason };
  }
}

export class ResilienceLog {
  readonly #store: HubStore;
  readonly #writer: AttemptWriter<ResilienceEventRecord>;
  readonly #onRecord: (record: ResilienceEventRecord) => void;

  constructor(store: HubStore, options: ResilienceLogOptions) {
    this.#store = store;
    this.#onRecord = options.onRecord;
    this.#writer = new AttemptWriter<ResilienceEventRecord>(
      { insertAttempts: (rows) => store.insertResilienceEvents(rows) },
      { clock: options.clock, flushIntervalMs: options.flushIntervalMs, onError: options.onError },
    );
  }

  /** Queues `record` for the store and passes it on. Never throws. */
  record(record: ResilienceEventRecord): void {
    this.#writer.enqueue(record);
    try {
      this.#onRecord(record);
    } catch {
      // A listener's failure must not break the call path that emitted the event.
    }
  }

  /** Returns one page of stored events, newest first, after writing the queued ones. */
  query(query: ResilienceEventQuery): ResilienceEventPage {
    this.#writer.flush();
    return this.#store.queryResilienceEvents(query);
  }

  /** Writes the queued events and stops the timer. */
  close(): void {
    this.#writer.close();
  }
}

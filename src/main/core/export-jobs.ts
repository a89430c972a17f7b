/**
 * Running exports of the call log, each with an id the renderer uses to
 * follow its progress and to cancel it.
 */
import type { ExportProgress } from '../../shared/types.ts';

/** Least time between two progress events of one export, in milliseconds. */
export const EXPORT_PROGRESS_INTERVAL_MS = 100;

export interface ExportTask {
  signal: AbortSignal;
  /** Reports rows written so far; events are throttled to one per 100 ms. */
  progress(rows: number): void;
}

/** Tracks running exports and emits `export.progress` for each. */
export class ExportJobs {
  readonly #running = new Map<string, AbortController>();
  readonly #emit: (progress: ExportProgress) => void;
  readonly #now: () => number;

  constructor(emit: (progress: ExportProgress) => void, now: () => number) {
    this.#emit = emit;
    this.#now = now;
  }

  /**
   * Runs `task` under `exportId`, emitting progress against `total` rows and
   * a final event with state `done`, `cancelled` or `failed`. An id that is
   * already running is rejected with an error naming it.
   */
  async run(
    exportId: string,
    total: number,
    task: (job: ExportTask) => Promise<number>,
    signal?: AbortSignal,
  ): Promise<number> {
    if (this.#running.has(exportId)) {
      throw new Error(`An export with id ${exportId} is already running; use a new id.`);
    }

    const controller = new AbortController();
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    this.#running.set(exportId, controller);
    let rows = 0;
    let lastEventAt = Number.NEGATIVE_INFINITY;
    const progress = (written: number) => {
      rows = written;
      const now = this.#now();
      if (now - lastEventAt < EXPORT_PROGRESS_INTERVAL_MS) return;

      lastEventAt = now;
      this.#emit({ exportId, rows, total, state: 'running' });
    };
    this.#emit({ exportId, rows: 0, total, state: 'running' });
    try {
      rows = await task({ signal: controller.signal, progress });
      this.#emit({ exportId, rows, total, state: 'done' });
      return rows;
    } catch (error) {
      const state = controller.signal.aborted ? 'cancelled' : 'failed';
      this.#emit({ exportId, rows, total, state });
      throw error;
    } finally {
      signal?.removeEventListener('abort', forward);
      this.#running.delete(exportId);
    }
  }

  /** Cancels a running export. Returns false when no export has that id. */
  cancel(exportId: string): boolean {
    const controller = this.#running.get(exportId);
    if (!controller) return false;

    controller.abort(new DOMException('The export was cancelled.', 'AbortError'));
    return true;
  }

  /** Cancels every running export, such as when the hub stops. */
  cancelAll(): void {
    for (const exportId of [...this.#running.keys()]) this.cancel(exportId);
  }
}

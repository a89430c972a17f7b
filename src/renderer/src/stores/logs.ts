/**
 * The call log view: a filter, the attempts loaded so far (newest first), the
 * keyset cursor for older pages, live attempts from `attempt.logged`, and the
 * last export.
 */
import { create } from 'zustand';
import type {
  AttemptOutcome,
  AttemptRecord,
  CallDetail,
  ExportFormat,
  ExportProgress,
  ExportResult,
  LogFilter,
  ProviderId,
} from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

/** Time ranges offered by the filter, each ending now. */
export const TIME_RANGES = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 60 * 60_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
  all: { label: 'All time', ms: null },
} as const satisfies Record<string, { label: string; ms: number | null }>;

export type TimeRange = keyof typeof TIME_RANGES;

/** Choices in the filter bar. `null` means any. */
export interface LogViewFilter {
  provider: ProviderId | null;
  outcome: AttemptOutcome | null;
  range: TimeRange;
  /** HTTP status, or null for any. */
  httpStatus: number | null;
  /** Exact operation name, or '' for any. */
  operation: string;
  /** Words to find in error messages, or '' for none. */
  text: string;
}

/** Rows per page requested from `logs.query`. */
export const LOG_PAGE_SIZE = 500;

/**
 * Maximum rows kept in memory. Scrolling down past it drops the newest rows
 * (`trimmedNewer`), and live attempts push the oldest rows out.
 */
export const MAX_LOG_ROWS = 20_000;

export interface ExportRun {
  running: boolean;
  /** Progress of the running export, or null before its first event. */
  progress: ExportProgress | null;
  /** The last finished export, or null when none ran or the user cancelled. */
  result: ExportResult | null;
  error: string | null;
  /** True when the user cancelled the last export, which writes no file. */
  cancelled: boolean;
}

export interface LogsState {
  filter: LogViewFilter;
  rows: AttemptRecord[];
  /** `beforeId` for the next older page, or null when the oldest row is loaded. */
  nextCursor: number | null;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  exportRun: ExportRun;
  /** True when scrolling dropped the newest rows; `load` brings them back. */
  trimmedNewer: boolean;
  /** The call whose detail pane is open, its detail once loaded, or null. */
  detail: { callId: string; data: CallDetail | null; error: string | null } | null;
  /** Opens the detail pane of one call. */
  openDetail(callId: string): Promise<void>;
  closeDetail(): void;
  /** Applies an `export.progress` event of the running export. */
  receiveProgress(progress: ExportProgress): void;
  /** Cancels the running export. */
  cancelExport(): Promise<void>;
  /**
   * Changes the filter and reloads the newest page. A change that leaves the
   * query as it was, such as a trailing space, reloads only after a failed load.
   */
  setFilter(patch: Partial<LogViewFilter>): Promise<void>;
  /** Loads the newest page for the current filter, replacing the rows. */
  load(): Promise<void>;
  /** Appends the next older page. Does nothing on the last page. */
  loadOlder(): Promise<void>;
  /** Prepends a live attempt when it matches the filter. */
  receive(record: AttemptRecord): void;
  /** Exports every attempt matching the filter to a file the user picks. */
  exportLogs(format: ExportFormat): Promise<void>;
}

/** Converts the view filter to the bridge's filter, with `since` taken from `now`. */
export function toLogFilter(filter: LogViewFilter, now: number = Date.now()): LogFilter {
  const query: LogFilter = {};
  const rangeMs = TIME_RANGES[filter.range].ms;
  if (filter.provider) query.provider = filter.provider;
  if (filter.outcome) query.outcome = filter.outcome;
  if (rangeMs !== null) query.since = now - rangeMs;
  if (filter.httpStatus !== null) query.httpStatus = filter.httpStatus;
  if (filter.operation.trim() !== '') query.operation = filter.operation.trim();
  if (filter.text.trim() !== '') query.text = filter.text.trim();

  return query;
}

/** Tests whether two view filters send the same query, whatever the time. */
function sameQuery(a: LogViewFilter, b: LogViewFilter): boolean {
  const first = toLogFilter(a, 0);
  const second = toLogFilter(b, 0);
  const keys = new Set([...Object.keys(first), ...Object.keys(second)] as Array<keyof LogFilter>);

  return [...keys].every((key) => first[key] === second[key]);
}

function matches(filter: LogViewFilter, record: AttemptRecord): boolean {
  const rangeMs = TIME_RANGES[filter.range].ms;
  if (filter.provider && record.provider !== filter.provider) return false;
  if (filter.outcome && record.outcome !== filter.outcome) return false;
  if (filter.httpStatus !== null && record.httpStatus !== filter.httpStatus) return false;
  if (filter.operation.trim() !== '' && record.operation !== filter.operation.trim()) return false;
  // Full-text matching is the store's; live rows wait for the next load.
  if (filter.text.trim() !== '') return false;

  return rangeMs === null || record.time >= Date.now() - rangeMs;
}

/**
 * Returns the identity of an attempt. Live records may arrive before the log assigns an
 * id, so rows are identified by call and attempt number instead.
 */
export function attemptKey(record: AttemptRecord): string {
  return `${record.callId}#${record.attempt}`;
}

function newestFirst(a: AttemptRecord, b: AttemptRecord): number {
  return (
    b.time - a.time || (b.id ?? Number.MAX_SAFE_INTEGER) - (a.id ?? Number.MAX_SAFE_INTEGER)
  );
}

/** Merges two row lists, dropping duplicates, newest first. */
function mergeRows(first: AttemptRecord[], second: AttemptRecord[]): AttemptRecord[] {
  const seen = new Set<string>();
  const merged: AttemptRecord[] = [];
  for (const record of [...first, ...second]) {
    const key = attemptKey(record);
    if (seen.has(key)) continue;

    seen.add(key);
    merged.push(record);
  }

  return merged.sort(newestFirst);
}

/**
 * Cuts `rows` to `MAX_LOG_ROWS`. When rows are dropped, the cursor moves to
 * the oldest kept id so "Load older" fetches them again.
 */
function bound(rows: AttemptRecord[], cursor: number | null) {
  if (rows.length <= MAX_LOG_ROWS) return { rows, nextCursor: cursor };

  const kept = rows.slice(0, MAX_LOG_ROWS);
  const ids = kept.flatMap((record) => (record.id === undefined ? [] : [record.id]));
  return { rows: kept, nextCursor: ids.length > 0 ? Math.min(...ids) : cursor };
}

/** The logs store. Read it through the selector hooks below. */
export const useLogsStore = create<LogsState>()((set, get) => {
  // Each load gets a number, so a slow page for an old filter is dropped.
  let generation = 0;
  // Id of the export this window started, so progress of others is ignored.
  let exportId: string | null = null;
  // Set by `cancelExport`, so the running export's rejection reads as a cancel.
  let cancelRequested = false;

  return {
    filter: { provider: null, outcome: null, range: 'all', httpStatus: null, operation: '', text: '' },
    trimmedNewer: false,
    detail: null,
    rows: [],
    nextCursor: null,
    loaded: false,
    loading: false,
    error: null,
    exportRun: { running: false, progress: null, result: null, error: null, cancelled: false },

    async setFilter(patch) {
      const { filter, loaded, error } = get();
      const next = { ...filter, ...patch };
      set({ filter: next });
      if (loaded && error === null && sameQuery(filter, next)) return;

      await get().load();
    },

    async load() {
      const current = ++generation;
      // Rows are cleared first, so live attempts that arrive during the
      // request are the only rows held when the page lands.
      set({ rows: [], nextCursor: null, loading: true, error: null, trimmedNewer: false });
      try {
        const query = { ...toLogFilter(get().filter), limit: LOG_PAGE_SIZE };
        const page = await hub().request('logs.query', query);
        if (current !== generation) return;

        set((state) => ({
          ...bound(mergeRows(state.rows, page.rows), page.nextCursor),
          loaded: true,
          loading: false,
        }));
      } catch (error) {
        if (current === generation) set({ loading: false, error: errorMessage(error) });
      }
    },

    async loadOlder() {
      const { nextCursor, loading, filter } = get();
      if (nextCursor === null || loading) return;

      const current = generation;
      set({ loading: true, error: null });
      try {
        const query = { ...toLogFilter(filter), limit: LOG_PAGE_SIZE, beforeId: nextCursor };
        const page = await hub().request('logs.query', query);
        if (current !== generation) return;

        set((state) => {
          // Older pages append in id order, so no merge sort is needed.
          const rows = [...state.rows, ...page.rows];
          const extra = rows.length - MAX_LOG_ROWS;
          return {
            rows: extra > 0 ? rows.slice(extra) : rows,
            trimmedNewer: state.trimmedNewer || extra > 0,
            nextCursor: page.nextCursor,
            loading: false,
          };
        });
      } catch (error) {
        if (current === generation) set({ loading: false, error: errorMessage(error) });
      }
    },

    receive(record) {
      const { loaded, loading, filter } = get();
      // Before the first load, the page itself brings the attempt.
      if ((!loaded && !loading) || get().trimmedNewer || !matches(filter, record)) return;

      set((state) => bound(mergeRows([record], state.rows), state.nextCursor));
    },

    async exportLogs(format) {
      exportId = `export-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      cancelRequested = false;
      set({ exportRun: { running: true, progress: null, result: null, error: null, cancelled: false } });
      try {
        const filter = toLogFilter(get().filter);
        const result = await hub().request('logs.export', { format, filter, exportId });
        // A cancelled save dialog returns a null path, which shows nothing.
        const shown = result.path === null ? null : result;
        set({ exportRun: { running: false, progress: null, result: shown, error: null, cancelled: false } });
      } catch (error) {
        // A cancel the user requested is not a failure, and the hub wrote no file.
        const cancelled = cancelRequested;
        const message = cancelled ? null : errorMessage(error);
        set({ exportRun: { running: false, progress: null, result: null, error: message, cancelled } });
      } finally {
        exportId = null;
      }
    },

    receiveProgress(progress) {
      if (progress.exportId !== exportId) return;

      set((state) => ({ exportRun: { ...state.exportRun, progress } }));
    },

    async cancelExport() {
      if (exportId === null) return;

      cancelRequested = true;
      await hub().request('logs.exportCancel', { exportId });
    },

    async openDetail(callId) {
      set({ detail: { callId, data: null, error: null } });
      try {
        const data = await hub().request('logs.call', { callId });
        if (get().detail?.callId === callId) set({ detail: { callId, data, error: null } });
      } catch (error) {
        if (get().detail?.callId === callId) {
          set({ detail: { callId, data: null, error: errorMessage(error) } });
        }
      }
    },

    closeDetail() {
      set({ detail: null });
    },
  };
});

/** Selects the rows loaded so far, newest first. */
export const useLogRows = (): AttemptRecord[] => useLogsStore((state) => state.rows);

/** Selects the current filter. */
export const useLogFilter = (): LogViewFilter => useLogsStore((state) => state.filter);

/** Selects the last export. */
export const useExportRun = (): ExportRun => useLogsStore((state) => state.exportRun);

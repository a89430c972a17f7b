/**
 * Resilience events for the logs view: the newest page from `events.query`
 * plus the live ones from `resilience.event`, newest first.
 */
import { create } from 'zustand';
import type { ProviderId, ResilienceEventRecord } from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

/** Events kept in memory; older ones drop off as new ones arrive. */
export const MAX_EVENT_ROWS = 500;

export interface EventsState {
  provider: ProviderId | null;
  rows: ResilienceEventRecord[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** Loads the newest events of `provider`, or of all providers for null. */
  load(provider?: ProviderId | null): Promise<void>;
  /** Prepends a live event when it matches the provider filter. */
  receive(record: ResilienceEventRecord): void;
}

export const useEventsStore = create<EventsState>()((set, get) => ({
  provider: null,
  rows: [],
  loaded: false,
  loading: false,
  error: null,

  async load(provider = get().provider) {
    set({ provider, loading: true, error: null });
    try {
      const query = provider ? { provider, limit: 200 } : { limit: 200 };
      const page = await hub().request('events.query', query);
      set({ rows: page.rows, loaded: true, loading: false });
    } catch (error) {
      set({ loading: false, error: errorMessage(error) });
    }
  },

  receive(record) {
    const { loaded, provider } = get();
    if (!loaded || (provider && record.provider !== provider)) return;

    set((state) => ({ rows: [record, ...state.rows].slice(0, MAX_EVENT_ROWS) }));
  },
}));

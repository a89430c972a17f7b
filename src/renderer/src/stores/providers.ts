/**
 * Providers as the dashboard shows them: one `ProviderView` per provider, kept
 * current by `provider.changed` events, plus the state of connection tests.
 */
import { create } from 'zustand';
import type {
  BreakerTransition,
  CredentialHint,
  ProbeResult,
  ProviderId,
  ProviderSettings,
  ProviderView,
} from '../../../shared/types.ts';
import { PROVIDER_IDS } from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

/** A connection test of one provider: running, finished with a result, or failed. */
export interface TestRun {
  running: boolean;
  result: ProbeResult | null;
  error: string | null;
}

/** The "Probe all now" run: its results, or the message of the failed request. */
export interface ProbeAllRun {
  running: boolean;
  results: ProbeResult[] | null;
  error: string | null;
}

export type BreakerAction = 'open' | 'close' | 'reset';

export interface ProvidersState {
  /** Views in the order of `PROVIDER_IDS`. */
  providers: ProviderView[];
  loaded: boolean;
  loadError: string | null;
  tests: Partial<Record<ProviderId, TestRun>>;
  probeAllRun: ProbeAllRun;
  /** Fetches every provider's view. Failures land in `loadError`. */
  load(): Promise<void>;
  /** Replaces one provider's view, or adds it when it is new. */
  upsert(view: ProviderView): void;
  applyBreakerTransition(transition: BreakerTransition): void;
  /** Probes one provider now. The result or error lands in `tests`. */
  testConnection(provider: ProviderId): Promise<void>;
  /** Probes every enabled provider now. The outcome lands in `probeAllRun`. */
  probeAll(): Promise<void>;
  /** Saves settings. Rejects with the bridge's error so the form can show it. */
  updateSettings(provider: ProviderId, patch: Partial<ProviderSettings>): Promise<ProviderView>;
  /** Stores a credential in the keychain. Rejects with the bridge's error. */
  setSecret(provider: ProviderId, field: string, value: string): Promise<void>;
  /** Removes a credential from the keychain. Rejects with the bridge's error. */
  deleteSecret(provider: ProviderId, field: string): Promise<void>;
  /** Forces the breaker open or closed, or resets it. Rejects with the bridge's error. */
  forceBreaker(provider: ProviderId, action: BreakerAction): Promise<void>;
}

const IDLE_TEST: TestRun = { running: false, result: null, error: null };

function byProviderOrder(a: ProviderView, b: ProviderView): number {
  return PROVIDER_IDS.indexOf(a.provider) - PROVIDER_IDS.indexOf(b.provider);
}

function replaceView(views: ProviderView[], view: ProviderView): ProviderView[] {
  const index = views.findIndex((item) => item.provider === view.provider);
  if (index === -1) return [...views, view].sort(byProviderOrder);

  const next = views.slice();
  next[index] = view;
  return next;
}

function patchView(
  views: ProviderView[],
  provider: ProviderId,
  patch: (view: ProviderView) => ProviderView,
): ProviderView[] {
  return views.map((view) => (view.provider === provider ? patch(view) : view));
}

/** The providers store. Read it through the selector hooks below. */
export const useProvidersStore = create<ProvidersState>()((set, get) => {
  const setTest = (provider: ProviderId, run: TestRun): void => {
    set((state) => ({ tests: { ...state.tests, [provider]: run } }));
  };

  const setCredentials = (provider: ProviderId, credentials: CredentialHint[]): void => {
    set((state) => ({
      providers: patchView(state.providers, provider, (view) => ({ ...view, credentials })),
    }));
  };

  return {
    providers: [],
    loaded: false,
    loadError: null,
    tests: {},
    probeAllRun: { running: false, results: null, error: null },

    async load() {
      try {
        const views = await hub().request('providers.list');
        set({ providers: views.slice().sort(byProviderOrder), loaded: true, loadError: null });
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },

    upsert(view) {
      set((state) => {
        // A finished test result goes once a newer probe has run, so the
        // card does not show an old result beside a newer status.
        const run = state.tests[view.provider];
        const stale = run?.result && !run.running && view.lastProbeAt !== null && view.lastProbeAt > run.result.time;
        const tests = stale ? { ...state.tests, [view.provider]: IDLE_TEST } : state.tests;
        return { providers: replaceView(state.providers, view), tests };
      });
    },

    applyBreakerTransition({ provider, to, time, reason }) {
      set((state) => ({
        providers: patchView(state.providers, provider, (view) => ({
          ...view,
          breaker: { state: to, since: time, reason },
        })),
      }));
    },

    async testConnection(provider) {
      const previous = get().tests[provider] ?? IDLE_TEST;
      setTest(provider, { ...previous, running: true });
      try {
        const result = await hub().request('providers.test', { provider });
        setTest(provider, { running: false, result, error: null });
      } catch (error) {
        setTest(provider, { running: false, result: null, error: errorMessage(error) });
      }
    },

    async probeAll() {
      set((state) => ({ probeAllRun: { ...state.probeAllRun, running: true } }));
      try {
        const results = await hub().request('providers.probeAll');
        set({ probeAllRun: { running: false, results, error: null } });
      } catch (error) {
        set({ probeAllRun: { running: false, results: null, error: errorMessage(error) } });
      }
    },

    async updateSettings(provider, patch) {
      const view = await hub().request('providers.update', { provider, patch });
      get().upsert(view);
      return view;
    },

    async setSecret(provider, field, value) {
      setCredentials(provider, await hub().request('secrets.set', { provider, field, value }));
    },

    async deleteSecret(provider, field) {
      setCredentials(provider, await hub().request('secrets.delete', { provider, field }));
    },

    async forceBreaker(provider, action) {
      get().upsert(await hub().request('breaker.force', { provider, action }));
    },
  };
});

/** Selects every provider view, in `PROVIDER_IDS` order. */
export const useProviders = (): ProviderView[] => useProvidersStore((state) => state.providers);

/** Selects one provider's view, or undefined before the list has loaded. */
export const useProvider = (provider: ProviderId): ProviderView | undefined =>
  useProvidersStore((state) => state.providers.find((view) => view.provider === provider));

/** Selects the last connection test of one provider. */
export const useTestRun = (provider: ProviderId): TestRun =>
  useProvidersStore((state) => state.tests[provider] ?? IDLE_TEST);

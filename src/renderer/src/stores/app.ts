/**
 * App-wide state: version and demo flag from `app.info`, keychain status,
 * the open view and the provider whose configuration panel is open.
 */
import { create } from 'zustand';
import type { AppInfo, KeychainStatus, ProviderId, StoreHealth } from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

export type AppView = 'dashboard' | 'logs' | 'usage';

export interface AppState {
  info: AppInfo | null;
  /** Kept apart from `info` because `keychain.changed` updates it. */
  keychain: KeychainStatus | null;
  /** Whether the call log is being written; updated by `store.health`. */
  storeHealth: StoreHealth | null;
  /** Message shown above the views when the app cannot reach the core. */
  fatalError: string | null;
  view: AppView;
  /** Provider whose configuration panel is open, or null when it is closed. */
  configuring: ProviderId | null;
  /** Fetches `app.info`. A failure sets `fatalError`. */
  load(): Promise<void>;
  setKeychain(status: KeychainStatus): void;
  setStoreHealth(health: StoreHealth): void;
  fail(message: string): void;
  showView(view: AppView): void;
  openConfig(provider: ProviderId): void;
  closeConfig(): void;
}

/** The app store. Read it through the selector hooks below. */
export const useAppStore = create<AppState>()((set) => ({
  info: null,
  keychain: null,
  storeHealth: null,
  fatalError: null,
  view: 'dashboard',
  configuring: null,

  async load() {
    try {
      const info = await hub().request('app.info');
      set({ info, keychain: info.keychain, storeHealth: info.store ?? null });
    } catch (error) {
      set({ fatalError: errorMessage(error) });
    }
  },

  setKeychain(keychain) {
    set({ keychain });
  },

  setStoreHealth(storeHealth) {
    set({ storeHealth });
  },

  fail(fatalError) {
    set({ fatalError });
  },

  showView(view) {
    set({ view });
  },

  openConfig(configuring) {
    set({ configuring });
  },

  closeConfig() {
    set({ configuring: null });
  },
}));

/** Selects the open view. */
export const useView = (): AppView => useAppStore((state) => state.view);

/** Selects the provider whose configuration panel is open. */
export const useConfiguring = (): ProviderId | null => useAppStore((state) => state.configuring);

/** Selects the keychain status, or null before `app.info` has loaded. */
export const useKeychain = (): KeychainStatus | null => useAppStore((state) => state.keychain);

/** Selects the call log write health, or null before `app.info` has loaded. */
export const useStoreHealth = (): StoreHealth | null => useAppStore((state) => state.storeHealth);

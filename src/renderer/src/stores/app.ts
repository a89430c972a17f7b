/**
 * App-wide state: version and demo flag from `app.info`, keychain status,
 * the open view and the provider whose configuration panel is open.
 */
import { create } from 'zustand';
import type { AppInfo, KeychainStatus, ProviderId } from '../../../shared/types.ts';
import { errorMessage, hub } from '../hub.ts';

export type AppView = 'dashboard' | 'logs' | 'usage';

export interface AppState {
  info: AppInfo | null;
  /** Kept apart from `info` because `keychain.changed` updates it. */
  keychain: KeychainStatus | null;
  /** Message shown above the views when the app cannot reach the core. */
  fatalError: string | null;
  view: AppView;
  /** Provider whose configuration panel is open, or null when it is closed. */
  configuring: ProviderId | null;
  /** Fetches `app.info`. A failure sets `fatalError`. */
  load(): Promise<void>;
  setKeychain(status: KeychainStatus): void;
  fail(message: string): void;
  showView(view: AppView): void;
  openConfig(provider: ProviderId): void;
  closeConfig(): void;
}

/** The app store. Read it through the selector hooks below. */
export const useAppStore = create<AppState>()((set) => ({
  info: null,
  keychain: null,
  fatalError: null,
  view: 'dashboard',
  configuring: null,

  async load() {
    try {
      const info = await hub().request('app.info');
      set({ info, keychain: info.keychain });
    } catch (error) {
      set({ fatalError: errorMessage(error) });
    }
  },

  setKeychain(keychain) {
    set({ keychain });
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

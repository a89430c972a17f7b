/**
 * Secrets in the OS keychain through keytar: Keychain on macOS, Credential
 * Vault on Windows, the Secret Service (gnome-keyring, KWallet) on Linux.
 * Each credential is one entry under the service `integration-hub` (see
 * `keychainService`) with the account `<provider>:<field>`.
 */
import type { KeychainStatus, ProviderId } from '../../../shared/types.ts';
import type { SecretStore } from '../ports.ts';
import { KeychainUnavailableError, keychainMessage } from './keychain-unavailable.ts';

export const KEYCHAIN_SERVICE = 'integration-hub';

/**
 * The keychain service in use: HUB_KEYCHAIN_SERVICE when set, so tests and a
 * second profile never touch the keys of the default one.
 */
export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.HUB_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE;
}

/** How long one keychain call may take before the keychain counts as unavailable. */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarStoreOptions {
  service?: string;
  timeoutMs?: number;
  /** Loads keytar; tests replace it to simulate a missing native module. */
  load?: () => Promise<Keytar>;
}

async function loadKeytar(): Promise<Keytar> {
  const module = (await import('keytar')) as unknown as Keytar & { default?: Keytar };
  return module.default ?? module;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) || 'unknown error';
}

/** Stores credentials in the OS keychain. Every call fails fast, never hangs. */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly load: () => Promise<Keytar>;
  private keytar: Promise<Keytar> | null = null;

  constructor(options: KeytarStoreOptions = {}) {
    this.service = options.service ?? keychainService();
    this.timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
    this.load = options.load ?? loadKeytar;
  }

  async get(provider: ProviderId, field: string): Promise<string | null> {
    return this.run((keytar) => keytar.getPassword(this.service, account(provider, field)));
  }

  async set(provider: ProviderId, field: string, value: string): Promise<void> {
    await this.run((keytar) => keytar.setPassword(this.service, account(provider, field), value));
  }

  async delete(provider: ProviderId, field: string): Promise<void> {
    await this.run((keytar) => keytar.deletePassword(this.service, account(provider, field)));
  }

  async status(): Promise<KeychainStatus> {
    try {
      await this.run((keytar) => keytar.findCredentials(this.service));
      return { available: true, message: null };
    } catch (error) {
      const detail = error instanceof KeychainUnavailableError ? error.message : keychainMessage(describe(error));
      return { available: false, message: detail };
    }
  }

  /** Runs one keychain call with a deadline, turning every failure into KeychainUnavailableError. */
  private async run<T>(call: (keytar: Keytar) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError(`no response within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
    });

    try {
      this.keytar ??= this.load();
      const keytar = await Promise.race([this.keytar, deadline]);
      return await Promise.race([call(keytar), deadline]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;

      throw new KeychainUnavailableError(describe(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function account(provider: ProviderId, field: string): string {
  return `${provider}:${field}`;
}

/**
 * The credentials of each provider as the hub changes them: checks a new
 * value, writes it through the secret cache, and tracks whether the
 * keychain can be reached.
 */
import { PROVIDER_IDS, type CredentialHint, type KeychainStatus, type ProviderId } from '../../shared/types.ts';
import { invalidArgument } from './errors.ts';
import type { HubEmitter } from './hub-events.ts';
import type { Logger, SecretStore } from './ports.ts';
import { PROVIDERS } from './providers/catalog.ts';
import type { SecretCache } from './secret-cache.ts';

export interface CredentialsOptions {
  /** The secret store behind `cache`, asked whether it can be reached. */
  store: SecretStore;
  cache: SecretCache;
  events: HubEmitter;
  logger: Logger;
}

/** Sets and deletes credential fields and emits `keychain.changed` when the keychain comes or goes. */
export class Credentials {
  private readonly options: CredentialsOptions;
  private keychainStatus: KeychainStatus = { available: true, message: null };

  constructor(options: CredentialsOptions) {
    this.options = options;
  }

  /** Whether the keychain could be reached at the last access. */
  get keychain(): KeychainStatus {
    return this.keychainStatus;
  }

  /** Reads the keychain status and every provider's credential fields once. */
  async load(): Promise<void> {
    this.keychainStatus = await this.options.store.status();
    if (!this.keychainStatus.available) this.options.logger.log('warn', 'secrets', this.keychainStatus.message ?? 'Keychain unavailable');

    await this.options.cache.load(PROVIDER_IDS.map((provider) => ({ provider, fields: PROVIDERS[provider].credentials.map((field) => field.field) })));
  }

  /**
   * Stores `value`, trimmed, as the provider's `field`. Throws
   * `invalid_argument` for an unknown field, or for a value that is empty or
   * contains a line break or a control character.
   */
  async set(provider: ProviderId, field: string, value: string): Promise<void> {
    this.checkField(provider, field);
    const trimmed = value.trim();
    if (trimmed === '') throw invalidArgument(`The ${field} for ${provider} is empty: paste the full value.`);
    if (/[\r\n]/.test(trimmed)) throw invalidArgument(`The ${field} for ${provider} contains a line break: paste it on one line.`);
    if (/[\u0000-\u001f\u007f\ufffd]/.test(trimmed)) {
      throw invalidArgument(`The ${field} for ${provider} contains control or invalid characters: paste the key as plain text.`);
    }

    await this.keychainCall(() => this.options.cache.set(provider, field, trimmed));
  }

  /** Deletes one credential field, or all of the provider's when `field` is omitted. */
  async delete(provider: ProviderId, field?: string): Promise<void> {
    const fields = field === undefined ? PROVIDERS[provider].credentials.map((entry) => entry.field) : [field];
    for (const name of fields) this.checkField(provider, name);

    await this.keychainCall(async () => {
      for (const name of fields) await this.options.cache.delete(provider, name);
    });
  }

  /** Returns each credential field of the provider with whether it is set, its last four characters and its source. */
  hints(provider: ProviderId): CredentialHint[] {
    return PROVIDERS[provider].credentials.map(({ field, label }) => ({ field, label, ...this.options.cache.hint(provider, field) }));
  }

  private checkField(provider: ProviderId, field: string): void {
    const fields = PROVIDERS[provider].credentials.map((entry) => entry.field);
    if (!fields.includes(field)) {
      throw invalidArgument(`Unknown credential "${field}" for ${provider}: use ${fields.join(' or ')}.`);
    }
  }

  private async keychainCall(call: () => Promise<void>): Promise<void> {
    try {
      await call();
      if (!this.keychainStatus.available) this.setKeychain({ available: true, message: null });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'keychain_unavailable') {
        this.setKeychain({ available: false, message: (error as Error).message });
      }
      throw error;
    }
  }

  private setKeychain(status: KeychainStatus): void {
    this.keychainStatus = status;
    this.options.events.emit('keychain.changed', status);
  }
}

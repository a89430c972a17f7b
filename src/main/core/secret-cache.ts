/**
 * Credentials held in the main process after one read from the secret store,
 * so calls do not wait on the keychain. Only `hint` leaves this module for
 * the UI, and it carries the last four characters, never the value.
 */
import type { CredentialHint, ProviderId } from '../../shared/types.ts';
import type { SecretStore } from './ports.ts';

type Hint = Omit<CredentialHint, 'field' | 'label'>;

/** Values shorter than this show no last four characters, so a short secret is not half revealed. */
const MIN_LENGTH_FOR_HINT = 12;

export class SecretCache {
  private readonly store: SecretStore;
  private readonly cache = new Map<string, { value: string; source: CredentialHint['source'] }>();
  /** Values of each provider as `values` returns them, because every call reads them. */
  private readonly byProvider = new Map<ProviderId, Readonly<Record<string, string>>>();

  constructor(store: SecretStore) {
    this.store = store;
  }

  /**
   * Reads every field once. Once a keychain read fails, the remaining fields
   * are read from the store's environment layer alone, if it has one. Keys
   * set in variables then still load, and the others stay unset.
   */
  async load(entries: readonly { provider: ProviderId; fields: readonly string[] }[]): Promise<void> {
    const env = (this.store as SecretStore & { env?: Pick<SecretStore, 'get'> }).env;
    let keychainFailed = false;
    for (const { provider, fields } of entries) {
      for (const field of fields) {
        if (!keychainFailed) {
          try {
            await this.refresh(provider, field);
            continue;
          } catch {
            // Each further keychain read would fail the same way, and may take seconds to do so.
            if (!env) return;
            keychainFailed = true;
          }
        }
        if (env) await this.loadFromEnv(env, provider, field);
      }
    }
  }

  private async loadFromEnv(env: Pick<SecretStore, 'get'>, provider: ProviderId, field: string): Promise<void> {
    const value = await env.get(provider, field);
    if (value === null || value === '') return;

    this.cache.set(`${provider}:${field}`, { value, source: 'env' });
    this.byProvider.delete(provider);
  }

  /** Returns the stored fields of `provider` with their values. The object is shared, so it is frozen. */
  async values(provider: ProviderId): Promise<Readonly<Record<string, string>>> {
    let result = this.byProvider.get(provider);
    if (!result) {
      const values: Record<string, string> = {};
      for (const [key, entry] of this.cache) {
        const [owner, field] = key.split(':') as [string, string];
        if (owner === provider) values[field] = entry.value;
      }
      result = Object.freeze(values);
      this.byProvider.set(provider, result);
    }
    return result;
  }

  presence(provider: ProviderId): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key] of this.cache) {
      const [owner, field] = key.split(':') as [string, string];
      if (owner === provider) result[field] = 'set';
    }
    return result;
  }

  hint(provider: ProviderId, field: string): Hint {
    const entry = this.cache.get(`${provider}:${field}`);
    if (!entry) return { set: false, last4: null, source: null };

    const last4 = entry.value.length >= MIN_LENGTH_FOR_HINT ? entry.value.slice(-4) : null;
    return { set: true, last4, source: entry.source };
  }

  async set(provider: ProviderId, field: string, value: string): Promise<void> {
    await this.store.set(provider, field, value);
    await this.refresh(provider, field);
  }

  async delete(provider: ProviderId, field: string): Promise<void> {
    await this.store.delete(provider, field);
    await this.refresh(provider, field);
  }

  private async refresh(provider: ProviderId, field: string): Promise<void> {
    const key = `${provider}:${field}`;
    const value = await this.store.get(provider, field);
    this.byProvider.delete(provider);
    if (value === null || value === '') {
      this.cache.delete(key);
      return;
    }

    const source = await this.sourceOf(provider, field);
    this.cache.set(key, { value, source });
    this.byProvider.delete(provider);
  }

  private async sourceOf(provider: ProviderId, field: string): Promise<CredentialHint['source']> {
    const layered = this.store as SecretStore & { sourceOf?(provider: ProviderId, field: string): Promise<CredentialHint['source']> };
    return layered.sourceOf ? layered.sourceOf(provider, field) : this.store.kind;
  }
}

/**
 * Environment variables over a writable store: the CLI's view of secrets.
 * A variable that is set takes precedence; writes go to the writable store.
 */
import type { KeychainStatus, ProviderId } from '../../../shared/types.ts';
import type { SecretStore } from '../ports.ts';
import type { EnvSecretStore } from './env-store.ts';

export class LayeredSecretStore implements SecretStore {
  readonly env: EnvSecretStore;
  readonly writable: SecretStore;

  constructor(env: EnvSecretStore, writable: SecretStore) {
    this.env = env;
    this.writable = writable;
  }

  get kind(): SecretStore['kind'] {
    return this.writable.kind;
  }

  async get(provider: ProviderId, field: string): Promise<string | null> {
    const fromEnv = await this.env.get(provider, field);
    if (fromEnv !== null) return fromEnv;

    return this.writable.get(provider, field);
  }

  /** Where the value of a field comes from now. */
  async sourceOf(provider: ProviderId, field: string): Promise<'env' | SecretStore['kind'] | null> {
    if (this.env.variableFor(provider, field)) return 'env';

    return (await this.writable.get(provider, field)) === null ? null : this.writable.kind;
  }

  set(provider: ProviderId, field: string, value: string): Promise<void> {
    return this.writable.set(provider, field, value);
  }

  delete(provider: ProviderId, field: string): Promise<void> {
    return this.writable.delete(provider, field);
  }

  status(): Promise<KeychainStatus> {
    return this.writable.status();
  }
}

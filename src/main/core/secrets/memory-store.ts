/** Secrets held in memory: demo mode's fake keys and unit tests. Nothing is written anywhere. */
import type { KeychainStatus, ProviderId } from '../../../shared/types.ts';
import type { SecretStore } from '../ports.ts';

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  constructor(initial: Partial<Record<ProviderId, Record<string, string>>> = {}) {
    for (const [provider, fields] of Object.entries(initial)) {
      for (const [field, value] of Object.entries(fields ?? {})) {
        this.values.set(`${provider}:${field}`, value);
      }
    }
  }

  async get(provider: ProviderId, field: string): Promise<string | null> {
    return this.values.get(`${provider}:${field}`) ?? null;
  }

  async set(provider: ProviderId, field: string, value: string): Promise<void> {
    this.values.set(`${provider}:${field}`, value);
  }

  async delete(provider: ProviderId, field: string): Promise<void> {
    this.values.delete(`${provider}:${field}`);
  }

  async status(): Promise<KeychainStatus> {
    return { available: true, message: null };
  }
}

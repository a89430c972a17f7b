/**
 * Read-only credentials from each provider's usual environment variables,
 * for headless use. Setting or deleting through this store is rejected.
 */
import type { KeychainStatus, ProviderId } from '../../../shared/types.ts';
import { HubError } from '../errors.ts';
import type { SecretStore } from '../ports.ts';

/** Provider and field to the variables that may carry it; the first one set wins. */
export type EnvNames = (provider: ProviderId, field: string) => readonly string[];

export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const;
  private readonly names: EnvNames;
  private readonly env: NodeJS.ProcessEnv;

  constructor(names: EnvNames, env: NodeJS.ProcessEnv = process.env) {
    this.names = names;
    this.env = env;
  }

  /** The variable that supplies this field now, if any. */
  variableFor(provider: ProviderId, field: string): string | null {
    return this.names(provider, field).find((name) => (this.env[name] ?? '') !== '') ?? null;
  }

  async get(provider: ProviderId, field: string): Promise<string | null> {
    const name = this.variableFor(provider, field);
    return name ? (this.env[name] ?? null) : null;
  }

  async set(provider: ProviderId, field: string): Promise<void> {
    throw this.readOnly(provider, field);
  }

  async delete(provider: ProviderId, field: string): Promise<void> {
    throw this.readOnly(provider, field);
  }

  async status(): Promise<KeychainStatus> {
    return { available: true, message: null };
  }

  private readOnly(provider: ProviderId, field: string): HubError {
    const names = this.names(provider, field).join(' or ');
    return new HubError(
      'invalid_argument',
      `The ${provider} ${field} comes from the environment (${names}) and cannot be changed here; ` +
        'change or unset the variable instead.',
    );
  }
}

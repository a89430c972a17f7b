/**
 * Errors raised by provider definitions. They carry an `ErrorClass`, so the
 * caller records them in the call log like a failed attempt.
 */
import { providerName } from '../../../shared/provider-names.ts';
import type { ErrorClass, ProviderId } from '../../../shared/types.ts';

export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly errorClass: ErrorClass;

  constructor(provider: ProviderId, errorClass: ErrorClass, message: string) {
    super(message);
    this.name = 'ProviderError';
    this.provider = provider;
    this.errorClass = errorClass;
  }
}

/** Returns the trimmed credential, or throws `unconfigured` naming the field and its variables. */
export function requireCredential(
  provider: ProviderId,
  credentials: Record<string, string>,
  field: { field: string; label: string; env: string[] },
): string {
  const value = credentials[field.field]?.trim();
  if (value) return value;

  const env = field.env.length > 0 ? ` or set ${field.env.join(' or ')}` : '';
  throw new ProviderError(
    provider,
    'unconfigured',
    `Missing ${field.label} for ${providerName(provider)}: add it in the provider settings${env}.`,
  );
}

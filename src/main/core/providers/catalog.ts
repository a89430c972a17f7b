/**
 * The provider catalog: one definition per provider, plus the helpers that
 * turn a definition and the user's settings into requests.
 */
import type { ProviderId } from '../../../shared/types.ts';
import { amadeus } from './amadeus.ts';
import { baseUrlHint, effectiveBaseUrl } from './base-url.ts';
import { elevenlabs } from './elevenlabs.ts';
import { mapbox } from './mapbox.ts';
import { openai } from './openai.ts';
import { openweather } from './openweather.ts';
import { stripe } from './stripe.ts';
import { supabase } from './supabase.ts';
import type { CredentialField, OutgoingRequest, ProviderDefinition } from './types.ts';

export { baseUrlHint, effectiveBaseUrl, resolveUrl, validateBaseUrl } from './base-url.ts';
export { needsIdempotencyKey, STRIPE_API_VERSION } from './stripe.ts';

export const PROVIDERS: Record<ProviderId, ProviderDefinition> = {
  openai,
  amadeus,
  mapbox,
  openweather,
  elevenlabs,
  supabase,
  stripe,
};

/** Returns the definition of a provider. */
export function getProvider(id: ProviderId): ProviderDefinition {
  return PROVIDERS[id];
}

/** Builds the provider's probe request, without credentials; pass it to `authorize`. */
export function buildProbeRequest(definition: ProviderDefinition): OutgoingRequest {
  const { method, path, query } = definition.probe;
  return { method, path, query: { ...query }, headers: { Accept: 'application/json' } };
}

type Environment = Record<string, string | undefined>;

function firstSet(names: readonly string[], env: Environment): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Reads each credential from its environment variables. The first variable
 * set wins, and fields with none set are left out.
 */
export function readCredentialsFromEnv(
  definition: ProviderDefinition,
  env: Environment,
): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const field of definition.credentials) {
    const value = firstSet(field.env, env);
    if (value !== undefined) credentials[field.field] = value;
  }
  return credentials;
}

/** Reads the base URL from the provider's environment variables, or returns null. */
export function readBaseUrlFromEnv(
  definition: ProviderDefinition,
  env: Environment,
): string | null {
  return firstSet(definition.baseUrlEnv, env) ?? null;
}

/** Returns the credential fields that are missing or blank. */
export function missingCredentials(
  definition: ProviderDefinition,
  credentials: Record<string, string | null | undefined>,
): CredentialField[] {
  return definition.credentials.filter((field) => !credentials[field.field]?.trim());
}

/**
 * Returns why the provider cannot be called yet (a required base URL or a
 * credential is missing), or null when it is configured. A base URL that is
 * set but invalid throws `invalid_argument` from `validateBaseUrl`.
 */
export function unconfiguredReason(
  definition: ProviderDefinition,
  baseUrl: string | null,
  credentials: Record<string, string | null | undefined>,
  options: { headless?: boolean } = {},
): string | null {
  if (effectiveBaseUrl(definition, baseUrl) === null) return baseUrlHint(definition, options);

  const missing = missingCredentials(definition, credentials);
  if (missing.length === 0) return null;

  const labels = missing.map((field) => field.label).join(' and ');
  // The app reads neither the variables nor keys the command saves while it runs, so each hint names what works where it is shown.
  if (!options.headless) return `${definition.name} needs its ${labels}: add it in the provider settings.`;

  const ways = missing.map((field) => credentialHint(definition, field)).join('; ');
  return `${definition.name} needs its ${labels}: ${ways}.`;
}

/** Returns the ways to give one credential to the `hub` command: `hub secrets set` and the environment variables. */
function credentialHint(definition: ProviderDefinition, field: CredentialField): string {
  const flag = definition.credentials.length > 1 ? ` --field ${field.field}` : '';
  const command = `run \`hub secrets set ${definition.id}${flag}\``;
  return field.env.length === 0 ? command : `${command} or set ${field.env.join(' or ')}`;
}

/**
 * Stripe: bearer secret key, a pinned `Stripe-Version`, and errors as
 * `{ error: { type, code, message } }` (docs.stripe.com/api/errors).
 */
import { requireCredential } from './errors.ts';
import { withHeaders } from './request.ts';
import {
  createInterpreter,
  isRecord,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type { CredentialField, HttpMethod, ProviderDefinition } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const API_KEY: CredentialField = {
  field: 'apiKey',
  label: 'secret key',
  env: ['STRIPE_SECRET_KEY', 'STRIPE_API_KEY'],
};

/**
 * API version sent with every request, so a change of the account's default
 * version cannot change response shapes. It is the version of stripe-node
 * v22.5.0.
 */
export const STRIPE_API_VERSION = '2026-07-29.dahlia';

function errorDetails(json: unknown): ErrorDetails {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  if (!error) return { message: null };

  const details: ErrorDetails = { message: shortMessage(error.message) };
  const code = stringField(error.code) ?? stringField(error.type);
  if (code !== undefined) details.code = code;
  return details;
}

/**
 * Whether the caller must add an `Idempotency-Key` header: Stripe accepts
 * one on POST, and GET and DELETE are idempotent already. Retries of one
 * logical call reuse the same key.
 */
export function needsIdempotencyKey(
  definition: Pick<ProviderDefinition, 'id'>,
  method: HttpMethod | string,
): boolean {
  return definition.id === 'stripe' && method.toUpperCase() === 'POST';
}

export const stripe: ProviderDefinition = {
  id: 'stripe',
  name: PROVIDER_NAMES.stripe,
  docsUrl: 'https://docs.stripe.com/api',
  defaultBaseUrl: 'https://api.stripe.com',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [API_KEY],
  secretQueryParams: [],
  secretHeaders: ['authorization'],
  probe: { operation: 'retrieve-balance', method: 'GET', path: '/v1/balance' },
  authorize(request, credentials) {
    const key = requireCredential('stripe', credentials, API_KEY);
    return withHeaders(request, {
      Authorization: `Bearer ${key}`,
      'Stripe-Version': STRIPE_API_VERSION,
    });
  },
  interpret: createInterpreter({ errorDetails }),
};

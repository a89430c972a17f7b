/**
 * Amadeus Self-Service: OAuth2 client credentials exchanged for a bearer
 * token (see `amadeus-token.ts`), errors as `{ errors: [{ code, title,
 * detail, status }] }` on resource APIs and as `{ error, error_description,
 * code, title }` on the token endpoint (amadeus4dev developer-guides,
 * "Common errors").
 */
import { ProviderError } from './errors.ts';
import { withHeaders } from './request.ts';
import {
  createInterpreter,
  isRecord,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type { CredentialField, Interpretation, ProviderDefinition } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const CLIENT_ID: CredentialField = {
  field: 'clientId',
  label: 'API key (client id)',
  env: ['AMADEUS_CLIENT_ID'],
};
const CLIENT_SECRET: CredentialField = {
  field: 'clientSecret',
  label: 'API secret (client secret)',
  env: ['AMADEUS_CLIENT_SECRET'],
};

/** Amadeus error code for an access token that is unknown or invalid. */
export const AMADEUS_INVALID_TOKEN_CODE = '38190';

/**
 * Amadeus error codes of a 401 that a new access token fixes: 38190 invalid
 * token, 38191 missing Authorization header, 38192 expired token (Amadeus
 * developer guides, common errors).
 */
export const AMADEUS_TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(['38190', '38191', '38192']);

/** Path of the OAuth2 token endpoint. */
export const AMADEUS_TOKEN_PATH = '/v1/security/oauth2/token';

function firstResourceError(json: Record<string, unknown>): ErrorDetails | null {
  const first: unknown = Array.isArray(json.errors) ? json.errors[0] : undefined;
  if (!isRecord(first)) return null;

  const message = shortMessage(first.detail) ?? shortMessage(first.title);
  const details: ErrorDetails = { message };
  const code = stringField(first.code);
  if (code !== undefined) details.code = code;
  return details;
}

function oauthError(json: Record<string, unknown>): ErrorDetails | null {
  const error = stringField(json.error);
  if (error === undefined) return null;

  return { message: shortMessage(json.error_description) ?? shortMessage(error), code: error };
}

/** Reads either error format; the token endpoint's `error` string becomes the code. */
export function amadeusErrorDetails(json: unknown): ErrorDetails {
  if (!isRecord(json)) return { message: null };
  return firstResourceError(json) ?? oauthError(json) ?? { message: shortMessage(json.message) };
}

/**
 * Whether a response rejected the access token, so the caller should call
 * `AmadeusTokenManager.invalidate()` and retry once with a new token.
 */
export function isAmadeusTokenRejected(status: number, interpretation: Interpretation): boolean {
  return status === 401 && AMADEUS_TOKEN_ERROR_CODES.has(interpretation.providerCode ?? '');
}

// NOTE: the default is the production host. Keys of the free test
// environment only work on https://test.api.amadeus.com, which the user
// sets as the base URL.
export const amadeus: ProviderDefinition = {
  id: 'amadeus',
  name: PROVIDER_NAMES.amadeus,
  docsUrl: 'https://developers.amadeus.com/self-service/apis-docs',
  defaultBaseUrl: 'https://api.amadeus.com',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [CLIENT_ID, CLIENT_SECRET],
  secretQueryParams: ['client_secret'],
  secretHeaders: ['authorization'],
  probe: {
    operation: 'airline-code-lookup',
    method: 'GET',
    path: '/v1/reference-data/airlines',
    query: { airlineCodes: 'BA' },
  },
  authorize(request, credentials) {
    const token = credentials.accessToken?.trim();
    if (!token) {
      throw new ProviderError(
        'amadeus',
        'unconfigured',
        'Missing Amadeus access token: fetch one with AmadeusTokenManager.getToken() first.',
      );
    }
    return withHeaders(request, { Authorization: `Bearer ${token}` });
  },
  interpret: createInterpreter({ errorDetails: amadeusErrorDetails }),
};

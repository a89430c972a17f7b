/**
 * Mapbox: the access token travels in the `access_token` query parameter.
 * The probe is the Tokens API "Retrieve a token" call, which returns 200 even
 * for a bad token and names the problem in the body `code` (`TokenValid`,
 * `TokenMalformed`, `TokenInvalid`, `TokenExpired`, `TokenRevoked`). Other
 * APIs answer 401 with `{ "message": "Not Authorized - Invalid Token" }`.
 * Source: docs.mapbox.com/api/accounts/tokens ("Retrieve a token", "Tokens
 * API errors").
 */
import { requireCredential } from './errors.ts';
import { withQuery } from './request.ts';
import {
  createInterpreter,
  headerValue,
  isRecord,
  numberField,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type { ErrorClass } from '../../../shared/types.ts';
import type { CredentialField, ProviderDefinition, ProviderResponse, RateLimitHint } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const ACCESS_TOKEN: CredentialField = {
  field: 'apiKey',
  label: 'access token',
  env: ['MAPBOX_ACCESS_TOKEN', 'MAPBOX_TOKEN'],
};

/** Body codes of a 200 from the Tokens API that mean the token cannot be used. */
const TOKEN_FAILURES: Record<string, string> = {
  TokenMalformed: 'The Mapbox access token cannot be parsed.',
  TokenInvalid: 'The signature of the Mapbox access token does not validate.',
  TokenExpired: 'The temporary Mapbox access token has expired.',
  TokenRevoked: 'The Mapbox access token has been revoked.',
};

/** Body codes of a 200 that mean success: the Tokens API's and the navigation APIs'. */
const SUCCESS_CODES = new Set(['TokenValid', 'Ok']);

function errorDetails(json: unknown): ErrorDetails {
  if (!isRecord(json)) return { message: null };

  const details: ErrorDetails = { message: shortMessage(json.message) };
  const code = stringField(json.code);
  if (code !== undefined) details.code = code;
  return details;
}

function bodyFailure(json: unknown): (ErrorDetails & { errorClass: ErrorClass }) | null {
  const code = isRecord(json) ? stringField(json.code) : undefined;
  if (code === undefined || SUCCESS_CODES.has(code)) return null;

  const tokenFailure = TOKEN_FAILURES[code];
  if (tokenFailure) return { errorClass: 'auth', message: tokenFailure, code };

  // Directions and Map Matching report unroutable input as a 200 with a code such as NoRoute.
  const text = (json as Record<string, unknown>).message;
  const message = shortMessage(text) ?? `Mapbox returned code ${code}.`;
  return { errorClass: 'body_error', message, code };
}

/**
 * Reads `X-Rate-Limit-Limit` (requests per window), `X-Rate-Limit-Interval`
 * (window in seconds) and `X-Rate-Limit-Reset` (Unix seconds of the next
 * reset), per docs.mapbox.com/api/guides ("Rate limit headers").
 */
export function readMapboxRateLimit(headers: Record<string, string>, now: number = Date.now()): RateLimitHint | undefined {
  const limit = numberField(headerValue(headers, 'x-rate-limit-limit'));
  const intervalSec = numberField(headerValue(headers, 'x-rate-limit-interval'));
  const resetSec = numberField(headerValue(headers, 'x-rate-limit-reset'));
  if (limit === undefined || intervalSec === undefined || intervalSec <= 0) return undefined;

  const hint: RateLimitHint = { limitRequests: limit, windowRequestsMs: intervalSec * 1000 };
  if (resetSec !== undefined) hint.resetRequestsMs = Math.max(0, resetSec * 1000 - now);
  return hint;
}

function hints(response: ProviderResponse) {
  const rateLimit = readMapboxRateLimit(response.headers);
  return rateLimit ? { rateLimit } : {};
}

export const mapbox: ProviderDefinition = {
  id: 'mapbox',
  name: PROVIDER_NAMES.mapbox,
  docsUrl: 'https://docs.mapbox.com/api/',
  defaultBaseUrl: 'https://api.mapbox.com',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [ACCESS_TOKEN],
  secretQueryParams: ['access_token'],
  secretHeaders: [],
  probe: { operation: 'retrieve-token', method: 'GET', path: '/tokens/v2' },
  authorize(request, credentials) {
    const token = requireCredential('mapbox', credentials, ACCESS_TOKEN);
    return withQuery(request, { access_token: token });
  },
  interpret: createInterpreter({ errorDetails, bodyFailure, hints }),
};

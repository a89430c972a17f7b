/**
 * OpenAI: bearer API key, errors as `{ error: { message, type, param, code } }`
 * (openai-openapi `ErrorResponse`), and `x-ratelimit-*` headers on every
 * response.
 */
import type { ErrorClass } from '../../../shared/types.ts';
import { requireCredential } from './errors.ts';
import { parseGoDuration } from '../resilience/retry-after.ts';
import { withHeaders } from './request.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';
import {
  createInterpreter,
  headerValue,
  isRecord,
  numberField,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type {
  CredentialField,
  ProviderDefinition,
  ProviderResponse,
  RateLimitHint,
} from './types.ts';

const API_KEY: CredentialField = { field: 'apiKey', label: 'API key', env: ['OPENAI_API_KEY'] };

/**
 * Error codes (or types) that mean billing or credit is exhausted. They come
 * with a 429 or 400, but waiting does not help, so they are `quota`, not
 * `rate_limit`.
 */
export const OPENAI_QUOTA_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_not_active',
]);

function errorDetails(json: unknown): ErrorDetails {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  if (!error) return { message: null };

  // Older quota errors carry the reason in `type` and leave `code` empty.
  const type = stringField(error.type);
  const code = stringField(error.code) ?? (type && OPENAI_QUOTA_CODES.has(type) ? type : undefined);
  const details: ErrorDetails = { message: shortMessage(error.message) };
  if (code !== undefined) details.code = code;
  return details;
}

function classify(_status: number, details: ErrorDetails): ErrorClass | null {
  return details.code !== undefined && OPENAI_QUOTA_CODES.has(details.code) ? 'quota' : null;
}

function durationHeader(headers: Record<string, string>, name: string): number | undefined {
  const value = headerValue(headers, name);
  const ms = value === undefined ? null : parseGoDuration(value);
  return ms === null || ms < 0 ? undefined : ms;
}

/** Reads the documented `x-ratelimit-*` headers; absent or unreadable headers are left out. */
export function readOpenAiRateLimit(headers: Record<string, string>): RateLimitHint | undefined {
  const hint: RateLimitHint = {
    limitRequests: numberField(headerValue(headers, 'x-ratelimit-limit-requests')),
    limitTokens: numberField(headerValue(headers, 'x-ratelimit-limit-tokens')),
    remainingRequests: numberField(headerValue(headers, 'x-ratelimit-remaining-requests')),
    remainingTokens: numberField(headerValue(headers, 'x-ratelimit-remaining-tokens')),
    resetRequestsMs: durationHeader(headers, 'x-ratelimit-reset-requests'),
    resetTokensMs: durationHeader(headers, 'x-ratelimit-reset-tokens'),
  };
  const present = Object.entries(hint).filter(([, value]) => value !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as RateLimitHint) : undefined;
}

function hints(response: ProviderResponse) {
  const rateLimit = readOpenAiRateLimit(response.headers);
  return rateLimit ? { rateLimit } : {};
}

export const openai: ProviderDefinition = {
  id: 'openai',
  name: PROVIDER_NAMES.openai,
  docsUrl: 'https://platform.openai.com/docs/api-reference',
  defaultBaseUrl: 'https://api.openai.com',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [API_KEY],
  secretQueryParams: [],
  secretHeaders: ['authorization'],
  probe: { operation: 'list-models', method: 'GET', path: '/v1/models' },
  authorize(request, credentials) {
    const key = requireCredential('openai', credentials, API_KEY);
    return withHeaders(request, { Authorization: `Bearer ${key}` });
  },
  interpret: createInterpreter({ errorDetails, classify, hints }),
};

/**
 * ElevenLabs: the API key travels in the `xi-api-key` header. Errors are
 * `{ detail: { status, message } }`, or FastAPI's `{ detail: string }` and
 * `{ detail: [{ msg }] }`. A 401 with status `quota_exceeded` means the
 * character quota is spent, not that the key is wrong (help.elevenlabs.io,
 * "API - Error Code 400 or 401"). `GET /v1/user` reports character usage.
 */
import type { ErrorClass } from '../../../shared/types.ts';
import { requireCredential } from './errors.ts';
import { withHeaders } from './request.ts';
import {
  createInterpreter,
  isRecord,
  numberField,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type { CredentialField, ProviderDefinition, QuotaUsage } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const API_KEY: CredentialField = {
  field: 'apiKey',
  label: 'API key',
  env: ['ELEVENLABS_API_KEY', 'XI_API_KEY'],
};

/** Detail statuses that mean the plan's allowance is spent; waiting for a retry does not help. */
export const ELEVENLABS_QUOTA_STATUSES: ReadonlySet<string> = new Set(['quota_exceeded']);

function detailList(detail: unknown[]): ErrorDetails {
  const first: unknown = detail[0];
  return { message: isRecord(first) ? shortMessage(first.msg) : null };
}

function errorDetails(json: unknown): ErrorDetails {
  const detail = isRecord(json) ? json.detail : undefined;
  if (typeof detail === 'string') return { message: shortMessage(detail) };
  if (Array.isArray(detail)) return detailList(detail);
  if (!isRecord(detail)) return { message: null };

  const details: ErrorDetails = { message: shortMessage(detail.message) };
  const code = stringField(detail.status) ?? stringField(detail.code);
  if (code !== undefined) details.code = code;
  return details;
}

function classify(_status: number, details: ErrorDetails): ErrorClass | null {
  return details.code !== undefined && ELEVENLABS_QUOTA_STATUSES.has(details.code) ? 'quota' : null;
}

/**
 * Reads character usage from `/v1/user`, where it is nested in
 * `subscription`, or from `/v1/user/subscription`, where it is at the top.
 */
export function readElevenLabsQuota(json: unknown): QuotaUsage | undefined {
  if (!isRecord(json)) return undefined;

  const subscription = isRecord(json.subscription) ? json.subscription : json;
  const used = numberField(subscription.character_count);
  const limit = numberField(subscription.character_limit);
  if (used === undefined || limit === undefined) return undefined;

  const resetUnix = numberField(subscription.next_character_count_reset_unix);
  const resetsAt = resetUnix === undefined ? null : resetUnix * 1000;
  return { used, limit, unit: 'characters', resetsAt };
}

function hints(_response: unknown, json: unknown) {
  const quota = readElevenLabsQuota(json);
  return quota ? { quota } : {};
}

export const elevenlabs: ProviderDefinition = {
  id: 'elevenlabs',
  name: PROVIDER_NAMES.elevenlabs,
  docsUrl: 'https://elevenlabs.io/docs/api-reference',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [API_KEY],
  secretQueryParams: [],
  secretHeaders: ['xi-api-key'],
  probe: { operation: 'get-user', method: 'GET', path: '/v1/user' },
  authorize(request, credentials) {
    const key = requireCredential('elevenlabs', credentials, API_KEY);
    return withHeaders(request, { 'xi-api-key': key });
  },
  interpret: createInterpreter({ errorDetails, classify, hints }),
};

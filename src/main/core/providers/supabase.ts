/**
 * Supabase: every project has its own host (`https://<ref>.supabase.co`), so
 * the base URL is the project URL and has no default. The key travels in the
 * `apikey` header, which the API gateway checks. Error bodies differ by
 * service: the gateway sends `{ message, hint }`, Auth `{ code, error_code,
 * msg }` or `{ error, error_description }`, PostgREST `{ code, message }`.
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
import type { CredentialField, ProviderDefinition } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const API_KEY: CredentialField = {
  field: 'apiKey',
  label: 'API key (publishable or anon)',
  env: ['SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_PUBLISHABLE_KEY', 'SUPABASE_KEY'],
};

function errorDetails(json: unknown): ErrorDetails {
  if (!isRecord(json)) return { message: null };

  const text = json.message ?? json.msg ?? json.error_description ?? json.error;
  const details: ErrorDetails = { message: shortMessage(text) };
  const code = stringField(json.error_code) ?? stringField(json.code);
  if (code !== undefined) details.code = code;
  return details;
}

// The Authorization header is left out on purpose: with the new
// `sb_publishable_` and `sb_secret_` keys, which are not JWTs, PostgREST
// rejects a bearer key, and the gateway accepts `apikey` alone.
export const supabase: ProviderDefinition = {
  id: 'supabase',
  name: PROVIDER_NAMES.supabase,
  docsUrl: 'https://supabase.com/docs/guides/api',
  defaultBaseUrl: '',
  baseUrlRequired: true,
  baseUrlEnv: ['SUPABASE_URL'],
  credentials: [API_KEY],
  secretQueryParams: ['apikey'],
  secretHeaders: ['apikey', 'authorization'],
  probe: { operation: 'auth-health', method: 'GET', path: '/auth/v1/health' },
  authorize(request, credentials) {
    const key = requireCredential('supabase', credentials, API_KEY);
    return withHeaders(request, { apikey: key });
  },
  interpret: createInterpreter({ errorDetails }),
};

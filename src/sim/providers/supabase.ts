/**
 * Supabase project simulator (PROJECT.supabase.co, so its URL is the project
 * URL): the API gateway's `apikey` check and the Auth (GoTrue) health probe
 * `GET /auth/v1/health`.
 *
 * The gateway takes the key from the `apikey` header or query parameter; an
 * `Authorization: Bearer` header alone is not enough. A project restricted
 * under the Fair Use Policy responds with 402 and names `exceed_*_quota` or
 * `overdue_payment` (supabase.com/docs/guides/platform/http-status-codes).
 */
import {
  credentialMatches,
  json,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

const HEALTH = {
  version: 'v2.175.0',
  name: 'GoTrue',
  description: 'GoTrue is a user registration and authentication API',
};

function authError(
  request: SimRequest,
  apiKey: string | undefined,
  rejectCredentials: boolean,
): SimResponse | null {
  const presented = request.headers['apikey'] ?? request.query['apikey'];
  if (credentialMatches(presented, apiKey, rejectCredentials)) return null;

  if (!presented) {
    const hint = 'No `apikey` request header or url param was found.';
    return json(401, { message: 'No API key found in request', hint });
  }

  const hint = 'Double check your Supabase `anon` or `service_role` API key.';
  return json(401, { message: 'Invalid API key', hint });
}

/** Builds the Supabase handler. Credential field: `apiKey` (anon, publishable or service key). */
export function createSupabaseHandler(context: HandlerContext): ProviderHandler {
  const apiKey = context.credentials['apiKey'];

  return {
    route(request, { rejectCredentials }) {
      const denied = authError(request, apiKey, rejectCredentials);
      if (denied) return denied;

      if (request.method === 'GET' && request.path === '/auth/v1/health') return json(200, HEALTH);

      return json(404, { message: 'no Route matched with those values' });
    },

    rateLimited(_request, retryAfterSec) {
      const msg = 'Request rate limit reached';
      const body = { code: 429, error_code: 'over_request_rate_limit', msg };
      return json(429, body, { 'retry-after': String(retryAfterSec) });
    },

    // NOTE: the documentation names the codes but shows no body, so the message
    // text is an approximation that contains the documented code.
    quotaExceeded() {
      const message =
        'Service for this project is restricted due to the following violations: exceed_egress_quota. ' +
        'Visit https://supabase.com/docs/guides/platform/billing-faq to learn more.';
      return json(402, { message });
    },

    serverError(_request, status) {
      if (status === 500) {
        const msg = 'Unexpected failure, please check server logs for more information';
        return json(500, { code: 500, error_code: 'unexpected_failure', msg });
      }

      return json(status, { message: 'An invalid response was received from the upstream server' });
    },

    bodyError() {
      return null;
    },
  };
}

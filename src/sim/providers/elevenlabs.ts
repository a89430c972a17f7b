/**
 * ElevenLabs API simulator (api.elevenlabs.io): `xi-api-key` header,
 * `GET /v1/user` with the embedded subscription, `GET /v1/user/subscription`
 * and `POST /v1/text-to-speech/{voice_id}`, whose characters count against
 * the subscription.
 *
 * Errors carry `{"detail":{"status","message"}}`. The quota error is a 401
 * with status `quota_exceeded`, so clients must read the body to tell it from
 * a bad key. A 429 is `too_many_concurrent_requests` or `system_busy`
 * (help.elevenlabs.io "API - Error Code 429").
 */
import {
  credentialMatches,
  json,
  unixNow,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

const CHARACTER_LIMIT = 100_000;
const CHARACTER_COUNT = 17_231;
const DAY_SEC = 86_400;

function detailError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  return json(status, { detail: { status: code, message } }, headers);
}

/** Returns the subscription, with `spent` characters of speech added to the starting count. */
function subscription(spent: number): Record<string, unknown> {
  return {
    tier: 'starter',
    character_count: CHARACTER_COUNT + spent,
    character_limit: CHARACTER_LIMIT,
    max_character_limit_extension: 10000,
    can_extend_character_limit: false,
    allowed_to_extend_character_limit: false,
    voice_slots_used: 1,
    professional_voice_slots_used: 0,
    voice_limit: 30,
    professional_voice_limit: 0,
    can_extend_voice_limit: false,
    can_use_instant_voice_cloning: true,
    can_use_professional_voice_cloning: false,
    current_overage: { amount: '0', currency: 'usd' },
    status: 'active',
    // Always in the future so the quota panel shows a real countdown.
    next_character_count_reset_unix: unixNow() + 12 * DAY_SEC,
    currency: 'usd',
    billing_period: 'monthly_period',
    character_refresh_period: 'monthly_period',
  };
}

function user(spent: number): unknown {
  return {
    user_id: 'demo-user',
    subscription: subscription(spent),
    is_onboarding_completed: true,
    is_onboarding_checklist_completed: true,
    created_at: 1753999199,
    seat_type: 'workspace_member',
    is_new_user: false,
    first_name: 'Demo',
    is_api_key_hashed: false,
  };
}

function fullSubscription(spent: number): unknown {
  return {
    ...subscription(spent),
    next_invoice: null,
    open_invoices: [],
    has_open_invoices: false,
    pending_change: null,
  };
}

function authError(
  request: SimRequest,
  apiKey: string | undefined,
  rejectCredentials: boolean,
): SimResponse | null {
  const presented = request.headers['xi-api-key'];
  if (credentialMatches(presented, apiKey, rejectCredentials)) return null;

  if (!presented) {
    const message = 'Neither authorization header nor xi-api-key received, please provide one.';
    return detailError(401, 'needs_authorization', message);
  }

  return detailError(401, 'invalid_api_key', 'Invalid API key');
}

/** Text-to-speech endpoints: `POST /v1/text-to-speech/{voice_id}` and its `/stream` variant. */
const SPEECH_PATH = /^\/v1\/text-to-speech\/[^/]+(?:\/stream)?$/;

/**
 * Converts `text` to speech: returns a few bytes of `audio/mpeg` and counts
 * the text's characters (code points) against the subscription, as
 * ElevenLabs bills them. A body without `text` is a 422 like FastAPI's.
 */
function speech(request: SimRequest, spend: (characters: number) => void): SimResponse {
  let text: unknown;
  try {
    text = (JSON.parse(request.body) as { text?: unknown }).text;
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string' || text === '') {
    return json(422, { detail: [{ loc: ['body', 'text'], msg: 'Field required', type: 'missing' }] });
  }

  spend([...text].length);
  // Placeholder audio: the ID3 tag marker that MP3 files start with.
  return { status: 200, headers: { 'content-type': 'audio/mpeg' }, body: 'ID3' };
}

/** Builds the ElevenLabs handler. Credential field: `apiKey`. */
export function createElevenLabsHandler(context: HandlerContext): ProviderHandler {
  const apiKey = context.credentials['apiKey'];
  let spent = 0;

  return {
    route(request, { rejectCredentials }) {
      const denied = authError(request, apiKey, rejectCredentials);
      if (denied) return denied;

      const route = `${request.method} ${request.path}`;
      if (route === 'GET /v1/user') return json(200, user(spent));
      if (route === 'GET /v1/user/subscription') return json(200, fullSubscription(spent));
      if (request.method === 'POST' && SPEECH_PATH.test(request.path)) {
        return speech(request, (characters) => {
          spent += characters;
        });
      }

      return json(404, { detail: 'Not Found' });
    },

    rateLimited(_request, retryAfterSec) {
      const message =
        'Too many concurrent requests. Your current subscription allows a limited number of ' +
        'concurrent requests; wait for running requests to finish or upgrade your plan.';
      const headers = { 'retry-after': String(retryAfterSec) };
      return detailError(429, 'too_many_concurrent_requests', message, headers);
    },

    quotaExceeded() {
      const message =
        `This request exceeds your quota of ${CHARACTER_LIMIT}. You have 0 credits remaining, ` +
        'while 91 credits are required for this request.';
      return detailError(401, 'quota_exceeded', message);
    },

    serverError(_request, status) {
      return detailError(status, 'internal_server_error', 'An internal server error occurred.');
    },

    bodyError() {
      return null;
    },
  };
}

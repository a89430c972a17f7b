/**
 * OpenAI API simulator (api.openai.com): bearer-key auth, `GET /v1/models`,
 * `POST /v1/chat/completions` with a `usage` object, and the
 * `x-ratelimit-*` headers on every authenticated response.
 *
 * Bodies follow the OpenAI OpenAPI spec (openai/openai-openapi 2.3.0) and the
 * error-codes guide. `insufficient_quota` is a 429 that means billing, not a
 * transient limit, so it carries no retry headers.
 */
import { formatGoDuration } from '../go-duration.ts';
import {
  bearerToken,
  credentialMatches,
  json,
  randomId,
  unixNow,
  withHeaders,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

/** Requests per minute the simulator allows before it returns 429 on its own. */
export const OPENAI_REQUEST_LIMIT = 500;
/** Tokens per minute the simulator allows before it returns 429 on its own. */
export const OPENAI_TOKEN_LIMIT = 200_000;
const WINDOW_MS = 60_000;

type ErrorFields = { message: string; type: string; param?: string | null; code?: string | null };

function openAiError(
  status: number,
  fields: ErrorFields,
  headers: Record<string, string> = {},
): SimResponse {
  const { message, type, param = null, code = null } = fields;

  return json(status, { error: { message, type, param, code } }, headers);
}

/** Masks a key the way OpenAI echoes it: the first 8 and last 4 characters. */
function maskKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}****${key.slice(-4)}` : '****';
}

/** A fixed one-minute window of request and token budgets, as OpenAI reports them. */
class RateWindow {
  private start = 0;
  private requests = 0;
  private tokens = 0;

  /** Counts one request (and its tokens); returns which budget it exceeds, if any. */
  consume(tokens: number): 'requests' | 'tokens' | null {
    this.roll();
    if (this.requests >= OPENAI_REQUEST_LIMIT) return 'requests';
    if (this.tokens + tokens > OPENAI_TOKEN_LIMIT) return 'tokens';

    this.requests += 1;
    this.tokens += tokens;
    return null;
  }

  headers(): Record<string, string> {
    this.roll();
    const resetMs = this.start + WINDOW_MS - Date.now();

    return {
      'x-ratelimit-limit-requests': String(OPENAI_REQUEST_LIMIT),
      'x-ratelimit-limit-tokens': String(OPENAI_TOKEN_LIMIT),
      'x-ratelimit-remaining-requests': String(OPENAI_REQUEST_LIMIT - this.requests),
      'x-ratelimit-remaining-tokens': String(OPENAI_TOKEN_LIMIT - this.tokens),
      'x-ratelimit-reset-requests': formatGoDuration(this.requests === 0 ? 0 : resetMs),
      'x-ratelimit-reset-tokens': formatGoDuration(this.tokens === 0 ? 0 : resetMs),
    };
  }

  resetMs(): number {
    return Math.max(0, this.start + WINDOW_MS - Date.now());
  }

  private roll(): void {
    if (Date.now() < this.start + WINDOW_MS) return;

    this.start = Date.now();
    this.requests = 0;
    this.tokens = 0;
  }
}

function modelEntry(id: string, created: number): unknown {
  return { id, object: 'model', created, owned_by: 'system', shutdown_date: null };
}

const MODELS = [
  modelEntry('gpt-4o-mini', 1721172741),
  modelEntry('gpt-4o', 1715367049),
  modelEntry('text-embedding-3-small', 1705948997),
];

const COMPLETION_TEXT = 'Hello! How can I assist you today?';
const COMPLETION_TOKENS = 10;

/** Rough prompt size in tokens (four characters a token), enough for usage and budgets. */
function estimatePromptTokens(messages: unknown[]): number {
  return Math.max(1, Math.ceil(JSON.stringify(messages).length / 4));
}

function parseChatBody(body: string): { model: string; messages: unknown[] } | SimResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const message =
      'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';
    return openAiError(400, { message, type: 'invalid_request_error' });
  }

  const { model, messages } = (parsed ?? {}) as { model?: unknown; messages?: unknown };
  if (typeof model !== 'string' || model === '') {
    const message = 'you must provide a model parameter';
    return openAiError(400, { message, type: 'invalid_request_error' });
  }
  if (!Array.isArray(messages)) {
    const message = "Missing required parameter: 'messages'.";
    return openAiError(400, {
      message,
      type: 'invalid_request_error',
      param: 'messages',
      code: 'missing_required_parameter',
    });
  }

  return { model, messages };
}

function chatCompletion(model: string, promptTokens: number): unknown {
  return {
    id: `chatcmpl-${randomId(29)}`,
    object: 'chat.completion',
    created: unixNow(),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: COMPLETION_TEXT, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: COMPLETION_TOKENS,
      total_tokens: promptTokens + COMPLETION_TOKENS,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
  };
}

function rateLimitMessage(budget: 'requests' | 'tokens', retryAfterMs: number): string {
  const unit = budget === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
  const limit = budget === 'requests' ? OPENAI_REQUEST_LIMIT : OPENAI_TOKEN_LIMIT;
  const wait = (retryAfterMs / 1000).toFixed(3).replace(/\.?0+$/, '');

  return (
    `Rate limit reached for default-model in organization org-demo on ${unit}: Limit ${limit}. ` +
    `Please try again in ${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`
  );
}

function rateLimitResponse(budget: 'requests' | 'tokens', retryAfterMs: number): SimResponse {
  const message = rateLimitMessage(budget, retryAfterMs);
  const headers = {
    'retry-after': String(Math.ceil(retryAfterMs / 1000)),
    'retry-after-ms': String(Math.round(retryAfterMs)),
  };

  return openAiError(429, { message, type: budget, code: 'rate_limit_exceeded' }, headers);
}

function authError(
  request: SimRequest,
  rejectCredentials: boolean,
  apiKey: string | undefined,
): SimResponse | null {
  const token = bearerToken(request);
  if (credentialMatches(token, apiKey, rejectCredentials)) return null;

  if (!token) {
    const message =
      "You didn't provide an API key. You need to provide your API key in an Authorization header " +
      'using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from ' +
      'https://platform.openai.com/account/api-keys.';
    return openAiError(401, { message, type: 'invalid_request_error' });
  }

  const message =
    `Incorrect API key provided: ${maskKey(token)}. ` +
    'You can find your API key at https://platform.openai.com/account/api-keys.';
  return openAiError(401, { message, type: 'invalid_request_error', code: 'invalid_api_key' });
}

/** Builds the OpenAI handler. Credential field: `apiKey`. */
export function createOpenAiHandler(context: HandlerContext): ProviderHandler {
  const window = new RateWindow();

  function serve(request: SimRequest): SimResponse {
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /v1/models') {
      return budgeted(0, () => json(200, { object: 'list', data: MODELS }));
    }
    if (route === 'POST /v1/chat/completions') return completions(request);

    const message = `Invalid URL (${request.method} ${request.path})`;
    return openAiError(404, { message, type: 'invalid_request_error' });
  }

  function completions(request: SimRequest): SimResponse {
    const parsed = parseChatBody(request.body);
    if ('status' in parsed) return parsed;

    const promptTokens = estimatePromptTokens(parsed.messages);
    const tokens = promptTokens + COMPLETION_TOKENS;
    return budgeted(tokens, () => json(200, chatCompletion(parsed.model, promptTokens)));
  }

  function budgeted(tokens: number, build: () => SimResponse): SimResponse {
    const exceeded = window.consume(tokens);
    const response = exceeded ? rateLimitResponse(exceeded, window.resetMs()) : build();

    return withHeaders(response, window.headers());
  }

  return {
    route(request, options) {
      const denied = authError(request, options.rejectCredentials, context.credentials['apiKey']);
      return denied ?? serve(request);
    },

    rateLimited(_request, retryAfterSec) {
      const response = rateLimitResponse('requests', retryAfterSec * 1000);
      return withHeaders(response, { ...window.headers(), 'x-ratelimit-remaining-requests': '0' });
    },

    quotaExceeded() {
      const message =
        'You exceeded your current quota, please check your plan and billing details. For more ' +
        'information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.';
      return openAiError(429, { message, type: 'insufficient_quota', code: 'insufficient_quota' });
    },

    serverError(_request, status) {
      const message =
        status === 503
          ? 'The engine is currently overloaded, please try again later.'
          : 'The server had an error while processing your request. Sorry about that!';
      return openAiError(status, { message, type: 'server_error' });
    },

    bodyError() {
      return null;
    },

    finish(_request, response) {
      return withHeaders(response, {
        'x-request-id': `req_${randomId(32)}`,
        'openai-version': '2020-10-01',
        'openai-processing-ms': '25',
      });
    },
  };
}

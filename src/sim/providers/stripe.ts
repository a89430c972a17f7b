/**
 * Stripe API simulator (api.stripe.com): secret-key auth by `Authorization:
 * Bearer` or HTTP Basic with the key as user name, `GET /v1/balance`, and
 * `POST /v1/customers` with idempotency keys. Every response has a
 * `Request-Id` header.
 *
 * Idempotency follows docs.stripe.com/api/idempotent_requests. The first
 * result for a key is saved and replayed for the same key, with the headers
 * `Idempotent-Replayed: true` and `Original-Request`. Reusing a key with other
 * parameters is a 400 `idempotency_error`.
 */
import {
  basicUser,
  bearerToken,
  credentialMatches,
  json,
  parseForm,
  randomId,
  unixNow,
  withHeaders,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

/** Idempotency keys kept at most; the oldest are forgotten first, like Stripe's 24-hour pruning. */
const MAX_IDEMPOTENCY_KEYS = 1000;

interface SavedResult {
  fingerprint: string;
  requestId: string;
  response: SimResponse;
}

function stripeError(
  status: number,
  error: Record<string, string>,
  headers: Record<string, string> = {},
): SimResponse {
  return json(status, { error }, headers);
}

/** Masks a key as Stripe echoes it: the mode prefix, eight stars and the last four characters. */
function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? key.slice(0, 3);

  return `${prefix}********${key.slice(-4)}`;
}

function authError(
  request: SimRequest,
  secretKey: string | undefined,
  rejectCredentials: boolean,
): SimResponse | null {
  const presented = bearerToken(request) ?? basicUser(request);
  if (credentialMatches(presented, secretKey, rejectCredentials)) return null;

  if (!presented) {
    const message =
      'You did not provide an API key. You need to provide your API key in the Authorization header, ' +
      "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). " +
      'See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.';
    return stripeError(401, { message, type: 'invalid_request_error' });
  }

  const message = `Invalid API Key provided: ${maskKey(presented)}`;
  return stripeError(401, { message, type: 'invalid_request_error' });
}

const BALANCE = {
  object: 'balance',
  available: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
  connect_reserved: [{ amount: 0, currency: 'usd' }],
  livemode: false,
  pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
};

/** Reads `metadata[key]=value` form fields into an object, as Stripe's form encoding nests them. */
function metadataOf(form: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [field, value] of Object.entries(form)) {
    const match = /^metadata\[(.+)\]$/.exec(field);
    if (match?.[1]) metadata[match[1]] = value;
  }

  return metadata;
}

function customer(body: string): unknown {
  const form = parseForm(body);

  return {
    id: `cus_${randomId(14)}`,
    object: 'customer',
    address: null,
    balance: 0,
    created: unixNow(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: form['description'] ?? null,
    email: form['email'] ?? null,
    invoice_prefix: randomId(8).toUpperCase(),
    livemode: false,
    metadata: metadataOf(form),
    name: form['name'] ?? null,
    phone: form['phone'] ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
}

function newRequestId(): string {
  return `req_${randomId(14)}`;
}

/** Builds the Stripe handler. Credential field: `apiKey` (the secret key, `sk_...`). */
export function createStripeHandler(context: HandlerContext): ProviderHandler {
  const secretKey = context.credentials['apiKey'];
  const saved = new Map<string, SavedResult>();

  function serve(request: SimRequest): SimResponse {
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /v1/balance') return json(200, BALANCE);
    if (route === 'POST /v1/customers') {
      return idempotent(request, () => json(200, customer(request.body)));
    }

    const message =
      `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs ` +
      'or we can help at https://support.stripe.com/.';
    return stripeError(404, { message, type: 'invalid_request_error' });
  }

  function idempotent(request: SimRequest, execute: () => SimResponse): SimResponse {
    const key = request.headers['idempotency-key'];
    if (!key) return withHeaders(execute(), { 'request-id': newRequestId() });

    const fingerprint = `${request.method} ${request.path} ${request.body}`;
    const previous = saved.get(key);
    if (previous) return replay(previous, fingerprint, key);

    const requestId = newRequestId();
    const response = withHeaders(execute(), { 'request-id': requestId, 'idempotency-key': key });
    save(key, { fingerprint, requestId, response });
    return response;
  }

  function replay(previous: SavedResult, fingerprint: string, key: string): SimResponse {
    if (previous.fingerprint !== fingerprint) {
      const message =
        'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
        `Try using a key other than '${key}' if you meant to execute a different request.`;
      return stripeError(400, { message, type: 'idempotency_error' });
    }

    return withHeaders(previous.response, {
      'request-id': newRequestId(),
      'idempotent-replayed': 'true',
      'original-request': previous.requestId,
    });
  }

  function save(key: string, result: SavedResult): void {
    saved.set(key, result);
    if (saved.size > MAX_IDEMPOTENCY_KEYS) saved.delete(saved.keys().next().value as string);
  }

  return {
    route(request, { rejectCredentials }) {
      return authError(request, secretKey, rejectCredentials) ?? serve(request);
    },

    rateLimited(_request, retryAfterSec) {
      const error = {
        code: 'rate_limit',
        doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        message:
          'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
        type: 'invalid_request_error',
      };
      return stripeError(429, error, { 'retry-after': String(retryAfterSec) });
    },

    // NOTE: Stripe has no quota or billing error on its API, so a quota fault
    // plays its 429 without a retry hint, which a client cannot tell from a rate limit.
    quotaExceeded() {
      const error = {
        code: 'rate_limit',
        doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        message: 'Request rate limit exceeded.',
        type: 'invalid_request_error',
      };
      return stripeError(429, error);
    },

    serverError(_request, status) {
      return stripeError(status, { message: 'An unknown error occurred', type: 'api_error' });
    },

    bodyError() {
      return null;
    },

    finish(_request, response) {
      if (response.headers['request-id']) return response;

      return withHeaders(response, { 'request-id': newRequestId() });
    },
  };
}

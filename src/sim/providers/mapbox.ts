/**
 * Mapbox API simulator (api.mapbox.com): `access_token` query parameter, the
 * Tokens API probe `GET /tokens/v2` and a minimal forward geocoding route.
 *
 * The Tokens API returns 200 even for a bad token and reports validity in the
 * body `code` (TokenValid, TokenMalformed, TokenInvalid, TokenExpired,
 * TokenRevoked), per docs.mapbox.com/api/accounts/tokens. Other APIs answer
 * 401 `{"message":"Not Authorized - Invalid Token"}`. Authenticated responses
 * carry `X-Rate-Limit-Interval` (seconds), `X-Rate-Limit-Limit` and
 * `X-Rate-Limit-Reset` (Unix seconds).
 */
import {
  credentialMatches,
  json,
  unixNow,
  withHeaders,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

const RATE_INTERVAL_SEC = 60;
const GEOCODING_PREFIX = '/geocoding/v5/mapbox.places/';
const GEOCODING_PATH = /^\/geocoding\/v5\/mapbox\.places\/[^/]+\.json$/;
/** Requests per minute reported in `X-Rate-Limit-Limit`, the Mapbox geocoding default. */
const RATE_LIMIT = 600;

function message(status: number, text: string, headers: Record<string, string> = {}): SimResponse {
  return json(status, { message: text }, headers);
}

function rateHeaders(resetAtSec: number): Record<string, string> {
  return {
    'x-rate-limit-interval': String(RATE_INTERVAL_SEC),
    'x-rate-limit-limit': String(RATE_LIMIT),
    'x-rate-limit-reset': String(resetAtSec),
  };
}

/** Tests whether `token` has the `pk|sk|tk.PAYLOAD.SIGNATURE` shape of a Mapbox token. */
function isWellFormed(token: string): boolean {
  return /^(pk|sk|tk)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

function tokenUsage(token: string): string {
  return token.slice(0, 2);
}

function tokenStatus(token: string, valid: boolean): SimResponse {
  if (valid) {
    const details = {
      usage: tokenUsage(token),
      user: 'demo',
      authorization: 'cdemo0000000000000000000',
    };
    return json(200, { code: 'TokenValid', token: details });
  }

  return json(200, { code: isWellFormed(token) ? 'TokenInvalid' : 'TokenMalformed' });
}

function geocode(request: SimRequest): SimResponse {
  const encoded = request.path.slice(GEOCODING_PREFIX.length, -'.json'.length);
  const query = decodeURIComponent(encoded);
  const feature = {
    id: 'place.demo',
    type: 'Feature',
    place_type: ['place'],
    relevance: 1,
    text: query,
    place_name: query,
    center: [10.99, 44.34],
    geometry: { type: 'Point', coordinates: [10.99, 44.34] },
  };

  return json(200, { type: 'FeatureCollection', query: query.split(/\s+/), features: [feature] });
}

/** Builds the Mapbox handler. Credential field: `apiKey` (the access token). */
export function createMapboxHandler(context: HandlerContext): ProviderHandler {
  const accessToken = context.credentials['apiKey'];

  function serve(request: SimRequest, token: string, valid: boolean): SimResponse {
    if (request.method === 'GET' && request.path === '/tokens/v2') return tokenStatus(token, valid);
    if (!valid) return message(401, 'Not Authorized - Invalid Token');

    if (request.method === 'GET' && GEOCODING_PATH.test(request.path)) return geocode(request);

    return message(404, 'Not Found');
  }

  return {
    route(request, { rejectCredentials }) {
      const token = request.query['access_token'];
      // NOTE: one third-party summary of the Tokens API lists 422 for a missing
      // token; the simulator follows the 401 that the other Mapbox APIs send.
      if (!token) return message(401, 'Not Authorized - No Token');

      const valid = credentialMatches(token, accessToken, rejectCredentials);
      const response = serve(request, token, valid);
      return valid ? withHeaders(response, rateHeaders(unixNow() + RATE_INTERVAL_SEC)) : response;
    },

    rateLimited(_request, retryAfterSec) {
      const headers = {
        ...rateHeaders(unixNow() + retryAfterSec),
        'retry-after': String(retryAfterSec),
      };
      return message(429, 'Too Many Requests', headers);
    },

    // NOTE: Mapbox documents no distinct quota error, so a quota fault plays its
    // 429 without a retry hint, which a client cannot tell from a rate limit.
    quotaExceeded() {
      return message(429, 'Too Many Requests', rateHeaders(unixNow() + RATE_INTERVAL_SEC));
    },

    serverError(_request, status) {
      return message(status, 'Internal Server Error');
    },

    bodyError(request) {
      if (request.path !== '/tokens/v2') return null;

      return json(200, { code: 'TokenInvalid' });
    },
  };
}

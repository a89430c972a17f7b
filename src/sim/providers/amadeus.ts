/**
 * Amadeus Self-Service API simulator (api.amadeus.com): the OAuth2
 * client-credentials token endpoint and `GET /v1/reference-data/airlines`
 * with a bearer token that expires after the configured TTL.
 *
 * Error bodies follow the "Common client and server errors" page of the
 * Amadeus developer guides (amadeus4dev/developer-guides): token-endpoint
 * errors are flat OAuth objects, resource errors an `errors` array.
 */
import {
  bearerToken,
  json,
  parseForm,
  randomId,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

const AMADEUS_TYPE = 'application/vnd.amadeus+json';
const TOKEN_PATH = '/v1/security/oauth2/token';
/** Access tokens kept at most; the oldest are forgotten first. */
const MAX_TOKENS = 1000;

interface ResourceError {
  code: number;
  title: string;
  detail: string;
  status: number;
}

function resourceError(error: ResourceError, headers: Record<string, string> = {}): SimResponse {
  return json(error.status, { errors: [error] }, { 'content-type': AMADEUS_TYPE, ...headers });
}

function oauthError(status: number, error: string, description: string): SimResponse {
  const body = { error, error_description: description, code: 38187, title: 'Invalid parameters' };
  return json(status, body);
}

const INVALID_TOKEN: ResourceError = {
  code: 38190,
  title: 'Invalid access token',
  detail: 'The access token provided in the Authorization header is invalid',
  status: 401,
};

const EXPIRED_TOKEN: ResourceError = {
  code: 38192,
  title: 'Access token expired',
  detail: 'The access token is expired',
  status: 401,
};

const MISSING_HEADER: ResourceError = {
  code: 38191,
  title: 'Invalid HTTP header',
  detail: 'Missing or invalid format for mandatory Authorization header',
  status: 401,
};

const TOO_MANY_REQUESTS: ResourceError = {
  code: 38194,
  title: 'Too many requests',
  detail: 'The network rate limit is exceeded, please try again later',
  status: 429,
};

const AIRLINES: Record<string, { icaoCode: string; businessName: string; commonName: string }> = {
  BA: { icaoCode: 'BAW', businessName: 'BRITISH AIRWAYS', commonName: 'BRITISH A/W' },
  AF: { icaoCode: 'AFR', businessName: 'AIR FRANCE', commonName: 'AIR FRANCE' },
  LH: { icaoCode: 'DLH', businessName: 'LUFTHANSA', commonName: 'LUFTHANSA' },
};

function airlines(request: SimRequest): SimResponse {
  const codes = (request.query['airlineCodes'] ?? '').split(',').filter(Boolean);
  const data = codes
    .filter((code) => AIRLINES[code])
    .map((code) => ({ type: 'airline', iataCode: code, ...AIRLINES[code] }));
  const self = `https://api.amadeus.com/v1/reference-data/airlines?airlineCodes=${codes.join(',')}`;

  const body = { meta: { count: data.length, links: { self } }, data };
  return json(200, body, { 'content-type': AMADEUS_TYPE });
}

/** Builds the Amadeus handler. Credential fields: `clientId` and `clientSecret`. */
export function createAmadeusHandler(context: HandlerContext): ProviderHandler {
  const { clientId, clientSecret } = context.credentials;
  /** Access token to its expiry in epoch milliseconds. */
  const tokens = new Map<string, number>();

  function issueToken(request: SimRequest, rejectCredentials: boolean): SimResponse {
    const form = parseForm(request.body);
    if (form['grant_type'] !== 'client_credentials') {
      const description = 'Only client_credentials value is allowed for the body parameter grant_type';
      return oauthError(400, 'unsupported_grant_type', description);
    }

    const matches = form['client_id'] === clientId && form['client_secret'] === clientSecret;
    const valid = !rejectCredentials && matches;
    if (!valid) return oauthError(401, 'invalid_client', 'Client credentials are invalid');

    return json(200, newToken());
  }

  function newToken(): unknown {
    const accessToken = randomId(28);
    tokens.set(accessToken, Date.now() + context.tokenTtlSec * 1000);
    if (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value as string);

    return {
      type: 'amadeusOAuth2Token',
      username: 'demo@example.com',
      application_name: 'Integration Hub Demo',
      client_id: clientId,
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: context.tokenTtlSec,
      state: 'approved',
      scope: '',
    };
  }

  function tokenError(request: SimRequest, rejectCredentials: boolean): SimResponse | null {
    const token = bearerToken(request);
    if (!token) return resourceError(MISSING_HEADER);

    const expiresAt = tokens.get(token);
    if (rejectCredentials || expiresAt === undefined) return resourceError(INVALID_TOKEN);
    if (Date.now() >= expiresAt) return resourceError(EXPIRED_TOKEN);

    return null;
  }

  return {
    route(request, { rejectCredentials }) {
      if (request.path === TOKEN_PATH && request.method === 'POST') {
        return issueToken(request, rejectCredentials);
      }

      const denied = tokenError(request, rejectCredentials);
      if (denied) return denied;

      if (request.method === 'GET' && request.path === '/v1/reference-data/airlines') {
        return airlines(request);
      }

      return resourceError({
        code: 38196,
        title: 'Resource not found',
        detail: "The targeted resource doesn't exist",
        status: 404,
      });
    },

    rateLimited(_request, retryAfterSec) {
      return resourceError(TOO_MANY_REQUESTS, { 'retry-after': String(retryAfterSec) });
    },

    // NOTE: Amadeus documents no distinct quota error, so a quota fault plays its
    // 429 without a retry hint, which a client cannot tell from a rate limit.
    quotaExceeded() {
      return resourceError(TOO_MANY_REQUESTS);
    },

    serverError(_request, status) {
      return resourceError({
        code: 38189,
        title: 'Internal error',
        detail: 'An internal error occured, please contact your administrator',
        status,
      });
    },

    bodyError() {
      return null;
    },
  };
}

/**
 * The Amadeus OAuth2 client-credentials flow: the token request, the parser
 * of its response, and a cache that refreshes the token before it expires.
 */
import { ProviderError } from './errors.ts';
import { AMADEUS_TOKEN_PATH, amadeusErrorDetails } from './amadeus.ts';
import { isRecord, numberField, stringField } from './response.ts';
import type { OutgoingRequest } from './types.ts';

export interface AmadeusToken {
  accessToken: string;
  /** Lifetime from the moment of issue, in seconds; Amadeus documents 1799. */
  expiresInSec: number;
}

export type FetchAmadeusToken = (clientId: string, clientSecret: string) => Promise<AmadeusToken>;

/** Builds the form-encoded token request (`grant_type=client_credentials`). */
export function buildAmadeusTokenRequest(clientId: string, clientSecret: string): OutgoingRequest {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  return {
    method: 'POST',
    path: AMADEUS_TOKEN_PATH,
    query: {},
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: body.toString(),
  };
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;

  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ProviderError(
      'amadeus',
      'body_error',
      'The Amadeus token response is not valid JSON.',
    );
  }
}

function rejectError(json: Record<string, unknown>): never {
  const details = amadeusErrorDetails(json);
  const reason = details.message ?? String(json.error);
  if (json.error === 'invalid_client') {
    throw new ProviderError(
      'amadeus',
      'auth',
      `Amadeus rejected the client credentials (${reason}): check the API key and secret, ` +
        'and that they belong to the environment of the base URL.',
    );
  }
  throw new ProviderError('amadeus', 'client', `Amadeus token request failed: ${reason}.`);
}

/**
 * Reads a token response, given as text or parsed JSON. Throws
 * `ProviderError` with class `auth` on `invalid_client`, `client` on other
 * OAuth errors and `body_error` when the token or its lifetime is missing.
 */
export function parseAmadeusTokenResponse(body: unknown): AmadeusToken {
  const json = parseBody(body);
  if (!isRecord(json)) {
    const message = 'The Amadeus token response is not a JSON object.';
    throw new ProviderError('amadeus', 'body_error', message);
  }
  if (json.error !== undefined) rejectError(json);

  const accessToken = stringField(json.access_token);
  const expiresInSec = numberField(json.expires_in);
  if (!accessToken || expiresInSec === undefined || expiresInSec <= 0) {
    throw new ProviderError(
      'amadeus',
      'body_error',
      'The Amadeus token response has no access_token or no positive expires_in.',
    );
  }
  return { accessToken, expiresInSec };
}

export interface AmadeusTokenManagerOptions {
  fetchToken: FetchAmadeusToken;
  clock: { now(): number };
  /** Maximum time between a refresh and the old token's expiry, in milliseconds; default 60 000. */
  maxRefreshMarginMs?: number;
}

interface CachedToken {
  accessToken: string;
  credentialsKey: string;
  /** Epoch milliseconds after which the token is refreshed before use. */
  refreshAt: number;
}

/**
 * Caches the Amadeus access token. A token is refreshed when less than
 * 60 s, or 10 % of its lifetime when that is shorter, remain. Concurrent
 * callers share one token request. The token lives in private fields, so
 * logging or inspecting the manager never shows it.
 */
export class AmadeusTokenManager {
  readonly #fetchToken: FetchAmadeusToken;
  readonly #clock: { now(): number };
  readonly #maxMarginMs: number;
  #cached: CachedToken | null = null;
  #pending: { credentialsKey: string; promise: Promise<string> } | null = null;

  constructor(options: AmadeusTokenManagerOptions) {
    this.#fetchToken = options.fetchToken;
    this.#clock = options.clock;
    this.#maxMarginMs = options.maxRefreshMarginMs ?? 60_000;
  }

  /** Returns a usable access token, fetching one when none is cached or it is about to expire. */
  getToken(clientId: string, clientSecret: string): Promise<string> {
    const credentialsKey = `${clientId}\u0000${clientSecret}`;
    const cached = this.#cached;
    const usable =
      cached?.credentialsKey === credentialsKey && this.#clock.now() < cached.refreshAt;
    if (cached && usable) return Promise.resolve(cached.accessToken);
    if (this.#pending?.credentialsKey === credentialsKey) return this.#pending.promise;

    const promise = this.#refresh(clientId, clientSecret, credentialsKey).finally(() => {
      if (this.#pending?.promise === promise) this.#pending = null;
    });
    this.#pending = { credentialsKey, promise };
    return promise;
  }

  /** Drops the cached token, as after a 401 with code 38190, so `getToken` fetches a new one. */
  invalidate(): void {
    this.#cached = null;
  }

  /** Epoch milliseconds when the cached token will be refreshed, or null when none is cached. */
  refreshAt(): number | null {
    return this.#cached?.refreshAt ?? null;
  }

  async #refresh(clientId: string, clientSecret: string, credentialsKey: string): Promise<string> {
    const issuedAt = this.#clock.now();
    const token = await this.#fetchToken(clientId, clientSecret);
    if (!token.accessToken || !(token.expiresInSec > 0) || !Number.isFinite(token.expiresInSec)) {
      const message = 'The Amadeus token has no value or no positive lifetime.';
      throw new ProviderError('amadeus', 'body_error', message);
    }

    // The lifetime counts from issue, so it is measured from before the request.
    const lifetimeMs = token.expiresInSec * 1000;
    const marginMs = Math.min(this.#maxMarginMs, lifetimeMs / 10);
    const refreshAt = issuedAt + lifetimeMs - marginMs;
    this.#cached = { accessToken: token.accessToken, credentialsKey, refreshAt };
    return token.accessToken;
  }
}

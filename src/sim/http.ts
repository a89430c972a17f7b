/**
 * Plain-data requests and responses that provider simulators route, and the
 * helpers that build them. Responses are data so that the shared server can
 * delay, withhold or replace them without knowing the provider.
 */
import { randomBytes } from 'node:crypto';

/** One request as passed to a provider handler. Header names are lower case. */
export interface SimRequest {
  method: string;
  /** The path without the query string, such as `/v1/models`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** One response to send. An object `body` is sent as JSON, a string as is. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Options a simulator routes with. */
export interface RouteOptions {
  /** Set while an `invalid_key` fault is active: every credential is treated as wrong. */
  rejectCredentials: boolean;
}

/**
 * The provider-specific part of a simulator: its API routes and the documented
 * bodies of its error responses.
 */
export interface ProviderHandler {
  route(request: SimRequest, options: RouteOptions): SimResponse;
  /** The provider's 429 for a transient rate limit, retryable after `retryAfterSec` seconds. */
  rateLimited(request: SimRequest, retryAfterSec: number): SimResponse;
  /** The provider's non-transient quota or billing error. */
  quotaExceeded(request: SimRequest): SimResponse;
  serverError(request: SimRequest, status: number): SimResponse;
  /** A failure inside a 200 body, or null where the provider has none on this route. */
  bodyError(request: SimRequest): SimResponse | null;
  /** Adds headers the provider sends on every response, such as a request id. */
  finish?(request: SimRequest, response: SimResponse): SimResponse;
}

/** Settings every provider handler is built with. */
export interface HandlerContext {
  credentials: Record<string, string>;
  /** Lifetime of OAuth access tokens in seconds, for providers that issue them. */
  tokenTtlSec: number;
}

export const JSON_TYPE = 'application/json';

/** Builds a JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body };
}

/** Returns `response` with `headers` added, later values winning. */
export function withHeaders(response: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** Returns a random id of `length` characters from [a-z0-9], for request ids and object ids. */
export function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];

  return id;
}

/** Current time in whole Unix seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Returns the token of an `Authorization: Bearer TOKEN` header, or null for none or another scheme. */
export function bearerToken(request: SimRequest): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers['authorization'] ?? '');

  return match?.[1]?.trim() ?? null;
}

/** Returns the user name of an `Authorization: Basic` header, or null for none or another scheme. */
export function basicUser(request: SimRequest): string | null {
  const match = /^Basic\s+(.+)$/i.exec(request.headers['authorization'] ?? '');
  if (!match?.[1]) return null;

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');

  return colon === -1 ? decoded : decoded.slice(0, colon);
}

/** Parses an `application/x-www-form-urlencoded` body into a flat record. */
export function parseForm(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/** Tests whether `presented` equals `expected`; false when either is missing or `reject` is set. */
export function credentialMatches(
  presented: string | null | undefined,
  expected: string | undefined,
  reject: boolean,
): boolean {
  if (reject || !presented || !expected) return false;

  return presented === expected;
}

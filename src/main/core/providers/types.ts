/**
 * The shape of a provider catalog entry: where the API lives, which
 * credentials it takes and where they go, which call checks its health, and
 * how to read its responses, failures inside a 200 body included.
 */
import type { ErrorClass, ProviderId } from '../../../shared/types.ts';

/** One credential a provider needs, such as an API key. */
export interface CredentialField {
  /** Key in the secret store and in the `credentials` record given to `authorize`. */
  field: string;
  label: string;
  /** Environment variables read in headless use, in order; the first one set wins. */
  env: string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** A request before it is sent. `path` is the API path, such as `/v1/models`. */
export interface OutgoingRequest {
  method: HttpMethod;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

/** A response as the HTTP client received it, with the body read as text. */
export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Request and token counters from rate-limit headers or body hints. Resets are in milliseconds. */
export interface RateLimitHint {
  remainingRequests?: number;
  remainingTokens?: number;
  resetRequestsMs?: number;
  resetTokensMs?: number;
  limitRequests?: number;
  limitTokens?: number;
  /** Length of the window `limitRequests` applies to, in milliseconds (Mapbox `X-Rate-Limit-Interval`). */
  windowRequestsMs?: number;
}

/** Usage of a metered allowance, such as ElevenLabs characters per billing period. */
export interface QuotaUsage {
  used: number;
  limit: number;
  unit: string;
  /** Epoch milliseconds of the next reset, or null when the provider does not report it. */
  resetsAt: number | null;
}

/** The hub's reading of one response: success or the class of failure, with hints. */
export interface Interpretation {
  ok: boolean;
  errorClass: ErrorClass | null;
  /** The provider's own error message, credential-shaped text redacted, at most 300 characters. */
  message: string | null;
  /** The provider's own error code, such as `insufficient_quota` or `38190`, when it sends one. */
  providerCode?: string;
  rateLimit?: RateLimitHint;
  quota?: QuotaUsage;
}

/** The call that checks whether a provider is reachable and the credentials work. */
export interface ProbeSpec {
  /** Name of the API operation, as recorded in the call log. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
}

export interface ProviderDefinition {
  id: ProviderId;
  name: string;
  docsUrl: string;
  /**
   * Production origin, such as `https://api.openai.com`. Empty when the
   * provider has no shared host (Supabase): the provider stays unconfigured
   * until the user sets a base URL.
   */
  defaultBaseUrl: string;
  /** Whether the user must set a base URL before the provider can be called. */
  baseUrlRequired: boolean;
  /** Environment variables that supply the base URL in headless use, first set wins. */
  baseUrlEnv: string[];
  credentials: CredentialField[];
  /** Query parameters that carry credentials, for redaction. */
  secretQueryParams: string[];
  /** Headers that carry credentials, lower case, for redaction. */
  secretHeaders: string[];
  probe: ProbeSpec;
  /**
   * Returns a copy of `request` with the credentials added where the provider
   * documents them. Amadeus takes `{ accessToken }` from `AmadeusTokenManager`
   * instead of the client credentials. Throws `ProviderError` with class
   * `unconfigured` when a credential is missing.
   */
  authorize(request: OutgoingRequest, credentials: Record<string, string>): OutgoingRequest;
  /** Reads a response the way the provider documents it, failures inside a 2xx body included. */
  interpret(response: ProviderResponse): Interpretation;
}

/**
 * Per-provider resilience policy: retries, breaker, rate limit, bulkhead and
 * timeouts in one object, with defaults that follow each provider's official
 * SDK where one documents them.
 */
import { RETRYABLE_CLASSES, type ProviderId, type RetryableClass } from '../../../shared/types.ts';
import type { BackoffOptions } from './backoff.ts';
import type { BreakerOptions } from './breaker.ts';
import type { BulkheadOptions } from './bulkhead.ts';
import type { TokenBucketOptions } from './rate-limiter.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  backoff: BackoffOptions;
  /** Maximum wait requested by the provider (Retry-After) that a retry waits out, in ms. */
  maxRetryAfterMs: number;
  /** Failure classes retried when the request is safe to repeat. Default: all four. */
  retryOn: RetryableClass[];
}

export interface TimeoutPolicy {
  /** TCP and TLS connect, in milliseconds. */
  connectTimeoutMs: number;
  /** From sending the request until the response headers arrive, in milliseconds. */
  headersTimeoutMs: number;
  /** Maximum pause between two body chunks, in milliseconds. */
  bodyTimeoutMs: number;
  /** Whole logical call including every retry and wait, in milliseconds. */
  deadlineMs: number;
}

export interface ResiliencePolicy {
  provider: ProviderId;
  retry: RetryPolicy;
  breaker: Required<Omit<BreakerOptions, 'provider' | 'clock'>>;
  /** Null sends calls without a client-side rate limit. */
  rateLimit: Omit<TokenBucketOptions, 'provider' | 'clock'> | null;
  bulkhead: Omit<BulkheadOptions, 'provider'>;
  timeouts: TimeoutPolicy;
}

const BREAKER = {
  consecutiveFailures: 5,
  failureRateThreshold: 0.5,
  windowSize: 20,
  minimumCalls: 10,
  openMs: 30_000,
};

// A dashboard probe must finish in seconds, not in the minutes an SDK allows
// a long generation, so the hub's timeouts are shorter than the SDKs'.
const TIMEOUTS: TimeoutPolicy = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  deadlineMs: 60_000,
};

// Figures from openai-node src/client.ts (v5): maxRetries defaults to 2;
// calculateDefaultRetryTimeoutMillis uses initialRetryDelay 0.5 s and
// maxRetryDelay 8 s; retryRequest honours retry-after-ms / Retry-After only
// when below 60 * 1000 ms. The SDK's jitter takes off up to 25 %; the hub
// uses full jitter instead.
const OPENAI_RETRY: RetryPolicy = {
  retries: 2,
  backoff: { baseMs: 500, maxMs: 8_000, jitter: 'full' },
  maxRetryAfterMs: 60_000,
  retryOn: [...RETRYABLE_CLASSES],
};

// Figures from stripe-node 20.1.0: src/stripe.core.ts sets maxNetworkRetries
// to 2 by default, INITIAL_NETWORK_RETRY_DELAY_SEC 0.5 and
// MAX_NETWORK_RETRY_DELAY_SEC 5 (older releases used 2); src/RequestSender.ts
// honours Retry-After up to MAX_RETRY_AFTER_WAIT = 60 s.
const STRIPE_RETRY: RetryPolicy = {
  retries: 2,
  backoff: { baseMs: 500, maxMs: 5_000, jitter: 'full' },
  maxRetryAfterMs: 60_000,
  retryOn: [...RETRYABLE_CLASSES],
};

// NOTE: no official SDK figures were checked for the other providers; these
// mirror the OpenAI and Stripe clients.
const GENERIC_RETRY: RetryPolicy = {
  retries: 2,
  backoff: { baseMs: 500, maxMs: 8_000, jitter: 'full' },
  maxRetryAfterMs: 60_000,
  retryOn: [...RETRYABLE_CLASSES],
};

const RETRY: Record<ProviderId, RetryPolicy> = {
  openai: OPENAI_RETRY,
  stripe: STRIPE_RETRY,
  amadeus: GENERIC_RETRY,
  mapbox: GENERIC_RETRY,
  openweather: GENERIC_RETRY,
  elevenlabs: GENERIC_RETRY,
  supabase: GENERIC_RETRY,
};

/**
 * Returns a fresh copy of the default policy for `provider`. The client-side
 * rate limit starts off (null), so the provider's headers and 429 responses
 * set the pace until a user configures one.
 */
export function defaultPolicy(provider: ProviderId): ResiliencePolicy {
  const retry = RETRY[provider];

  return {
    provider,
    retry: { ...retry, backoff: { ...retry.backoff }, retryOn: [...retry.retryOn] },
    breaker: { ...BREAKER },
    rateLimit: null,
    bulkhead: { maxConcurrent: 4, maxQueue: 16 },
    timeouts: { ...TIMEOUTS },
  };
}

/**
 * Builds the per-provider machinery of the call path from a policy: the
 * HTTP client, breaker, rate limiter and bulkhead, and for Amadeus the
 * OAuth2 token cache.
 */
import type { AttemptRecord, ProviderId } from '../../shared/types.ts';
import type { ProviderRuntime } from './calls.ts';
import { ProviderHttpClient } from './http/client.ts';
import type { Clock } from './ports.ts';
import { isAmadeusTokenRejected } from './providers/amadeus.ts';
import { AmadeusTokenManager, buildAmadeusTokenRequest, parseAmadeusTokenResponse } from './providers/amadeus-token.ts';
import { resolveUrl } from './providers/catalog.ts';
import { ProviderError, requireCredential } from './providers/errors.ts';
import type { ProviderDefinition } from './providers/types.ts';
import { CircuitBreaker, type BreakerSnapshot } from './resilience/breaker.ts';
import { Bulkhead } from './resilience/bulkhead.ts';
import type { ResiliencePolicy } from './resilience/policy.ts';
import { TokenBucket } from './resilience/rate-limiter.ts';

/**
 * Without a configured rate limit the bucket still exists, so provider
 * headers can slow calls down; this rate is high enough never to throttle.
 */
const UNLIMITED_RATE = { ratePerSec: 1_000_000, burst: 1_000_000 };

export interface RuntimeDependencies {
  clock: Clock;
  baseUrl(provider: ProviderId): string | null;
  /** Records the attempts the runtime sends on its own, such as the Amadeus token request. */
  recordAttempt(attempt: Omit<AttemptRecord, 'breakerState' | 'provider'>): void;
  breakerSnapshot?: BreakerSnapshot | null;
  /** A breaker to keep, with its state, when the runtime is rebuilt for a new policy. */
  breaker?: CircuitBreaker;
}

export interface ManagedRuntime extends ProviderRuntime {
  /** Closes connections, timers and the breaker. */
  dispose(): Promise<void>;
  /**
   * Lets the calls in flight finish on this runtime and then closes its
   * connections; the breaker stays in use by the runtime that replaces it.
   */
  retire(): Promise<void>;
}

function createBreaker(definition: ProviderDefinition, policy: ResiliencePolicy, deps: RuntimeDependencies): CircuitBreaker {
  if (deps.breaker) return deps.breaker;

  const options = { provider: definition.id, clock: deps.clock, ...policy.breaker };
  return deps.breakerSnapshot ? CircuitBreaker.restore(deps.breakerSnapshot, options) : new CircuitBreaker(options);
}

/** Creates the runtime of one provider. Dispose it to close its connections and timers. */
export function createProviderRuntime(
  definition: ProviderDefinition,
  policy: ResiliencePolicy,
  deps: RuntimeDependencies,
): ManagedRuntime {
  const client = new ProviderHttpClient(policy.timeouts);
  const breaker = createBreaker(definition, policy, deps);
  const limiter = new TokenBucket({ provider: definition.id, clock: deps.clock, ...(policy.rateLimit ?? UNLIMITED_RATE) });
  const bulkhead = new Bulkhead({ provider: definition.id, ...policy.bulkhead });
  const amadeusTokens = definition.id === 'amadeus' ? createAmadeusTokens(definition, client, deps) : null;

  return {
    definition,
    policy,
    client,
    breaker,
    limiter,
    bulkhead,
    lastHints: {},
    async prepareCredentials(credentials, signal, callId) {
      if (!amadeusTokens) return credentials;

      const clientId = requireCredential('amadeus', credentials, definition.credentials[0]!);
      const clientSecret = requireCredential('amadeus', credentials, definition.credentials[1]!);
      const accessToken = await amadeusTokens.get(clientId, clientSecret, signal, callId);
      return { accessToken };
    },
    onAuthRejected(interpretation, status) {
      if (!amadeusTokens || !isAmadeusTokenRejected(status, interpretation)) return false;

      amadeusTokens.manager.invalidate();
      return true;
    },
    async dispose() {
      breaker.dispose();
      limiter.dispose();
      await client.destroy();
    },
    async retire() {
      await client.close();
    },
  };
}

/**
 * The Amadeus token cache, fetching through the provider's own client. The
 * token request is logged as its own attempt (`oauth-token`) under the call
 * that needed it.
 */
function createAmadeusTokens(definition: ProviderDefinition, client: ProviderHttpClient, deps: RuntimeDependencies) {
  let context: { signal: AbortSignal; callId: string } | null = null;

  const manager = new AmadeusTokenManager({
    clock: deps.clock,
    fetchToken: async (clientId, clientSecret) => {
      const request = buildAmadeusTokenRequest(clientId, clientSecret);
      const url = resolveUrl(definition, deps.baseUrl('amadeus'), request.path);
      const started = deps.clock.now();
      const base = { time: started, callId: context?.callId ?? 'token', operation: 'oauth-token', method: 'POST', url: url.href, attempt: 1 };
      try {
        const response = await client.send({ method: 'POST', url, headers: request.headers, body: request.body }, context?.signal);
        const token = parseAmadeusTokenResponse(response.body);
        deps.recordAttempt({ ...base, httpStatus: response.status, latencyMs: response.latencyMs, outcome: 'success', errorClass: null, errorMessage: null });
        return token;
      } catch (error) {
        const errorClass = error instanceof ProviderError ? error.errorClass : 'network';
        const message = error instanceof Error ? error.message : String(error);
        deps.recordAttempt({ ...base, httpStatus: null, latencyMs: deps.clock.now() - started, outcome: 'failure', errorClass, errorMessage: message });
        throw error;
      }
    },
  });

  return {
    manager,
    get(clientId: string, clientSecret: string, signal: AbortSignal, callId: string): Promise<string> {
      context = { signal, callId };
      return manager.getToken(clientId, clientSecret);
    },
  };
}

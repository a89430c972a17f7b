/**
 * The call path every provider request takes: bulkhead, rate limiter,
 * circuit breaker, the provider's own HTTP client, the provider's reading of
 * the response, and retries with backoff that honour Retry-After. Every
 * attempt is recorded, whatever its outcome.
 */
import { randomUUID } from 'node:crypto';
import type { AttemptOutcome, AttemptRecord, ErrorClass, ProviderId } from '../../shared/types.ts';
import { timeInText } from '../../shared/time-text.ts';
import type { ProviderHttpClient } from './http/client.ts';
import { HttpFailure } from './http/client.ts';
import { newCallId } from './call-id.ts';
import { AbortFanout, startDeadline } from './deadline.ts';
import type { Clock } from './ports.ts';
import { resolveUrl } from './providers/catalog.ts';
import { ProviderError } from './providers/errors.ts';
import { redactHeaders, redactText, redactUrl } from './providers/redact.ts';
import type { Interpretation, OutgoingRequest, ProviderDefinition, ProviderResponse, HttpMethod, RateLimitHint } from './providers/types.ts';
import type { CircuitBreaker } from './resilience/breaker.ts';
import type { Bulkhead } from './resilience/bulkhead.ts';
import { BreakerOpenError, isCancelledError } from './resilience/errors.ts';
import type { ResilienceEvent } from './resilience/events.ts';
import type { ResiliencePolicy } from './resilience/policy.ts';
import type { TokenBucket } from './resilience/rate-limiter.ts';
import { parseRateLimitHeaders, parseRetryAfter } from './resilience/retry-after.ts';
import { retryCall, type RetryDecision } from './resilience/retry.ts';

/** A request to a provider. `path` is the API path, such as `/v1/models`. */
export interface CallRequest {
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface CallOptions {
  /** Aborting it cancels the call at once, also during a backoff wait. */
  signal?: AbortSignal;
  /** Time for the whole call, retries included, in milliseconds. Default: the policy's deadline. */
  deadlineMs?: number;
}

/** The end of one logical call, after all its attempts. */
export interface CallOutcome {
  callId: string;
  ok: boolean;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  errorClass: ErrorClass | null;
  /** A sentence for the user, redacted of credentials. */
  message: string | null;
  /** Latency of the last attempt that reached the provider, in milliseconds. */
  latencyMs: number | null;
  attempts: number;
  interpretation: Interpretation | null;
  response: ProviderResponse | null;
}

/** Everything the call path needs of one provider. */
export interface ProviderRuntime {
  readonly definition: ProviderDefinition;
  readonly policy: ResiliencePolicy;
  readonly client: ProviderHttpClient;
  readonly breaker: CircuitBreaker;
  readonly limiter: TokenBucket;
  readonly bulkhead: Bulkhead;
  /** Turns stored credentials into the ones `authorize` takes; Amadeus swaps them for a token. */
  prepareCredentials(credentials: Record<string, string>, signal: AbortSignal, callId: string): Promise<Record<string, string>>;
  /** Called after a response that means the cached access token is no longer valid. */
  onAuthRejected?(interpretation: Interpretation, status: number): boolean;
  /** The latest rate-limit and quota hints read from responses. */
  lastHints: Pick<Interpretation, 'rateLimit' | 'quota'>;
}

export interface CallDependencies {
  runtime(provider: ProviderId): ProviderRuntime;
  credentials(provider: ProviderId): Promise<Record<string, string>>;
  baseUrl(provider: ProviderId): string | null;
  recordAttempt(attempt: AttemptRecord): void;
  onEvent(event: ResilienceEvent): void;
  clock: Clock;
  /** Checks budgets before anything is sent; a message rejects the call with class `quota`. */
  admit?(provider: ProviderId, request: CallRequest): string | null;
  /** Receives the reading of every response, for the limits the provider reports. */
  onResponse?(provider: ProviderId, interpretation: Interpretation): void;
  /** Receives each call that ended in success, once, with the request as the caller sent it. */
  onSuccess?(provider: ProviderId, callId: string, request: CallRequest, response: ProviderResponse): void;
  /** Aborted when the hub stops: every call in flight ends as cancelled. */
  signal?: AbortSignal;
}

/** Start of the reason of a breaker held open by a 429, so health can tell it from an outage. */
export const RATE_LIMIT_REASON = 'HTTP 429: rate limited';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const BREAKER_FAILURES = new Set<ErrorClass>(['server', 'timeout', 'network', 'body_error']);

/** A failed attempt, carrying what the retry decision and the final outcome need. */
class AttemptFailure extends Error {
  readonly errorClass: ErrorClass;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  readonly retryAfterMs: number | null;
  readonly notSent: boolean;
  readonly interpretation: Interpretation | null;
  readonly response: ProviderResponse | null;
  /** A fresh token may fix this failure, so one retry is allowed whatever the method. */
  readonly tokenRefreshed: boolean;

  constructor(
    errorClass: ErrorClass,
    message: string,
    details: Partial<Pick<AttemptFailure, 'httpStatus' | 'latencyMs' | 'retryAfterMs' | 'notSent' | 'interpretation' | 'response' | 'tokenRefreshed'>> = {},
  ) {
    super(message);
    this.name = 'AttemptFailure';
    this.errorClass = errorClass;
    this.httpStatus = details.httpStatus ?? null;
    this.latencyMs = details.latencyMs ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.notSent = details.notSent ?? false;
    this.interpretation = details.interpretation ?? null;
    this.response = details.response ?? null;
    this.tokenRefreshed = details.tokenRefreshed ?? false;
  }
}

/** Returns the outcome recorded for a failure: a missing credential never left the hub, so it was rejected. */
function outcomeOf(errorClass: ErrorClass): AttemptOutcome {
  if (errorClass === 'cancelled') return 'cancelled';
  if (errorClass === 'unconfigured') return 'rejected';

  return 'failure';
}

// Values of each credentials object. The secret cache returns one object per
// provider until a key changes, and every attempt needs the list.
const secretLists = new WeakMap<Readonly<Record<string, string>>, string[]>();

function secretValues(credentials: Readonly<Record<string, string>>): string[] {
  let values = secretLists.get(credentials);
  if (!values) {
    values = Object.values(credentials);
    secretLists.set(credentials, values);
  }
  return values;
}

function isSafeToRepeat(request: OutgoingRequest): boolean {
  return IDEMPOTENT_METHODS.has(request.method) || 'Idempotency-Key' in request.headers;
}

/**
 * Feeds the provider's rate-limit headers to the shared bucket: the
 * provider's own reading (OpenAI `x-ratelimit-*`, Mapbox `X-Rate-Limit-*`),
 * or else the IETF `RateLimit-*` fields.
 */
function feedLimiter(limiter: TokenBucket, hint: RateLimitHint | undefined, headers: Record<string, string>, sentSince: number): void {
  if (hint?.limitRequests !== undefined && hint.windowRequestsMs !== undefined) {
    limiter.updatePace({ limit: hint.limitRequests, windowMs: hint.windowRequestsMs });
  }
  if (hint?.remainingRequests !== undefined) {
    limiter.updateFromHeaders({ remaining: hint.remainingRequests, resetMs: hint.resetRequestsMs ?? 1_000, sentSince });
    return;
  }
  if (hint) return;

  const generic = parseRateLimitHeaders(headers);
  if (generic.remaining !== null) limiter.updateFromHeaders({ ...generic, resetMs: generic.resetMs ?? 1_000, sentSince });
}

/** Runs calls to providers through the policies and records every attempt. */
export class CallExecutor {
  private readonly deps: CallDependencies;
  /** The hub's stop signal, passed to every call's deadline through one listener. */
  private readonly hubStop: AbortFanout;

  constructor(deps: CallDependencies) {
    this.deps = deps;
    this.hubStop = new AbortFanout(deps.signal);
  }

  /**
   * Sends one logical call. Resolves with its outcome whether it succeeded or
   * not; rejects only when a programming error occurs.
   */
  async call(provider: ProviderId, request: CallRequest, options: CallOptions = {}): Promise<CallOutcome> {
    const runtime = this.deps.runtime(provider);
    const callId = newCallId();
    const outgoing = this.buildRequest(runtime, request);
    const deadlineMs = options.deadlineMs ?? runtime.policy.timeouts.deadlineMs;
    const deadline = startDeadline(deadlineMs, [options.signal, this.hubStop]);
    // The call's deadline ends every attempt no later than the client's own would.
    const deadlineCovered = deadlineMs <= runtime.policy.timeouts.deadlineMs;
    const callSignal = deadline.signal;
    const timedOut = () => deadline.timedOut() && !options.signal?.aborted;
    let attempts = 0;

    const refusal = this.deps.admit?.(provider, request) ?? null;
    if (refusal !== null) return this.rejectOverQuota(runtime, outgoing, request.operation, callId, refusal);

    try {
      const success = await retryCall(
        (attempt, attemptSignal) => {
          attempts = attempt;
          return this.attempt(runtime, outgoing, request.operation, callId, attempt, attemptSignal, timedOut, deadlineCovered);
        },
        {
          provider,
          retries: runtime.policy.retry.retries,
          backoff: runtime.policy.retry.backoff,
          maxRetryAfterMs: runtime.policy.retry.maxRetryAfterMs,
          clock: this.deps.clock,
          signal: callSignal,
          shouldRetry: (error) => this.shouldRetry(error, outgoing, runtime),
          onRetry: (event) => this.deps.onEvent(event),
          onGiveUp: (event) => this.deps.onEvent(event),
        },
      );
      if (success.response) this.deps.onSuccess?.(provider, callId, request, success.response);
      return { ...success, callId, attempts };
    } catch (error) {
      return this.failureOutcome(error, callId, attempts, timedOut());
    } finally {
      deadline.dispose();
    }
  }

  /** Records the call as one rejected attempt of class `quota`; nothing reaches the provider. */
  private rejectOverQuota(runtime: ProviderRuntime, request: OutgoingRequest, operation: string, callId: string, message: string): CallOutcome {
    const url = String(this.urlForLog(runtime.definition, request));
    const time = this.deps.clock.now();
    this.record(runtime, { callId, operation, method: request.method, attempt: 1, time, url, outcome: 'rejected', errorClass: 'quota', errorMessage: message, latencyMs: 0 }, []);
    return { callId, ok: false, outcome: 'rejected', httpStatus: null, errorClass: 'quota', message, latencyMs: null, attempts: 1, interpretation: null, response: null };
  }

  private buildRequest(runtime: ProviderRuntime, request: CallRequest): OutgoingRequest {
    const headers = { ...request.headers };
    if (runtime.definition.id === 'stripe' && request.method === 'POST' && !('Idempotency-Key' in headers)) {
      // Every retry of this call reuses the key, so Stripe applies the POST at most once.
      headers['Idempotency-Key'] = randomUUID();
    }
    return { method: request.method, path: request.path, query: { ...request.query }, headers, body: request.body };
  }

  private shouldRetry(error: unknown, request: OutgoingRequest, runtime: ProviderRuntime): RetryDecision {
    if (!(error instanceof AttemptFailure)) return { retry: false };
    if (error.tokenRefreshed) return { retry: true, delayMs: 0 };
    if (!(runtime.policy.retry.retryOn as ErrorClass[]).includes(error.errorClass)) return { retry: false };
    if (!isSafeToRepeat(request) && !error.notSent) return { retry: false };

    return error.retryAfterMs === null ? { retry: true } : { retry: true, delayMs: error.retryAfterMs };
  }

  private async attempt(
    runtime: ProviderRuntime,
    request: OutgoingRequest,
    operation: string,
    callId: string,
    attempt: number,
    signal: AbortSignal,
    timedOut: () => boolean,
    deadlineCovered: boolean,
  ): Promise<Omit<CallOutcome, 'callId' | 'attempts'>> {
    const { definition } = runtime;
    const provider = definition.id;
    const started = this.deps.clock.now();
    // The authorized target once known; until then the log shows the URL without credentials.
    let url: URL | string | null = null;
    let requestHeaders: Record<string, string> | null = null;
    const record = (fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'outcome'>, secrets: string[]) => {
      const logged = String(url ?? this.urlForLog(definition, request));
      this.record(runtime, { callId, operation, method: request.method, attempt, time: started, url: logged, requestHeaders, ...fields }, secrets);
    };

    const permit = runtime.breaker.tryAcquire();
    if (!permit.ok) {
      const error = new BreakerOpenError(provider, permit.state, permit.retryAt);
      record({ outcome: 'rejected', errorClass: 'breaker_open', errorMessage: error.message, latencyMs: 0 }, []);
      throw error;
    }

    let secrets: string[] = [];
    try {
      const stored = await this.deps.credentials(provider);
      secrets = secretValues(stored);
      const credentials = await runtime.prepareCredentials(stored, signal, callId);
      if (credentials !== stored) secrets = [...secrets, ...Object.values(credentials)];
      const authorized = definition.authorize(request, credentials);
      const target = resolveUrl(definition, this.deps.baseUrl(provider), authorized.path, authorized.query);
      url = target;
      requestHeaders = redactHeaders(authorized.headers, definition);

      let granted = 0;
      const repeatable = isSafeToRepeat(request);
      const response = await runtime.bulkhead.run(async () => {
        await runtime.limiter.acquire(signal);
        granted = runtime.limiter.granted;
        const sent = { method: authorized.method, url: target, headers: authorized.headers, body: authorized.body, repeatable };
        return runtime.client.send(sent, signal, { deadlineCovered });
      }, signal);

      const result = this.readResponse(runtime, response, runtime.limiter.granted - granted);
      permit.release(result.ok ? 'success' : this.breakerOutcome(result.errorClass));
      this.openOnRateLimit(runtime, result);
      record(
        {
          outcome: result.ok ? 'success' : 'failure',
          httpStatus: response.status,
          latencyMs: response.latencyMs,
          errorClass: result.errorClass,
          errorMessage: result.message,
        },
        secrets,
      );
      if (!result.ok) throw result.failure;

      return result.outcome;
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;

      const failure = this.toAttemptFailure(error, signal, timedOut());
      permit.release(failure.errorClass === 'cancelled' ? 'ignored' : this.breakerOutcome(failure.errorClass));
      record(
        {
          outcome: outcomeOf(failure.errorClass),
          latencyMs: failure.latencyMs ?? this.deps.clock.now() - started,
          errorClass: failure.errorClass,
          errorMessage: failure.message,
        },
        secrets,
      );
      throw failure;
    }
  }

  private readResponse(runtime: ProviderRuntime, response: ProviderResponse & { latencyMs: number }, sentSince: number) {
    const interpretation = runtime.definition.interpret(response);
    this.deps.onResponse?.(runtime.definition.id, interpretation);
    if (interpretation.rateLimit) runtime.lastHints.rateLimit = interpretation.rateLimit;
    feedLimiter(runtime.limiter, interpretation.rateLimit, response.headers, sentSince);
    if (interpretation.quota) runtime.lastHints.quota = interpretation.quota;

    const outcome = {
      ok: interpretation.ok,
      outcome: (interpretation.ok ? 'success' : 'failure') as AttemptOutcome,
      httpStatus: response.status,
      errorClass: interpretation.errorClass,
      message: interpretation.message,
      latencyMs: response.latencyMs,
      interpretation,
      response,
    };
    if (interpretation.ok) return { ok: true as const, outcome, errorClass: null, message: null, failure: null };

    const errorClass = interpretation.errorClass ?? 'server';
    const message = interpretation.message ? `HTTP ${response.status}: ${interpretation.message}` : `HTTP ${response.status}`;
    const retryAfterMs = parseRetryAfter(response.headers, this.deps.clock.now());
    const tokenRefreshed = runtime.onAuthRejected?.(interpretation, response.status) ?? false;
    const failure = new AttemptFailure(errorClass, message, {
      httpStatus: response.status,
      latencyMs: response.latencyMs,
      retryAfterMs,
      interpretation,
      response,
      tokenRefreshed,
    });
    return { ok: false as const, outcome, errorClass, message, failure };
  }

  /** Keeps the breaker open until the Retry-After of a 429, so no caller hammers the provider. */
  private openOnRateLimit(runtime: ProviderRuntime, result: { ok: boolean; failure: AttemptFailure | null }): void {
    const failure = result.failure;
    if (result.ok || !failure || failure.errorClass !== 'rate_limit' || failure.retryAfterMs === null) return;

    const until = this.deps.clock.now() + failure.retryAfterMs;
    runtime.breaker.openUntil(until, `${RATE_LIMIT_REASON} until ${timeInText(until)}`);
  }

  /** Returns the URL as the log shows it, or the path alone while the base URL is missing or invalid. */
  private urlForLog(definition: ProviderDefinition, request: OutgoingRequest): URL | string {
    try {
      return resolveUrl(definition, this.deps.baseUrl(definition.id), request.path, request.query);
    } catch {
      return request.path;
    }
  }

  private deadlineMessage(): string {
    return 'No answer before the call deadline; the provider is slow or not responding.';
  }

  private breakerOutcome(errorClass: ErrorClass | null): 'failure' | 'ignored' {
    return errorClass !== null && BREAKER_FAILURES.has(errorClass) ? 'failure' : 'ignored';
  }

  private toAttemptFailure(error: unknown, signal: AbortSignal, timedOut: boolean): AttemptFailure {
    if (timedOut) return new AttemptFailure('timeout', this.deadlineMessage(), { latencyMs: (error as { latencyMs?: number }).latencyMs ?? null });
    if (error instanceof HttpFailure) {
      const errorClass: ErrorClass = error.kind === 'cancelled' ? 'cancelled' : error.kind;
      return new AttemptFailure(errorClass, error.message, { latencyMs: error.latencyMs, notSent: error.notSent });
    }
    if (error instanceof ProviderError) return new AttemptFailure(error.errorClass, error.message);
    if (signal.aborted || isCancelledError(error)) return new AttemptFailure('cancelled', 'The call was cancelled.');
    if (error instanceof Error && 'code' in error && error.code === 'bulkhead_full') {
      return new AttemptFailure('rate_limit', error.message);
    }
    if (error instanceof AttemptFailure) return error;

    throw error;
  }

  private failureOutcome(error: unknown, callId: string, attempts: number, timedOut: boolean): CallOutcome {
    const base = { callId, ok: false, attempts, interpretation: null, response: null, httpStatus: null, latencyMs: null };
    if (timedOut && !(error instanceof AttemptFailure && error.errorClass === 'timeout')) {
      return { ...base, outcome: 'failure', errorClass: 'timeout', message: this.deadlineMessage() };
    }
    if (error instanceof AttemptFailure) {
      return {
        ...base,
        outcome: outcomeOf(error.errorClass),
        httpStatus: error.httpStatus,
        errorClass: error.errorClass,
        message: error.message,
        latencyMs: error.latencyMs,
        interpretation: error.interpretation,
        response: error.response,
      };
    }

    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'breaker_open') return { ...base, outcome: 'rejected', errorClass: 'breaker_open', message };
    // The attempt that carried the long Retry-After is already in the log.
    if (code === 'rate_limited') return { ...base, outcome: 'failure', errorClass: 'rate_limit', message };
    if (code === 'cancelled' || (error instanceof Error && error.name === 'AbortError')) {
      return { ...base, outcome: 'cancelled', errorClass: 'cancelled', message: 'The call was cancelled.' };
    }
    throw error;
  }

  private record(
    runtime: ProviderRuntime,
    fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'callId' | 'operation' | 'method' | 'attempt' | 'time' | 'url' | 'outcome'>,
    secrets: string[],
  ): void {
    const { definition } = runtime;
    this.deps.recordAttempt({
      callId: fields.callId,
      time: fields.time,
      provider: definition.id,
      operation: fields.operation,
      method: fields.method,
      url: redactUrl(fields.url, definition, secrets),
      httpStatus: fields.httpStatus ?? null,
      latencyMs: Math.max(0, Math.round((fields.latencyMs ?? 0) * 100) / 100),
      attempt: fields.attempt,
      outcome: fields.outcome,
      errorClass: fields.errorClass ?? null,
      errorMessage: fields.errorMessage ? redactText(fields.errorMessage, secrets) : null,
      breakerState: runtime.breaker.state,
      requestHeaders: fields.requestHeaders ? redactHeaderValues(fields.requestHeaders, secrets) : null,
    });
  }
}

/** Redacts credential values that a provider sends in a header it does not list as secret. */
function redactHeaderValues(headers: Record<string, string>, secrets: string[]): Record<string, string> {
  const entries = Object.entries(headers).map(([name, value]) => [name, redactText(value, secrets)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The HTTP client of one provider: an undici Agent of its own (so one slow
 * provider cannot exhaust another's connections) with explicit connect,
 * headers and body timeouts, and an overall deadline per request.
 */
import { Agent, Client, request as undiciRequest, errors as undiciErrors, type Dispatcher } from 'undici';
import { startDeadline } from '../deadline.ts';
import { isStaleConnectionError, staleAwareConnector } from './stale-socket.ts';

export interface HttpTimeouts {
  /** TCP and TLS connect, in milliseconds. */
  connectTimeoutMs: number;
  /** From the request being sent to the response headers, in milliseconds. */
  headersTimeoutMs: number;
  /** Between two chunks of the response body, in milliseconds. */
  bodyTimeoutMs: number;
  /** The whole request, from start to the last body byte, in milliseconds. */
  deadlineMs: number;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /**
   * Whether the request may be sent once more on a fresh connection when a
   * reused keep-alive socket fails before the response. Default true; pass
   * false for requests that are not safe to repeat.
   */
  repeatable?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  latencyMs: number;
}

/** The reason a request produced no response. */
export type HttpFailureKind = 'timeout' | 'network' | 'cancelled';

/** A request that ended without a response. */
export class HttpFailure extends Error {
  readonly kind: HttpFailureKind;
  /** The undici or system error code, such as `ECONNREFUSED`. */
  readonly errorCode: string | null;
  /**
   * True when the server provably never received the request (the
   * connection was refused or never opened), so even a POST may be sent again.
   */
  readonly notSent: boolean;
  readonly latencyMs: number;

  constructor(kind: HttpFailureKind, message: string, details: { errorCode: string | null; notSent: boolean; latencyMs: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'HttpFailure';
    this.kind = kind;
    this.errorCode = details.errorCode;
    this.notSent = details.notSent;
    this.latencyMs = details.latencyMs;
  }
}

/** Response bodies beyond this size are cut; the hub reads only small JSON bodies. */
export const MAX_BODY_BYTES = 1024 * 1024;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR') return code;

    current = (current as Error & { cause?: unknown }).cause;
  }
  return null;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;

    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/**
 * Whether a declared Content-Length is within the cap. undici's HTTP/1.1
 * parser ends the body after Content-Length bytes, so such a body can be
 * read whole in one step instead of chunk by chunk.
 */
function fitsCap(contentLength: string | string[] | undefined): boolean {
  return typeof contentLength === 'string' && /^\d{1,7}$/.test(contentLength) && Number(contentLength) < MAX_BODY_BYTES;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy?(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

export class ProviderHttpClient {
  private readonly agent: Agent;
  private readonly timeouts: HttpTimeouts;
  private readonly now: () => number;

  constructor(timeouts: HttpTimeouts, now: () => number = () => performance.now()) {
    this.timeouts = timeouts;
    this.now = now;
    this.agent = new Agent({
      connect: staleAwareConnector({ timeout: timeouts.connectTimeoutMs }),
      headersTimeout: timeouts.headersTimeoutMs,
      bodyTimeout: timeouts.bodyTimeoutMs,
      keepAliveTimeout: 4_000,
      connections: 64,
    });
  }

  /**
   * Sends one request. Resolves with any HTTP response, whatever its status;
   * rejects with `HttpFailure` when no response arrived in time or at all.
   * Pass `deadlineCovered` when `signal` already aborts no later than this
   * client's own deadline would. The request then skips the second timer.
   */
  async send(request: HttpRequest, signal?: AbortSignal, options: { deadlineCovered?: boolean } = {}): Promise<HttpResponse> {
    const started = this.now();
    const deadline = options.deadlineCovered && signal ? null : startDeadline(this.timeouts.deadlineMs, [signal]);
    try {
      return await this.sendOnce(request, deadline?.signal ?? (signal as AbortSignal), started);
    } catch (error) {
      throw this.toFailure(error, signal, deadline?.timedOut() ?? false, this.now() - started);
    } finally {
      deadline?.dispose();
    }
  }

  private async sendOnce(request: HttpRequest, signal: AbortSignal, started: number): Promise<HttpResponse> {
    try {
      return await this.exchange(this.agent, request, signal, started);
    } catch (error) {
      if (request.repeatable === false || signal.aborted || !isStaleConnectionError(error)) throw error;
    }
    // The server closed an idle keep-alive socket as the request went out:
    // send it once more on a connection of its own.
    return this.sendFresh(request, signal, started);
  }

  private async sendFresh(request: HttpRequest, signal: AbortSignal, started: number): Promise<HttpResponse> {
    const client = new Client(request.url.origin, {
      connect: { timeout: this.timeouts.connectTimeoutMs },
      headersTimeout: this.timeouts.headersTimeoutMs,
      bodyTimeout: this.timeouts.bodyTimeoutMs,
    });
    try {
      return await this.exchange(client, request, signal, started);
    } finally {
      void client.destroy().catch(() => {});
    }
  }

  private async exchange(dispatcher: Dispatcher, request: HttpRequest, signal: AbortSignal, started: number): Promise<HttpResponse> {
    const response = await undiciRequest(request.url, {
      dispatcher,
      method: request.method as 'GET',
      headers: request.headers,
      body: request.body,
      signal,
    });
    const body = fitsCap(response.headers['content-length'])
      ? Buffer.from(await response.body.arrayBuffer()).toString('utf8')
      : await readCapped(response.body);
    return {
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body,
      latencyMs: this.now() - started,
    };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Ends open connections at once, also those of hung requests. */
  destroy(): Promise<void> {
    return this.agent.destroy();
  }

  private toFailure(error: unknown, signal: AbortSignal | undefined, timedOut: boolean, latencyMs: number): HttpFailure {
    const errorCode = errorCodeOf(error);
    const notSent = errorCode !== null && NOT_SENT_CODES.has(errorCode);

    if (signal?.aborted) {
      return new HttpFailure('cancelled', 'The request was cancelled.', { errorCode, notSent, latencyMs, cause: error });
    }
    if (timedOut) {
      const message = `No complete response within the ${this.timeouts.deadlineMs} ms deadline.`;
      return new HttpFailure('timeout', message, { errorCode, notSent, latencyMs, cause: error });
    }
    if ((errorCode !== null && TIMEOUT_CODES.has(errorCode)) || error instanceof undiciErrors.HeadersTimeoutError) {
      return new HttpFailure('timeout', describeTimeout(errorCode, this.timeouts), { errorCode, notSent, latencyMs, cause: error });
    }

    const reason = error instanceof Error ? error.message : String(error);
    const message = errorCode ? `Network error ${errorCode}: ${reason}` : `Network error: ${reason}`;
    return new HttpFailure('network', message, { errorCode, notSent, latencyMs, cause: error });
  }
}

function describeTimeout(code: string | null, timeouts: HttpTimeouts): string {
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Connect timed out after ${timeouts.connectTimeoutMs} ms.`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `No response headers within ${timeouts.headersTimeoutMs} ms.`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `The response body stalled for ${timeouts.bodyTimeoutMs} ms.`;
    default:
      return 'The request timed out.';
  }
}

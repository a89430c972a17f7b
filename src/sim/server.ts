/**
 * The loopback HTTP server every provider simulator runs on: it records
 * requests, applies the active fault, routes to the provider handler and
 * tracks sockets so that `close()` also ends hung requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderId } from '../shared/types.ts';
import { FaultState, type Fault, type FaultRule } from './faults.ts';
import type { ProviderHandler, SimRequest, SimResponse } from './http.ts';

/** One request the simulator received, as recorded before any fault applied. */
export interface RecordedRequest {
  /** Epoch milliseconds. */
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

/** A running simulator of one provider's public API. */
export interface ProviderSimulator {
  readonly provider: ProviderId;
  /** `http://127.0.0.1:PORT`; for Supabase this is the project URL. */
  readonly url: string;
  /** The valid credential fields, such as `{ apiKey }` or `{ clientId, clientSecret }`. */
  readonly credentials: Record<string, string>;
  /** Replaces the active fault rule; null clears it. */
  setFault(rule: FaultRule | null): void;
  /** The last `MAX_RECORDED_REQUESTS` requests, oldest first. */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Stops listening and ends open sockets, hung requests included. */
  close(): Promise<void>;
}

/** Requests kept per simulator; older ones are dropped first. */
export const MAX_RECORDED_REQUESTS = 1000;
/** Request bodies longer than this are cut in the record; the handler receives the whole body. */
const MAX_RECORDED_BODY_CHARS = 64 * 1024;
/** Request bodies larger than this are rejected with 413, so a client cannot exhaust memory. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface SimServerOptions {
  provider: ProviderId;
  handler: ProviderHandler;
  credentials: Record<string, string>;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
}

/** Starts a simulator server and resolves once it listens. */
export async function startSimServer(options: SimServerOptions): Promise<ProviderSimulator> {
  const simulator = new SimServer(options);
  await simulator.listen(options.port);

  return simulator;
}

class SimServer implements ProviderSimulator {
  readonly provider: ProviderId;
  readonly credentials: Record<string, string>;
  private readonly handler: ProviderHandler;
  private readonly faults = new FaultState();
  private readonly recorded: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private port = 0;
  private closing: Promise<void> | null = null;

  constructor(options: SimServerOptions) {
    this.provider = options.provider;
    this.credentials = { ...options.credentials };
    this.handler = options.handler;
    this.server = createServer((request, response) => this.onRequest(request, response));
    this.server.on('connection', (socket) => this.track(socket));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  setFault(rule: FaultRule | null): void {
    this.faults.set(rule);
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });

    return this.closing;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onRequest(incoming: IncomingMessage, response: ServerResponse): void {
    readBody(incoming).then(
      (body) => this.dispatch(toSimRequest(incoming, body), incoming, response),
      () => sendStatus(response, 413),
    );
  }

  private dispatch(request: SimRequest, incoming: IncomingMessage, response: ServerResponse): void {
    this.record(request);

    const fault = this.faults.take();
    if (fault?.kind === 'hang') return;

    if (fault?.kind === 'reset') {
      resetSocket(incoming.socket);
      return;
    }

    const delayMs = fault?.kind === 'latency' ? fault.ms : 0;
    const simResponse = this.respond(request, fault);
    this.after(delayMs, () => send(response, simResponse));
  }

  private respond(request: SimRequest, fault: Fault | null): SimResponse {
    const response = this.faultResponse(request, fault) ?? this.route(request, fault);

    return this.handler.finish ? this.handler.finish(request, response) : response;
  }

  private faultResponse(request: SimRequest, fault: Fault | null): SimResponse | null {
    switch (fault?.kind) {
      case 'rate_limit':
        return this.handler.rateLimited(request, fault.retryAfterSec);
      case 'quota':
        return this.handler.quotaExceeded(request);
      case 'server_error':
        return this.handler.serverError(request, fault.status ?? 500);
      case 'body_error':
        return this.handler.bodyError(request) ?? this.handler.serverError(request, 500);
      default:
        return null;
    }
  }

  private route(request: SimRequest, fault: Fault | null): SimResponse {
    return this.handler.route(request, { rejectCredentials: fault?.kind === 'invalid_key' });
  }

  private record(request: SimRequest): void {
    const body = request.body.slice(0, MAX_RECORDED_BODY_CHARS);
    this.recorded.push({ time: Date.now(), ...request, body });
    if (this.recorded.length > MAX_RECORDED_REQUESTS) this.recorded.shift();
  }

  /** Runs `callback` after `ms`, on a timer that `close()` clears. */
  private after(ms: number, callback: () => void): void {
    if (ms <= 0) {
      callback();
      return;
    }

    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error(`Request body exceeds ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function toSimRequest(incoming: IncomingMessage, body: string): SimRequest {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
  };
}

function send(response: ServerResponse, simResponse: SimResponse): void {
  if (response.destroyed) return;

  const { body } = simResponse;
  let payload = '';
  if (typeof body === 'string') payload = body;
  else if (body !== undefined) payload = JSON.stringify(body);

  response.writeHead(simResponse.status, simResponse.headers);
  response.end(payload);
}

function sendStatus(response: ServerResponse, status: number): void {
  if (response.destroyed) return;

  response.writeHead(status, { connection: 'close' });
  response.end();
}

/** Closes the connection with a TCP RST where Node supports it, else destroys it. */
function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

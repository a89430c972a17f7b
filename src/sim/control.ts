/**
 * The control server of the standalone simulator runner, on 127.0.0.1:
 *
 * - `POST /__sim/fault` with `{"provider":"openai","rule":{...}|null}` sets or
 *   clears a provider's fault rule. It returns 204, or 400 with `{"error"}`.
 * - `GET /__sim/requests?provider=openai` returns that simulator's recorded requests.
 * - `DELETE /__sim/requests?provider=openai` clears them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { PROVIDER_IDS, isProviderId } from '../shared/types.ts';
import type { SimulatorSet } from './index.ts';

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('hang') }),
  z.strictObject({ kind: z.literal('reset') }),
  z.strictObject({ kind: z.literal('rate_limit'), retryAfterSec: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('quota') }),
  z.strictObject({
    kind: z.literal('server_error'),
    status: z.number().int().min(500).max(599).optional(),
  }),
  z.strictObject({ kind: z.literal('body_error') }),
  z.strictObject({ kind: z.literal('invalid_key') }),
]);

const faultRequestSchema = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  rule: z
    .strictObject({ fault: faultSchema, times: z.number().int().positive().optional() })
    .nullable(),
});

/** Largest control request body accepted, in bytes. */
const MAX_CONTROL_BODY = 64 * 1024;

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the control server for `simulators` on 127.0.0.1:`port` (0 picks a free port). */
export function startControlServer(simulators: SimulatorSet, port = 0): Promise<ControlServer> {
  const server = createServer((request, response) => {
    handle(simulators, request, response).catch((error: unknown) => {
      reply(response, 500, { error: `Control request failed: ${String(error)}` });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(controlHandle(server));
    });
  });
}

function controlHandle(server: Server): ControlServer {
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  simulators: SimulatorSet,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const route = `${request.method} ${url.pathname}`;

  if (route === 'POST /__sim/fault') return setFault(simulators, await readJson(request), response);
  if (url.pathname === '/__sim/requests') {
    return requests(simulators, request.method, url, response);
  }

  const error = `No control route ${route}; use POST /__sim/fault or /__sim/requests.`;
  reply(response, 404, { error });
}

function setFault(simulators: SimulatorSet, body: unknown, response: ServerResponse): void {
  const parsed = faultRequestSchema.safeParse(body);
  if (!parsed.success) {
    reply(response, 400, { error: `Invalid fault request: ${z.prettifyError(parsed.error)}` });
    return;
  }

  simulators.get(parsed.data.provider).setFault(parsed.data.rule);
  reply(response, 204, null);
}

function requests(
  simulators: SimulatorSet,
  method: string | undefined,
  url: URL,
  response: ServerResponse,
): void {
  const provider = url.searchParams.get('provider');
  if (!isProviderId(provider)) {
    const choices = PROVIDER_IDS.join(', ');
    const error = `Query parameter provider="${provider}" is invalid; use one of ${choices}.`;
    reply(response, 400, { error });
    return;
  }

  const simulator = simulators.get(provider);
  if (method === 'DELETE') {
    simulator.clearRequests();
    reply(response, 204, null);
    return;
  }

  reply(response, 200, simulator.requests);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_CONTROL_BODY) return null;
  }

  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;

  if (body === null) {
    response.writeHead(status).end();
    return;
  }

  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

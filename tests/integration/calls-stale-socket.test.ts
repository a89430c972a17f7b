/**
 * A server that closes idle keep-alive sockets: the hub sends the request
 * once more on a fresh connection, without counting it against the provider.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../../src/main/core/hub.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-store.ts';
import { MemorySettingsStore } from '../../src/main/core/settings.ts';
import { fastPolicy } from '../support/hub-fixture.ts';

/** How the server treats a request: answer it, or close the socket with a FIN or a reset. */
type Closing = 'fin' | 'rst' | null;

interface IdleClosingServer {
  url: string;
  /** Requests that reached the server, in order, with the request number on their socket. */
  requests: { method: string; onSocket: number }[];
  close(): Promise<void>;
}

const BODY = JSON.stringify({ object: 'list', data: [] });
const RESPONSE =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n' +
  `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;

function closeSocket(socket: Socket, how: Exclude<Closing, null>): void {
  if (how === 'rst') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Starts an HTTP/1.1 server on 127.0.0.1 that answers each request with a
 * small JSON body and keeps the socket open. `decide` picks, per request,
 * whether the socket is closed instead, as a server does when its idle
 * timeout ends just as the next request arrives.
 */
async function startIdleClosingServer(decide: (onSocket: number) => Closing): Promise<IdleClosingServer> {
  const requests: IdleClosingServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    let count = 0;
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        buffered = buffered.slice(end + 4 + length);
        count += 1;
        requests.push({ method: head.split(' ')[0] ?? '', onSocket: count });
        const closing = decide(count);
        if (closing) return closeSocket(socket, closing);

        socket.write(RESPONSE);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A hub whose OpenAI base URL is `url`, with no retries and a breaker that opens on one failure. */
async function hubAgainst(url: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-stale-'));
  const settings = new MemorySettingsStore();
  settings.setProvider('openai', { ...settings.getProvider('openai'), baseUrl: url });
  const hub = await createHub({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ openai: { apiKey: 'sk-test-0000000000000000' } }),
    notifier: { notify: () => {} },
    policy: (provider, base) => {
      const fast = fastPolicy(provider, base);
      return { ...fast, retry: { ...fast.retry, retries: 0 }, breaker: { ...fast.breaker, consecutiveFailures: 1 } };
    },
  });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => hub.stop());
  return hub;
}

const listModels = { operation: 'list-models', method: 'GET', path: '/v1/models' } as const;
const chat = { operation: 'chat', method: 'POST', path: '/v1/chat/completions', body: '{}' } as const;

/** Closes every socket on its second request, as a server whose idle timeout ends as it arrives. */
const closeReused = (how: Exclude<Closing, null>) => (onSocket: number): Closing => (onSocket >= 2 ? how : null);

describe('a keep-alive socket closed by the server', () => {
  for (const how of ['fin', 'rst'] as const) {
    it(`sends the request again on a fresh connection after a ${how === 'fin' ? 'close' : 'reset'} before the response`, async () => {
      const server = await startIdleClosingServer(closeReused(how));
      cleanups.push(() => server.close());
      const hub = await hubAgainst(server.url);

      const outcomes = [];
      for (let index = 0; index < 4; index += 1) outcomes.push(await hub.call('openai', listModels));

      expect(outcomes.map((outcome) => [outcome.ok, outcome.attempts])).toEqual(Array(4).fill([true, 1]));
      expect(server.requests.filter((request) => request.onSocket >= 2).length).toBeGreaterThan(0);
      expect(hub.breakerState('openai')).toBe('closed');
      const rows = hub.queryLogs({ provider: 'openai' }).rows;
      expect(rows.map((row) => row.outcome)).toEqual(Array(4).fill('success'));
    });
  }

  it('does not send a POST without an idempotency key again', async () => {
    const server = await startIdleClosingServer(closeReused('fin'));
    cleanups.push(() => server.close());
    const hub = await hubAgainst(server.url);

    await hub.call('openai', listModels);
    await hub.call('openai', listModels);
    const outcome = await hub.call('openai', chat);

    expect(outcome).toMatchObject({ ok: false, errorClass: 'network' });
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('counts a reset of a fresh connection as a provider failure', async () => {
    const server = await startIdleClosingServer(() => 'rst');
    cleanups.push(() => server.close());
    const hub = await hubAgainst(server.url);

    const outcome = await hub.call('openai', listModels);

    expect(outcome).toMatchObject({ ok: false, errorClass: 'network', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(hub.breakerState('openai')).toBe('open');
  });
});

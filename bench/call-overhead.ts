/**
 * Cost of the hub's call path over raw undici. One loopback HTTP server (in
 * a worker thread, so it does not share the client's thread) is called with
 * concurrency 64 through a raw undici Agent with 64 connections and through
 * `hub.call` with its full path: policy, breaker, a token bucket set too
 * high to throttle, a bulkhead of 64, retries, redaction and the attempt log
 * written to a real SQLite file, with settings read from a real settings
 * file. A third side, the minimal path, does only the steps the target
 * names. Runs alternate to spread noise evenly.
 * Prints progress on stderr and one JSON line of figures on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { createHub } from '../src/main/core/hub.ts';
import { MemorySecretStore } from '../src/main/core/secrets/memory-store.ts';
import Conf from 'conf';
import { ConfSettingsStore, settingsOptions } from '../src/main/core/settings.ts';
import { startMinimalPath } from './minimal-path.ts';

const CONCURRENCY = 64;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const WARMUP = Math.min(2_000, REQUESTS);
const ROUNDS = 4;

const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

type Send = () => Promise<void>;

/** Main-thread CPU time in microseconds; the server's worker thread is not counted. */
function threadCpuMicros(): number {
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
}

/**
 * Sends `total` requests with `CONCURRENCY` in flight; returns each latency
 * in ms, the wall time and the client thread's CPU time.
 */
async function run(send: Send, total: number): Promise<{ latencies: Float64Array; elapsedMs: number; cpuMicros: number }> {
  const latencies = new Float64Array(total);
  let next = 0;
  const cpuBefore = threadCpuMicros();
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      const begin = performance.now();
      await send();
      latencies[index] = performance.now() - begin;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, elapsedMs: performance.now() - started, cpuMicros: threadCpuMicros() - cpuBefore };
}

function percentile(values: Float64Array, share: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

async function startServer(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { url: `http://127.0.0.1:${port}`, stop: () => worker.terminate() };
}

async function startHub(url: string, dataDir: string) {
  // The settings file the app and the CLI use, so reading settings on the hot path is measured too.
  const settings = new ConfSettingsStore(new Conf(settingsOptions(dataDir)));
  settings.setProvider('openai', { enabled: true, baseUrl: url, probeIntervalSec: 60 });
  return createHub({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ openai: { apiKey: 'sk-bench-000000000000000000000000' } }),
    notifier: { notify: () => {} },
    policy: (_provider, base) => ({
      ...base,
      rateLimit: { ratePerSec: 1_000_000, burst: 1_000_000 },
      bulkhead: { maxConcurrent: CONCURRENCY, maxQueue: 10_000 },
    }),
  });
}

export default async function callOverhead(): Promise<void> {
  const server = await startServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const hub = await startHub(server.url, dataDir);
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 4_000 });
  const target = `${server.url}/v1/models`;
  const headers = { authorization: 'Bearer sk-bench-000000000000000000000000' };

  const raw: Send = async () => {
    const response = await request(target, { dispatcher: agent, headers });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`Raw call returned HTTP ${response.statusCode}.`);
  };
  const viaHub: Send = async () => {
    const outcome = await hub.call('openai', { operation: 'bench', method: 'GET', path: '/v1/models' });
    if (!outcome.ok) throw new Error(`Hub call failed: ${outcome.message}`);
  };
  const minimal = startMinimalPath(target, headers, dataDir, CONCURRENCY);
  const sides = { raw, hub: viaHub, minimal: () => minimal.send() } as const;
  type Side = keyof typeof sides;

  try {
    for (const send of Object.values(sides)) await run(send, WARMUP);
    const results: Record<Side, Awaited<ReturnType<typeof run>>[]> = { raw: [], hub: [], minimal: [] };
    const perRound = Math.ceil(REQUESTS / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      // The order turns each round, so no side always runs first or last.
      const order = (['raw', 'hub', 'minimal'] as const).map((_, index, all) => all[(index + round) % all.length] as Side);
      for (const side of order) {
        results[side].push(await run(sides[side], perRound));
        process.stderr.write(`round ${round + 1}/${ROUNDS} ${side} done\n`);
      }
    }
    const summary = (runs: Awaited<ReturnType<typeof run>>[]) => {
      const latencies = Float64Array.from(runs.flatMap((entry) => [...entry.latencies]));
      const elapsed = runs.reduce((sum, entry) => sum + entry.elapsedMs, 0);
      const cpu = runs.reduce((sum, entry) => sum + entry.cpuMicros, 0);
      return { rps: (latencies.length * 1000) / elapsed, p99: percentile(latencies, 0.99), cpuPerCall: cpu / latencies.length };
    };
    const rawSummary = summary(results.raw);
    const hubSummary = summary(results.hub);
    const minimalSummary = summary(results.minimal);
    const line = {
      bench: 'call-overhead',
      requests: perRound * ROUNDS,
      concurrency: CONCURRENCY,
      rawRps: Math.round(rawSummary.rps),
      hubRps: Math.round(hubSummary.rps),
      ratio: round2(hubSummary.rps / rawSummary.rps),
      rawP99Ms: round2(rawSummary.p99),
      hubP99Ms: round2(hubSummary.p99),
      addedP99Ms: round2(hubSummary.p99 - rawSummary.p99),
      // Client-thread CPU per request: steadier than throughput on a shared machine.
      rawCpuUsPerCall: round2(rawSummary.cpuPerCall),
      hubCpuUsPerCall: round2(hubSummary.cpuPerCall),
      addedCpuUsPerCall: round2(hubSummary.cpuPerCall - rawSummary.cpuPerCall),
      // The named steps alone (bench/minimal-path.ts): the best ratio this machine allows them.
      minimalRps: Math.round(minimalSummary.rps),
      minimalRatio: round2(minimalSummary.rps / rawSummary.rps),
      minimalAddedP99Ms: round2(minimalSummary.p99 - rawSummary.p99),
      minimalAddedCpuUsPerCall: round2(minimalSummary.cpuPerCall - rawSummary.cpuPerCall),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await minimal.close();
    await hub.stop();
    await agent.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

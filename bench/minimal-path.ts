/**
 * The smallest call path that still does what the call-overhead target
 * names: a deadline, the breaker, a token bucket, a bulkhead and one call
 * log row per call, written in batches by the hub's own writer and store.
 * It leaves out what the product adds on top (usage and cost, redaction,
 * health rollups, live events, provider readings), so the benchmark can show
 * how much of the gap to raw undici the named steps cost by themselves.
 */
import { Agent, request } from 'undici';
import { systemClock } from '../src/main/core/clock.ts';
import { startDeadline } from '../src/main/core/deadline.ts';
import { CircuitBreaker } from '../src/main/core/resilience/breaker.ts';
import { Bulkhead } from '../src/main/core/resilience/bulkhead.ts';
import { defaultPolicy } from '../src/main/core/resilience/policy.ts';
import { TokenBucket } from '../src/main/core/resilience/rate-limiter.ts';
import { HubStore } from '../src/main/core/store/store.ts';
import { AttemptWriter } from '../src/main/core/store/writer.ts';

export interface MinimalPath {
  send(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a store in `dataDir` and returns a sender for `url` with `concurrency` connections and bulkhead slots. */
export function startMinimalPath(url: string, headers: Record<string, string>, dataDir: string, concurrency: number): MinimalPath {
  const policy = defaultPolicy('openai');
  const breaker = new CircuitBreaker({ provider: 'openai', clock: systemClock, ...policy.breaker });
  const limiter = new TokenBucket({ provider: 'openai', clock: systemClock, ratePerSec: 1_000_000, burst: 1_000_000 });
  const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: concurrency, maxQueue: 10_000 });
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 4_000 });
  const store = HubStore.open(dataDir, { fileName: 'minimal.sqlite' });
  const writer = new AttemptWriter({ insertAttempts: (rows) => store.insertAttempts(rows) });
  let calls = 0;

  return {
    async send() {
      const deadline = startDeadline(policy.timeouts.deadlineMs);
      const permit = breaker.tryAcquire();
      if (!permit.ok) throw new Error(`Minimal path call rejected: the breaker is ${permit.state}.`);

      const started = performance.now();
      try {
        const response = await bulkhead.run(async () => {
          await limiter.acquire(deadline.signal);
          return request(url, { dispatcher: agent, headers, signal: deadline.signal });
        }, deadline.signal);
        JSON.parse(await response.body.text());
        permit.release(response.statusCode < 500 ? 'success' : 'failure');
        writer.enqueue({
          callId: String((calls += 1)),
          time: Date.now(),
          provider: 'openai',
          operation: 'bench',
          method: 'GET',
          url,
          httpStatus: response.statusCode,
          latencyMs: performance.now() - started,
          attempt: 1,
          outcome: 'success',
          errorClass: null,
          errorMessage: null,
          breakerState: breaker.state,
          requestHeaders: { authorization: '[REDACTED]' },
        });
      } finally {
        deadline.dispose();
      }
    },
    async close() {
      writer.close();
      store.close();
      breaker.dispose();
      limiter.dispose();
      await agent.close();
    },
  };
}

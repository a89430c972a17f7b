/**
 * A child process for the exit test: starts a real hub against the
 * simulators named in argv, schedules probes, leaves calls in flight (one
 * hung, one in a long backoff wait, one held by the rate limiter), stops the
 * hub and prints `stopped`. The process must then exit on its own.
 */
import { PROVIDER_IDS, type ProviderId } from '../../src/shared/types.ts';
import { createHub } from '../../src/main/core/hub.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-store.ts';
import { MemorySettingsStore } from '../../src/main/core/settings.ts';

const [dataDir, urlsJson, credentialsJson] = process.argv.slice(2);
const urls = JSON.parse(urlsJson ?? '{}') as Record<ProviderId, string>;
const settings = new MemorySettingsStore();
for (const provider of PROVIDER_IDS) {
  settings.setProvider(provider, { enabled: true, baseUrl: urls[provider], probeIntervalSec: 5 });
}

const hub = await createHub({
  dataDir: dataDir ?? '',
  settings,
  secrets: new MemorySecretStore(JSON.parse(credentialsJson ?? '{}')),
  notifier: { notify: () => {} },
});
hub.updatePolicy('stripe', { retry: { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' } } });
hub.updatePolicy('mapbox', { rateLimit: { ratePerSec: 0.01, burst: 1 } });
hub.start();

const calls = [
  hub.call('openai', { operation: 'hung', method: 'GET', path: '/v1/models' }),
  hub.call('stripe', { operation: 'backoff', method: 'GET', path: '/v1/balance' }),
  hub.call('mapbox', { operation: 'first', method: 'GET', path: '/tokens/v2' }),
  hub.call('mapbox', { operation: 'throttled', method: 'GET', path: '/tokens/v2' }),
];
await new Promise((resolve) => setTimeout(resolve, 500));
await hub.stop();
const outcomes = await Promise.all(calls);
process.stdout.write(`stopped ${JSON.stringify(outcomes.map((outcome) => outcome.outcome))}\n`);

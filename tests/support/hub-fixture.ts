/**
 * A real hub on a temporary data folder, wired to the provider simulators on
 * 127.0.0.1, with short timeouts and backoff so failure cases finish fast.
 * Secrets live in memory unless a test passes its own store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_IDS, type ProviderId } from '../../src/shared/types.ts';
import { createHub, type HubOptions } from '../../src/main/core/hub.ts';
import type { Notification, SecretStore } from '../../src/main/core/ports.ts';
import type { ResiliencePolicy } from '../../src/main/core/resilience/policy.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-store.ts';
import { MemorySettingsStore } from '../../src/main/core/settings.ts';
import { startSimulators, type SimulatorSet } from '../../src/sim/index.ts';

/** Fast timeouts and backoff for tests; the rest of the policy stays the default. */
export function fastPolicy(_provider: ProviderId, base: ResiliencePolicy): ResiliencePolicy {
  return {
    ...base,
    retry: { ...base.retry, backoff: { baseMs: 5, maxMs: 20, jitter: 'none' } },
    breaker: { ...base.breaker, openMs: 60_000 },
    timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 400, bodyTimeoutMs: 400, deadlineMs: 3_000 },
  };
}

export interface HubFixture {
  hub: Awaited<ReturnType<typeof createHub>>;
  simulators: SimulatorSet;
  settings: MemorySettingsStore;
  notifications: Notification[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startHubFixture(
  options: { secrets?: SecretStore; withKeys?: boolean; hub?: Partial<HubOptions>; dataDir?: string } = {},
): Promise<HubFixture> {
  const simulators = await startSimulators();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hub-test-'));
  const settings = new MemorySettingsStore();
  for (const provider of PROVIDER_IDS) {
    settings.setProvider(provider, { ...settings.getProvider(provider), baseUrl: simulators.urls[provider] });
  }
  const notifications: Notification[] = [];
  const secrets = options.secrets ?? new MemorySecretStore(options.withKeys === false ? {} : simulators.credentials);
  const hub = await createHub({
    dataDir,
    settings,
    secrets,
    notifier: { notify: (notification) => notifications.push(notification) },
    policy: fastPolicy,
    probeTimeoutMs: 2_000,
    flushIntervalMs: 20,
    ...options.hub,
  });

  return {
    hub,
    simulators,
    settings,
    notifications,
    dataDir,
    async close() {
      await hub.stop();
      await simulators.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What both end-to-end suites share: a fresh data folder, the provider
 * simulators, settings that point every provider at its simulator, and a
 * real hub on the real keychain. Keys are stored in the keychain for real,
 * so the suites run only inside the throwaway keyring that
 * `npm run test:e2e` (tests/e2e/run.ts) sets up.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { composeHub, type ComposeOptions } from '../../src/main/core/compose.ts';
import { createConsoleLogger } from '../../src/main/core/logger.ts';
import type { Hub, Notification, Notifier } from '../../src/main/core/ports.ts';
import { ConfSettingsStore, settingsOptions, type SettingsBackend } from '../../src/main/core/settings.ts';
import { PROVIDER_IDS } from '../../src/shared/types.ts';
import { startSimulators, type SimulatorSet } from '../../src/sim/index.ts';
import { assertIsolatedKeyring } from './keyring.ts';

/** Seconds between scheduled probes in the tests: a day, so only the test's own probes run. */
const PROBE_INTERVAL_SEC = 86_400;

export interface TestEnvironment {
  /** A fresh temp folder for the call log, the settings file and exports. */
  readonly dataDir: string;
  readonly simulators: SimulatorSet;
  /** The OpenAI key the OpenAI simulator accepts: random per run, never a real key. */
  readonly openaiKey: string;
  /** Stops the simulators and deletes the data folder. */
  close(): Promise<void>;
}

function seedSettings(dataDir: string, simulators: SimulatorSet): void {
  const store = new ConfSettingsStore(new Conf(settingsOptions(dataDir)) as SettingsBackend);

  for (const provider of PROVIDER_IDS) {
    store.setProvider(provider, {
      enabled: true,
      baseUrl: simulators.urls[provider],
      probeIntervalSec: PROBE_INTERVAL_SEC,
    });
  }
}

/**
 * Starts the simulators and creates a data folder whose settings point every
 * provider at its simulator. No provider has a key yet.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  assertIsolatedKeyring();

  const dataDir = await mkdtemp(join(tmpdir(), 'integration-hub-e2e-'));
  const openaiKey = `sk-e2e-${randomBytes(20).toString('hex')}`;
  const simulators = await startSimulators({ credentials: { openai: { apiKey: openaiKey } } });
  seedSettings(dataDir, simulators);

  return {
    dataDir,
    simulators,
    openaiKey,
    async close() {
      await simulators.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a notifier that records every notification, so tests can check what the user was notified of. */
export function createRecordingNotifier(): Notifier & { readonly notifications: Notification[] } {
  const notifications: Notification[] = [];

  return { notifications, notify: (notification) => notifications.push(notification) };
}

async function packageVersion(): Promise<string> {
  const text = await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Creates a real hub on the data folder, the same way the app does, with
 * keys in the keychain. `extra` overrides compose options, such as the
 * store's busy timeout.
 */
export async function composeTestHub(
  dataDir: string,
  notifier: Notifier,
  extra: Partial<ComposeOptions> = {},
): Promise<Hub> {
  return composeHub({
    dataDir,
    settings: new ConfSettingsStore(new Conf(settingsOptions(dataDir)) as SettingsBackend),
    notifier,
    logger: createConsoleLogger({ level: 'warn' }),
    demo: false,
    version: await packageVersion(),
    ...extra,
  });
}

/** Deletes every key the hub stores in the keychain. Failures are logged to the console, not thrown. */
export async function deleteAllSecrets(hub: Hub): Promise<void> {
  for (const provider of PROVIDER_IDS) {
    await hub.deleteSecret(provider).catch((error: unknown) => {
      console.warn(`Deleting the ${provider} keys from the keychain failed:`, error);
    });
  }
}

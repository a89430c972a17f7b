/**
 * Picks the ports for each way the hub runs and creates it: the app with the
 * OS keychain, the CLI with environment variables over the keychain, and the
 * demo with the built-in simulators and fake keys held in memory.
 */
import { PROVIDER_IDS, type ProviderId, type ProviderSettings } from '../../shared/types.ts';
import { startSimulators } from '../../sim/index.ts';
import { createHub, type HubOptions } from './hub.ts';
import type { Hub, Logger, Notifier, SecretStore, SettingsStore } from './ports.ts';
import { PROVIDERS, readBaseUrlFromEnv } from './providers/catalog.ts';
import { EnvSecretStore } from './secrets/env-store.ts';
import { KeytarSecretStore } from './secrets/keytar-store.ts';
import { LayeredSecretStore } from './secrets/layered-store.ts';
import { MemorySecretStore } from './secrets/memory-store.ts';
import { ForwardingSettingsStore } from './settings.ts';

export { createConsoleLogger } from './logger.ts';

export interface ComposeOptions {
  dataDir: string;
  settings: SettingsStore;
  notifier: Notifier;
  logger: Logger;
  /** Run against the built-in simulators with fake keys; nothing touches the keychain. */
  demo: boolean;
  version: string;
  /** The CLI: provider keys and base URLs from environment variables take precedence. */
  headless?: boolean;
  /** Replaces the OS keychain, for tests that are not about secrets. */
  secrets?: SecretStore;
  policy?: HubOptions['policy'];
  probeTimeoutMs?: number;
  /** Options passed to `HubStore.open`, such as a short busy timeout in tests. */
  store?: HubOptions['store'];
}

/** Environment variables that may carry a provider's credential field. */
export function credentialEnvNames(provider: ProviderId, field: string): readonly string[] {
  return PROVIDERS[provider].credentials.find((entry) => entry.field === field)?.env ?? [];
}

/** Settings whose missing base URLs come from environment variables such as SUPABASE_URL. */
class EnvBaseUrlSettings extends ForwardingSettingsStore {
  private readonly env: NodeJS.ProcessEnv;

  constructor(base: SettingsStore, env: NodeJS.ProcessEnv) {
    super(base);
    this.env = env;
  }

  override getProvider(provider: ProviderId): ProviderSettings {
    const settings = this.base.getProvider(provider);
    if (settings.baseUrl !== null) return settings;

    return { ...settings, baseUrl: readBaseUrlFromEnv(PROVIDERS[provider], this.env) };
  }
}

async function composeDemo(options: ComposeOptions): Promise<Hub> {
  const simulators = await startSimulators();
  for (const provider of PROVIDER_IDS) {
    // Simulator ports change at every start, so the demo points at them anew.
    options.settings.setProvider(provider, { ...options.settings.getProvider(provider), baseUrl: simulators.urls[provider] });
  }
  options.logger.log('info', 'demo', 'Started the provider simulators', { openai: simulators.urls.openai });

  let hub: Hub;
  try {
    hub = await createHub({ ...options, secrets: new MemorySecretStore(simulators.credentials) });
  } catch (error) {
    await simulators.close();
    throw error;
  }
  const stop = hub.stop.bind(hub);
  hub.stop = async () => {
    await stop();
    await simulators.close();
  };
  return hub;
}

/** Creates the hub with the ports that fit how it runs. */
export async function composeHub(options: ComposeOptions): Promise<Hub> {
  if (options.demo) return composeDemo(options);

  if (options.headless) {
    const env = new EnvSecretStore(credentialEnvNames);
    const secrets = new LayeredSecretStore(env, options.secrets ?? new KeytarSecretStore());
    return createHub({ ...options, secrets, settings: new EnvBaseUrlSettings(options.settings, process.env) });
  }

  return createHub({ ...options, secrets: options.secrets ?? new KeytarSecretStore() });
}

/**
 * Provider settings on a `conf`-compatible backend. The app passes an
 * electron-store instance and the CLI and tests pass `conf`; both take the
 * options below, so the schema and migrations are the same everywhere.
 */
import { join } from 'node:path';
import {
  PROVIDER_IDS,
  type PolicyPatch,
  type ProviderId,
  type ProviderSettings,
  type RetentionSettings,
  type UsageSettings,
} from '../../shared/types.ts';
import { HubError } from './errors.ts';
import type { SettingsStore } from './ports.ts';
import { policyPatchJsonSchema } from './resilience/policy-overrides.ts';
import { usageSettingsSchema, withUsageDefaults } from './usage/settings.ts';

/** Probe interval when the user sets none, in seconds. */
export const DEFAULT_PROBE_INTERVAL_SEC = 60;
export const MIN_PROBE_INTERVAL_SEC = 5;
export const MAX_PROBE_INTERVAL_SEC = 86_400;

/** Version of the settings layout; bump it with a new entry in `settingsMigrations`. */
export const SETTINGS_VERSION = '1.0.0';

/** Call log retention until the user sets their own: 30 days and 1 GB. */
export const DEFAULT_RETENTION: RetentionSettings = { maxAgeDays: 30, maxSizeMb: 1024 };

export const defaultProviderSettings = (): ProviderSettings => ({
  enabled: true,
  baseUrl: null,
  probeIntervalSec: DEFAULT_PROBE_INTERVAL_SEC,
});

export interface SettingsData {
  providers: Record<ProviderId, ProviderSettings>;
  usage?: UsageSettings;
  /** The user's changes to each provider's default resilience policy. */
  policies?: Partial<Record<ProviderId, PolicyPatch>>;
  retention?: RetentionSettings;
}

const providerSettingsSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    baseUrl: { type: ['string', 'null'] },
    probeIntervalSec: {
      type: 'integer',
      minimum: MIN_PROBE_INTERVAL_SEC,
      maximum: MAX_PROBE_INTERVAL_SEC,
    },
  },
};

/** JSON schema of the settings file, checked by conf on every read and write. */
export const settingsSchema = {
  providers: {
    type: 'object',
    properties: Object.fromEntries(PROVIDER_IDS.map((id) => [id, providerSettingsSchema])),
  },
  usage: usageSettingsSchema,
  policies: {
    type: 'object',
    properties: Object.fromEntries(PROVIDER_IDS.map((id) => [id, policyPatchJsonSchema])),
  },
  retention: {
    type: 'object',
    properties: {
      maxAgeDays: { type: ['integer', 'null'], minimum: 1, maximum: 3650 },
      maxSizeMb: { type: ['integer', 'null'], minimum: 10, maximum: 1_000_000 },
    },
  },
} as const;

/** Options shared by electron-store in the app and conf in the CLI and tests. */
export function settingsOptions(cwd?: string) {
  return {
    configName: 'settings',
    projectName: 'integration-hub',
    projectVersion: SETTINGS_VERSION,
    schema: settingsSchema,
    // Settings are read on every call, so they are kept in memory; a write
    // drops the copy. Changes made by another process show after a write.
    cache: true,
    // Migrations run in version order when the settings version is raised.
    // Each entry states why the layout changed.
    migrations: {},
    ...(cwd ? { cwd } : {}),
  };
}

/**
 * Opens the settings file through `create` (conf or electron-store). A file
 * that is not valid JSON or breaks the schema becomes an error that names
 * the file and the fix; the file itself is left as it is.
 */
export function openSettingsBackend<T>(create: () => T, dataDir: string): T {
  try {
    return create();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HubError(
      'invalid_argument',
      `Cannot read the settings file ${join(dataDir, 'settings.json')}: ${reason} ` +
        'Fix the value, or move the file away to start from the defaults. The file was not changed.',
      { cause: error },
    );
  }
}

function freezeUsage(settings: UsageSettings): UsageSettings {
  for (const budget of Object.values(settings.budgets)) Object.freeze(budget);
  Object.freeze(settings.budgets);
  Object.freeze(settings.thresholds);
  Object.freeze(settings.prices);
  return Object.freeze(settings);
}

/** The subset of the conf / electron-store API that the store needs. */
export interface SettingsBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Settings of every provider, with defaults filled in for what was never stored. */
export class ConfSettingsStore implements SettingsStore {
  private readonly backend: SettingsBackend;
  private usageCache: { stored: unknown; settings: UsageSettings } | null = null;
  private readonly providerCache = new Map<ProviderId, { stored: unknown; settings: Readonly<ProviderSettings> }>();

  constructor(backend: SettingsBackend) {
    this.backend = backend;
  }

  /**
   * Returns one provider's settings with defaults filled in. Every call reads
   * the base URL, so the result is kept while the stored value is the same
   * object, like `getUsage`, and frozen for the same reason.
   */
  getProvider(provider: ProviderId): ProviderSettings {
    const stored = this.backend.get(`providers.${provider}`) as Partial<ProviderSettings> | undefined;
    const cached = this.providerCache.get(provider);
    if (cached && cached.stored === stored && stored !== undefined) return cached.settings;

    const settings = Object.freeze({ ...defaultProviderSettings(), ...stored });
    this.providerCache.set(provider, { stored, settings });
    return settings;
  }

  setProvider(provider: ProviderId, settings: ProviderSettings): void {
    this.backend.set(`providers.${provider}`, settings);
  }

  /**
   * Returns the usage settings with defaults filled in. Every recorded call
   * reads them, so the result is kept while the stored value is the same
   * object (the backend's cache). It is frozen, because callers must copy it.
   */
  getUsage(): UsageSettings {
    const stored = this.backend.get('usage') as Partial<UsageSettings> | undefined;
    if (this.usageCache && this.usageCache.stored === stored) return this.usageCache.settings;

    const settings = freezeUsage(withUsageDefaults(stored));
    this.usageCache = { stored, settings };
    return settings;
  }

  setUsage(settings: UsageSettings): void {
    this.usageCache = null;
    this.backend.set('usage', settings);
  }

  getPolicy(provider: ProviderId): PolicyPatch | null {
    const stored = this.backend.get(`policies.${provider}`) as PolicyPatch | undefined;
    return stored ?? null;
  }

  setPolicy(provider: ProviderId, patch: PolicyPatch | null): void {
    const policies = { ...(this.backend.get('policies') as SettingsData['policies']) };
    if (patch === null) delete policies[provider];
    else policies[provider] = patch;
    this.backend.set('policies', policies);
  }

  getRetention(): RetentionSettings {
    const stored = this.backend.get('retention') as Partial<RetentionSettings> | undefined;
    return { ...DEFAULT_RETENTION, ...stored };
  }

  setRetention(retention: RetentionSettings): void {
    this.backend.set('retention', retention);
  }
}

/** Settings held in memory, for unit tests and the read-only `--config` overlay. */
export class MemorySettingsStore implements SettingsStore {
  private readonly values = new Map<ProviderId, ProviderSettings>();
  private usage: UsageSettings | undefined;
  private readonly policies = new Map<ProviderId, PolicyPatch>();

  getProvider(provider: ProviderId): ProviderSettings {
    return { ...defaultProviderSettings(), ...this.values.get(provider) };
  }

  setProvider(provider: ProviderId, settings: ProviderSettings): void {
    this.values.set(provider, { ...settings });
  }

  getUsage(): UsageSettings {
    return withUsageDefaults(this.usage);
  }

  setUsage(settings: UsageSettings): void {
    this.usage = structuredClone(settings);
  }

  getPolicy(provider: ProviderId): PolicyPatch | null {
    const stored = this.policies.get(provider);
    return stored ? structuredClone(stored) : null;
  }

  setPolicy(provider: ProviderId, patch: PolicyPatch | null): void {
    if (patch === null) this.policies.delete(provider);
    else this.policies.set(provider, structuredClone(patch));
  }

  #retention: RetentionSettings = { ...DEFAULT_RETENTION };

  getRetention(): RetentionSettings {
    return { ...this.#retention };
  }

  setRetention(retention: RetentionSettings): void {
    this.#retention = { ...retention };
  }
}

/**
 * A settings store that passes every call on to another one, so a wrapper
 * that changes one thing (an overlay, base URLs from the environment) keeps
 * the rest: policies, retention and usage settings. What the wrapped store
 * cannot keep is held in memory for the session.
 */
export class ForwardingSettingsStore implements SettingsStore {
  protected readonly base: SettingsStore;
  private readonly fallback = new MemorySettingsStore();

  constructor(base: SettingsStore) {
    this.base = base;
  }

  getProvider(provider: ProviderId): ProviderSettings {
    return this.base.getProvider(provider);
  }

  setProvider(provider: ProviderId, settings: ProviderSettings): void {
    this.base.setProvider(provider, settings);
  }

  getPolicy(provider: ProviderId): PolicyPatch | null {
    return (this.base.getPolicy ? this.base : this.fallback).getPolicy!(provider);
  }

  setPolicy(provider: ProviderId, patch: PolicyPatch | null): void {
    (this.base.setPolicy ? this.base : this.fallback).setPolicy!(provider, patch);
  }

  getRetention(): RetentionSettings {
    return (this.base.getRetention ? this.base : this.fallback).getRetention!();
  }

  setRetention(retention: RetentionSettings): void {
    (this.base.setRetention ? this.base : this.fallback).setRetention!(retention);
  }

  getUsage(): UsageSettings {
    return (this.base.getUsage ? this.base : this.fallback).getUsage!();
  }

  setUsage(settings: UsageSettings): void {
    (this.base.setUsage ? this.base : this.fallback).setUsage!(settings);
  }
}

/**
 * The `--config FILE` overlay: provider settings from a JSON file applied
 * over the stored ones for one run, without writing them back.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROVIDER_IDS, type ProviderId, type ProviderSettings } from '../shared/types.ts';
import type { SettingsStore } from '../main/core/ports.ts';
import { ForwardingSettingsStore, MAX_PROBE_INTERVAL_SEC, MIN_PROBE_INTERVAL_SEC } from '../main/core/settings.ts';
import { UsageError } from './args.ts';

const providerOverlay = z.strictObject({
  enabled: z.boolean().optional(),
  baseUrl: z.string().nullable().optional(),
  probeIntervalSec: z.number().int().min(MIN_PROBE_INTERVAL_SEC).max(MAX_PROBE_INTERVAL_SEC).optional(),
});

const configSchema = z.strictObject({
  providers: z.partialRecord(z.enum(PROVIDER_IDS), providerOverlay).optional(),
});

export type ConfigOverlay = Partial<Record<ProviderId, Partial<ProviderSettings>>>;

/** Reads and validates a config file; every problem is a UsageError naming the file and the value. */
export function readConfigFile(path: string, validateBaseUrl: (value: string) => string): ConfigOverlay {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`The --config file "${path}" does not exist: create it or pass another path.`);
    if (code === 'EISDIR') throw new UsageError(`The --config path "${path}" is a folder: pass the path of a JSON file.`);

    throw new UsageError(`Cannot read --config "${path}": ${(error as Error).message}.`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Invalid JSON in --config "${path}": ${(error as Error).message}.`);
  }

  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'top level';
    throw new UsageError(
      `Invalid --config "${path}" at ${where}: ${issue?.message}. ` +
        'Expected {"providers": {"openai": {"enabled": true, "baseUrl": "https://..."}}}.',
    );
  }

  const overlay: ConfigOverlay = {};
  for (const [provider, settings] of Object.entries(parsed.data.providers ?? {})) {
    const entry = { ...settings };
    if (typeof entry.baseUrl === 'string') {
      try {
        entry.baseUrl = validateBaseUrl(entry.baseUrl);
      } catch (error) {
        throw new UsageError(`Invalid --config "${path}" at providers.${provider}.baseUrl: ${(error as Error).message}`);
      }
    }
    overlay[provider as ProviderId] = entry;
  }
  return overlay;
}

/** Stored settings with the overlay on top; writes go to the stored settings. */
export class OverlaySettingsStore extends ForwardingSettingsStore {
  private readonly overlay: ConfigOverlay;

  constructor(base: SettingsStore, overlay: ConfigOverlay) {
    super(base);
    this.overlay = overlay;
  }

  override getProvider(provider: ProviderId): ProviderSettings {
    return { ...this.base.getProvider(provider), ...this.overlay[provider] };
  }
}

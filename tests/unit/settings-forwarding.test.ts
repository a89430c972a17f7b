import { describe, expect, it } from 'vitest';
import { OverlaySettingsStore } from '../../src/cli/config-file.ts';
import { ForwardingSettingsStore, MemorySettingsStore } from '../../src/main/core/settings.ts';
import type { SettingsStore } from '../../src/main/core/ports.ts';

describe('settings wrappers', () => {
  it('pass policies, retention and usage through to the stored settings', () => {
    const stored = new MemorySettingsStore();
    const overlay = new OverlaySettingsStore(stored, { openai: { enabled: false } });

    overlay.setPolicy('openai', { retry: { retries: 1 } });
    overlay.setRetention({ maxAgeDays: 7, maxSizeMb: 100 });
    overlay.setUsage({ ...overlay.getUsage(), timeZone: 'Europe/Berlin' });

    expect(stored.getPolicy('openai')).toEqual({ retry: { retries: 1 } });
    expect(stored.getRetention()).toEqual({ maxAgeDays: 7, maxSizeMb: 100 });
    expect(stored.getUsage().timeZone).toBe('Europe/Berlin');
    expect(overlay.getProvider('openai').enabled).toBe(false);
    expect(stored.getProvider('openai').enabled).toBe(true);
  });

  it('keep what a minimal store cannot hold for the session', () => {
    const memory = new MemorySettingsStore();
    const minimal: SettingsStore = { getProvider: (provider) => memory.getProvider(provider), setProvider() {} };
    const wrapper = new ForwardingSettingsStore(minimal);

    wrapper.setPolicy('stripe', { breaker: { openMs: 5_000 } });

    expect(wrapper.getPolicy('stripe')).toEqual({ breaker: { openMs: 5_000 } });
  });
});

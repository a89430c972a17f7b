import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore, settingsOptions } from '../../src/main/core/settings.ts';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function open(): ConfSettingsStore {
  const folder = mkdtempSync(join(tmpdir(), 'hub-settings-'));
  folders.push(folder);
  return new ConfSettingsStore(new Conf(settingsOptions(folder)));
}

describe('ConfSettingsStore usage settings', () => {
  it('returns the same frozen settings until they change', () => {
    const store = open();

    const first = store.getUsage();
    expect(store.getUsage()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.budgets.openai)).toBe(true);

    store.setUsage({ ...first, timeZone: 'Europe/Berlin' });
    const second = store.getUsage();

    expect(second).not.toBe(first);
    expect(second.timeZone).toBe('Europe/Berlin');
  });
});

describe('ConfSettingsStore provider settings', () => {
  it('returns the same frozen settings until the provider is saved again', () => {
    const store = open();
    store.setProvider('openai', { enabled: true, baseUrl: 'http://127.0.0.1:9', probeIntervalSec: 60 });

    const first = store.getProvider('openai');
    expect(store.getProvider('openai')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    store.setProvider('openai', { ...first, baseUrl: 'http://127.0.0.1:10' });
    const second = store.getProvider('openai');

    expect(second).not.toBe(first);
    expect(second.baseUrl).toBe('http://127.0.0.1:10');
    expect(store.getProvider('mapbox').enabled).toBe(true);
  });
});

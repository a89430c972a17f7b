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

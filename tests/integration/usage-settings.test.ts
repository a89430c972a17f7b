import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore, settingsOptions, type SettingsBackend } from '../../src/main/core/settings.ts';
import { editedPrice } from '../../src/main/core/usage/prices.ts';
import { applyUsagePatch, defaultUsageSettings } from '../../src/main/core/usage/settings.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-usage-settings-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function openStore(): ConfSettingsStore {
  return new ConfSettingsStore(new Conf(settingsOptions(dataDir)) as SettingsBackend);
}

describe('usage settings file', () => {
  it('fills defaults when nothing is stored', () => {
    const usage = openStore().getUsage();

    expect(usage.timeZone).toBeNull();
    expect(usage.thresholds).toEqual([80, 100]);
    expect(usage.budgets.openai.hardStop).toBe(false);
  });

  it('stores budgets, zone and edited prices through the schema', () => {
    const price = editedPrice({ provider: 'mapbox', item: 'default', unit: 'requests', inputPrice: 1.5, outputPrice: null, per: 1000, freeUnits: 100_000, freePeriod: 'month' }, '2026-12-04');
    const usage = applyUsagePatch(defaultUsageSettings(), { timeZone: 'Europe/Berlin', thresholds: [50, 90], budgets: { openai: { monthlyBudget: 25, dailyCalls: 100, hardStop: true } } });
    openStore().setUsage({ ...usage, prices: [price] });

    const read = openStore().getUsage();
    expect(read.timeZone).toBe('Europe/Berlin');
    expect(read.thresholds).toEqual([50, 90]);
    expect(read.budgets.openai).toMatchObject({ monthlyBudget: 25, dailyCalls: 100, hardStop: true });
    expect(read.prices).toEqual([price]);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).usage.timeZone).toBe('Europe/Berlin');
  });

  it('rejects a negative budget through the schema', () => {
    const usage = defaultUsageSettings();
    usage.budgets.stripe.monthlyBudget = -5;

    expect(() => openStore().setUsage(usage)).toThrow(/monthlyBudget/);
  });
});

describe('applyUsagePatch', () => {
  it('rejects an unknown time zone by name', () => {
    expect(() => applyUsagePatch(defaultUsageSettings(), { timeZone: 'Europe/Atlantis' })).toThrow('Unknown time zone "Europe/Atlantis"');
  });

  it('sorts thresholds and drops repeats', () => {
    expect(applyUsagePatch(defaultUsageSettings(), { thresholds: [100, 50, 100] }).thresholds).toEqual([50, 100]);
  });

  it('rejects a threshold of zero', () => {
    expect(() => applyUsagePatch(defaultUsageSettings(), { thresholds: [0] })).toThrow('Invalid alert threshold 0');
  });

  it('rejects a fractional call quota', () => {
    expect(() => applyUsagePatch(defaultUsageSettings(), { budgets: { mapbox: { dailyCalls: 2.5 } } })).toThrow('Invalid dailyCalls 2.5 for mapbox');
  });

  it('turns an empty time zone back to the machine zone', () => {
    const berlin = applyUsagePatch(defaultUsageSettings(), { timeZone: 'Europe/Berlin' });

    expect(applyUsagePatch(berlin, { timeZone: '' }).timeZone).toBeNull();
  });
});

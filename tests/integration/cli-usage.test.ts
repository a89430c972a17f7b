import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubFixture } from '../support/hub-fixture.ts';
import { runHub, type CliResult } from '../support/run-cli.ts';


let dataDir: string | null = null;

afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

function hub(args: string[], folder: string): Promise<CliResult> {
  return runHub(args, { env: { HUB_DATA_DIR: folder, TZ: 'UTC' } });
}

describe('hub usage', () => {
  it('prints the month of every provider as JSON', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-cli-usage-'));
    const fixture = await startHubFixture({ dataDir });
    await fixture.hub.call('openweather', { operation: 'current-weather', method: 'GET', path: '/data/2.5/weather', query: { q: 'Zocca' } });
    await fixture.close();

    const result = await hub(['usage', '--json'], dataDir);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    const weather = rows.find((row) => row.provider === 'openweather');

    expect(result.code).toBe(0);
    expect(rows).toHaveLength(7);
    expect(weather).toMatchObject({ calls: 1, units: 1, unit: 'requests', cost: 0, currency: 'USD' });
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['provider', 'calls', 'units', 'unit', 'cost', 'currency']));
  });

  it('prints an empty earlier month', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-cli-usage-'));
    const result = await hub(['usage', '--month', '2020-01'], dataDir);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage in 2020-01');
    expect(result.stdout).toMatch(/total\s+0\s+0\.0000 USD/);
  });

  it('exits with status 2 for a bad month', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-cli-usage-'));
    const result = await hub(['usage', '--month', 'March'], dataDir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --month "March"');
  });
});

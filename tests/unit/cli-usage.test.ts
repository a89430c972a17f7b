import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/args.ts';
import { formatUsageTable, usageRows } from '../../src/cli/usage.ts';
import type { UsageSummary } from '../../src/shared/types.ts';

describe('hub usage arguments', () => {
  it('parses --json and --month', () => {
    expect(parseCommand(['usage', '--json', '--month', '2026-03'])).toEqual({ name: 'usage', json: true, month: '2026-03', configFile: null });
  });

  it('defaults to the current month as a table', () => {
    expect(parseCommand(['usage'])).toEqual({ name: 'usage', json: false, month: null, configFile: null });
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => parseCommand(['usage', '--month', '2026-3'])).toThrow('Invalid --month "2026-3": use YYYY-MM, such as 2026-03.');
    expect(() => parseCommand(['usage', '--month', '2026-00'])).toThrow('Invalid --month "2026-00"');
  });
});

describe('hub usage output', () => {
  const summary = {
    month: '2026-03',
    timeZone: 'Europe/Berlin',
    currency: 'USD',
    start: 0,
    end: 1,
    total: { calls: 3, cost: 0.123456 },
    alerts: [],
    providers: [
      { provider: 'openai', unit: 'tokens', calls: 2, units: 58, inputUnits: 38, outputUnits: 20, cost: 0.123456, currency: 'USD', budget: { monthlyBudget: 10 } },
      { provider: 'mapbox', unit: 'requests', calls: 1, units: 1, inputUnits: 1, outputUnits: 0, cost: 0, currency: 'USD', budget: { monthlyBudget: null } },
    ],
  } as unknown as UsageSummary;

  it('gives each row provider, calls, units, unit, cost and currency', () => {
    expect(usageRows(summary)[0]).toMatchObject({ provider: 'openai', calls: 2, units: 58, unit: 'tokens', cost: 0.1235, currency: 'USD', monthlyBudget: 10 });
  });

  it('prints a table with a total line', () => {
    const lines = formatUsageTable(summary, usageRows(summary)).trimEnd().split('\n');

    expect(lines[0]).toBe('Usage in 2026-03 (Europe/Berlin)');
    expect(lines[2]).toMatch(/^openai\s+2\s+58\s+tokens\s+0\.1235 USD\s+10\.00 USD$/);
    expect(lines.at(-1)).toMatch(/^total\s+3\s+0\.1235 USD$/);
  });
});

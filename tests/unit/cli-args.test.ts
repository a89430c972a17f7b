import { describe, expect, it } from 'vitest';
import { parseCommand, parseSince, UsageError } from '../../src/cli/args.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('parseCommand', () => {
  it('reads check with --json and --config', () => {
    expect(parseCommand(['check', '--json', '--config', 'hub.json'])).toEqual({ name: 'check', json: true, strict: false, configFile: 'hub.json' });
    expect(parseCommand(['check', '--strict'])).toEqual({ name: 'check', json: false, strict: true, configFile: null });
  });

  it('shows help with no command', () => {
    expect(parseCommand([])).toEqual({ name: 'help' });
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
  });

  it('reads logs export with every filter', () => {
    const command = parseCommand(['logs', 'export', '--format', 'jsonl', '--out', 'a.jsonl', '--provider', 'stripe', '--since', '24h'], NOW);

    expect(command).toEqual({
      name: 'logs-export',
      format: 'jsonl',
      out: 'a.jsonl',
      provider: 'stripe',
      since: NOW - 24 * 3_600_000,
      configFile: null,
    });
  });

  it('reads breaker actions', () => {
    expect(parseCommand(['breaker', 'reset', 'stripe'])).toEqual({ name: 'breaker', action: 'reset', provider: 'stripe' });
  });

  it('reads secrets set and delete', () => {
    expect(parseCommand(['secrets', 'set', 'openai'])).toEqual({ name: 'secrets-set', provider: 'openai', field: null });
    expect(parseCommand(['secrets', 'delete', 'amadeus', '--field', 'clientId'])).toEqual({
      name: 'secrets-delete',
      provider: 'amadeus',
      field: 'clientId',
    });
  });

  it.each([
    [['check', 'now'], /Unknown command "check now"/],
    [['logs', 'export', '--out', 'x'], /Missing --format/],
    [['logs', 'export', '--format', 'xml', '--out', 'x'], /Invalid --format "xml": use csv or jsonl/],
    [['logs', 'export', '--format', 'csv'], /Missing --out/],
    [['logs', 'export', '--format', 'csv', '--out', 'x', '--provider', 'twilio'], /Unknown provider "twilio"/],
    [['secrets', 'set'], /Missing "hub secrets set"/],
    [['secrets', 'set', 'openai', 'sk-123'], /Unknown command/],
    [['check', '--verbose'], /Unknown option '--verbose'.*Run "hub --help"/],
    [['breaker', 'reset'], /Missing "hub breaker reset"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommand(argv, NOW)).toThrow(UsageError);
    expect(() => parseCommand(argv, NOW)).toThrow(message);
  });
});

describe('parseSince', () => {
  it('reads ages in seconds, minutes, hours and days', () => {
    expect(parseSince('30s', NOW)).toBe(NOW - 30_000);
    expect(parseSince('15m', NOW)).toBe(NOW - 900_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
  });

  it('reads ISO 8601 times', () => {
    expect(parseSince('2026-05-31T00:00:00Z', NOW)).toBe(Date.parse('2026-05-31T00:00:00Z'));
  });

  it('rejects anything else and names the value', () => {
    expect(() => parseSince('yesterday', NOW)).toThrow(/Invalid --since "yesterday"/);
    expect(() => parseSince('12', NOW)).toThrow(UsageError);
    expect(() => parseSince('2026-02-30T00:00:00Z', NOW)).toThrow(/Invalid --since "2026-02-30/);
    expect(() => parseSince('99999999999999999999d', NOW)).toThrow(UsageError);
  });
});

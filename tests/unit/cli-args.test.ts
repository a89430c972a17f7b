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

  it('lists the options after an unknown one', () => {
    expect(() => parseCommand(['check', '--jsn'])).toThrow(
      new UsageError('Unknown option --jsn for hub check. Did you mean --json? It takes --json, --strict and --config FILE.'),
    );
  });

  it('names an extra positional argument', () => {
    expect(() => parseCommand(['check', 'extra'])).toThrow(
      new UsageError('hub check takes no positional arguments, but got "extra". It takes --json, --strict and --config FILE.'),
    );
  });

  it('asks for the action of a bare breaker command', () => {
    expect(() => parseCommand(['breaker'])).toThrow(
      new UsageError('hub breaker needs an action: reset, open or close, and a provider, for example `hub breaker reset openai`.'),
    );
  });

  it('does not repeat a key given on the command line', () => {
    expect(() => parseCommand(['secrets', 'set', 'openai', 'sk-123'])).toThrow(/reads the key from standard input/);
    expect(() => parseCommand(['secrets', 'set', 'openai', 'sk-123'])).not.toThrow(/sk-123/);
  });

  it.each([
    [['check', 'now'], /hub check takes no positional arguments, but got "now"/],
    [['usage', 'march', 'april'], /hub usage takes no positional arguments, but got "march" and "april"/],
    [['frob'], /Unknown command "frob": use check, logs, secrets, usage or breaker/],
    [['logs'], /hub logs needs an action: export, for example `hub logs export/],
    [['logs', 'import'], /Unknown action "import" for hub logs: use export/],
    [['logs', 'export', '--out', 'x'], /Missing --format/],
    [['logs', 'export', '--format', 'xml', '--out', 'x'], /Invalid --format "xml": use csv or jsonl/],
    [['logs', 'export', '--format', 'csv'], /Missing --out/],
    [['logs', 'export', '--format', 'csv', '--out', 'x', '--provider', 'twilio'], /Unknown provider "twilio" in --provider/],
    [['logs', 'export', '--fromat', 'csv', '--out', 'x'], /Unknown option --fromat for hub logs export\. Did you mean --format\?/],
    [['secrets'], /hub secrets needs an action: set or delete, and a provider/],
    [['secrets', 'set'], /hub secrets set needs a provider, for example `hub secrets set openai`\. Use one of openai, /],
    [['secrets', 'delete', 'twilio'], /Unknown provider "twilio" for hub secrets delete/],
    [['check', '--verbose'], /^Unknown option --verbose for hub check\. It takes --json, --strict and --config FILE\.$/],
    [['check', '-x'], /Unknown option -x for hub check/],
    [['check', '--format', 'csv'], /hub check does not take --format\. It takes --json/],
    [['check', '--config'], /^Missing value for --config: write --config FILE\.$/],
    [['check', '--config', '--json'], /Missing value for --config: .* write --config=VALUE/],
    [['check', '--json=yes'], /--json takes no value/],
    [['breaker', 'reset'], /hub breaker reset needs a provider, for example `hub breaker reset openai`/],
    [['breaker', 'stop', 'openai'], /Unknown action "stop" for hub breaker: use reset, open or close/],
    [['breaker', 'reset', 'openai', '--force'], /Unknown option --force for hub breaker reset\. It takes no options\./],
    [['breaker', 'reset', 'openai', 'stripe'], /hub breaker reset takes one provider, but got "openai" and "stripe"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommand(argv, NOW)).toThrow(UsageError);
    expect(() => parseCommand(argv, NOW)).toThrow(message);
  });

  it('takes a value that starts with a dash after "="', () => {
    expect(parseCommand(['check', '--config=-hub.json'])).toEqual({ name: 'check', json: false, strict: false, configFile: '-hub.json' });
  });

  it('shows help when --help comes with any command', () => {
    expect(parseCommand(['check', '--jsn', '--help'])).toEqual({ name: 'help' });
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

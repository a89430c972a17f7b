/**
 * Argument parsing for the `hub` command. Parsing is pure so it is tested
 * on its own; every mistake becomes a UsageError that names the value and
 * the fix, and the command exits with status 2.
 */
import { parseArgs } from 'node:util';
import { PROVIDER_IDS, isProviderId, type ExportFormat, type ProviderId } from '../shared/types.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command =
  | { name: 'help' }
  | { name: 'check'; json: boolean; strict: boolean; configFile: string | null }
  | { name: 'logs-export'; format: ExportFormat; out: string; provider: ProviderId | null; since: number | null; configFile: string | null }
  | { name: 'secrets-set'; provider: ProviderId; field: string | null }
  | { name: 'secrets-delete'; provider: ProviderId; field: string | null }
  | { name: 'usage'; json: boolean; month: string | null; configFile: string | null }
  | { name: 'breaker'; action: 'open' | 'close' | 'reset'; provider: ProviderId };

export const USAGE = `Usage: hub <command> [options]

Commands:
  check [--json] [--strict] [--config FILE]
      Probe every enabled provider once. Exit status 0 when no enabled
      provider is down or auth_failed (its key rejected), 1 when one is
      (with --strict, also when one is unconfigured), 2 for bad usage.
  logs export --format csv|jsonl --out FILE [--provider P] [--since T] [--config FILE]
      Write the call log to FILE. T is an ISO 8601 time or an age such as
      30m, 24h or 7d.
  secrets set PROVIDER [--field NAME]
      Save a credential in the OS keychain. The value is read from standard
      input, never from the command line.
  secrets delete PROVIDER [--field NAME]
      Remove a provider's credentials (or one field) from the OS keychain.
  usage [--json] [--month YYYY-MM] [--config FILE]
      Print calls, units and cost per provider for a month (default: the
      current one) in the time zone set on the Usage page.
  breaker reset|open|close PROVIDER
      Reset a provider's circuit breaker, or hold it open or closed. The
      breaker state is kept in the data folder between runs.

Options:
  --config FILE   JSON settings applied over the stored ones for this run:
                  {"providers": {"openai": {"enabled": true, "baseUrl": "..."}}}
  --json          Print results as JSON.
  --month YYYY-MM Month of "hub usage", such as 2026-03.
  -h, --help      Show this help.

Providers: ${PROVIDER_IDS.join(', ')}
Environment: HUB_DATA_DIR sets the data folder; provider keys are also read
from their usual variables (OPENAI_API_KEY, STRIPE_SECRET_KEY, ...), which
take precedence over the keychain.`;

const AGE_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `--since`: an ISO 8601 time, or an age such as `30m` counted back from `now`. */
export function parseSince(value: string, now: number): number {
  const invalid = () =>
    new UsageError(`Invalid --since "${value}": give an ISO 8601 time such as 2026-01-31T12:00:00Z or an age such as 24h.`);
  const age = /^(\d{1,9})([smhd])$/.exec(value.trim());
  if (age) return now - Number(age[1]) * (AGE_UNITS[age[2] as string] as number);

  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  const time = Date.parse(value);
  if (!date || Number.isNaN(time)) throw invalid();

  // Date.parse rolls 2026-02-30 over into March; a real calendar date reads back unchanged.
  const [, year, month, day] = date;
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) throw invalid();
  return time;
}

function parseProvider(value: string | undefined, what: string): ProviderId {
  if (value === undefined) throw new UsageError(`Missing ${what}: name one of ${PROVIDER_IDS.join(', ')}.`);
  if (!isProviderId(value)) {
    throw new UsageError(`Unknown provider "${value}" in ${what}: use one of ${PROVIDER_IDS.join(', ')}.`);
  }
  return value;
}

function parseFormat(value: string | undefined): ExportFormat {
  if (value === 'csv' || value === 'jsonl') return value;
  if (value === undefined) throw new UsageError('Missing --format: use --format csv or --format jsonl.');

  throw new UsageError(`Invalid --format "${value}": use csv or jsonl.`);
}

function parseMonthOption(value: string | undefined): string | null {
  if (value === undefined) return null;

  const match = /^(\d{4})-(\d{2})$/.exec(value);
  const month = match ? Number(match[2]) : 0;
  if (month < 1 || month > 12) throw new UsageError(`Invalid --month "${value}": use YYYY-MM, such as 2026-03.`);

  return value;
}

const OPTIONS = {
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  config: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  provider: { type: 'string' },
  since: { type: 'string' },
  field: { type: 'string' },
  month: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the command line (without the node and script arguments). */
export function parseCommand(argv: readonly string[], now: number = Date.now()): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const reason = (error as Error).message.replace(/\.+$/, '');
    throw new UsageError(`${reason}. Run "hub --help" for the options.`);
  }

  const { values, positionals } = parsed;
  const [first, second, third, ...rest] = positionals;
  if (values.help || first === undefined || first === 'help') return { name: 'help' };

  const configFile = values.config ?? null;
  const words = positionals.join(' ');

  if (first === 'check' && second === undefined) {
    return { name: 'check', json: values.json ?? false, strict: values.strict ?? false, configFile };
  }
  if (first === 'logs' && second === 'export' && third === undefined) {
    if (!values.out) throw new UsageError('Missing --out: name the file to write, such as --out calls.csv.');

    return {
      name: 'logs-export',
      format: parseFormat(values.format),
      out: values.out,
      provider: values.provider === undefined ? null : parseProvider(values.provider, '--provider'),
      since: values.since === undefined ? null : parseSince(values.since, now),
      configFile,
    };
  }
  if (first === 'secrets' && (second === 'set' || second === 'delete') && rest.length === 0) {
    const provider = parseProvider(third, `"hub secrets ${second}"`);
    return { name: second === 'set' ? 'secrets-set' : 'secrets-delete', provider, field: values.field ?? null };
  }

  if (first === 'usage' && second === undefined) {
    return { name: 'usage', json: values.json ?? false, month: parseMonthOption(values.month), configFile };
  }

  if (first === 'breaker' && (second === 'reset' || second === 'open' || second === 'close') && rest.length === 0) {
    return { name: 'breaker', action: second, provider: parseProvider(third, `"hub breaker ${second}"`) };
  }

  throw new UsageError(`Unknown command "${words}". Run "hub --help" for the commands.`);
}

/**
 * Argument parsing for the `hub` command. Parsing is pure so it is tested
 * on its own; every mistake becomes a UsageError that names the value and
 * the fix, and the command exits with status 2.
 */
import { parseArgs } from 'node:util';
import { PROVIDER_IDS, isProviderId, type ExportFormat, type ProviderId } from '../shared/types.ts';
import { listWith } from './text.ts';

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

type OptionName = keyof typeof OPTIONS;

/** Each option as messages write it, with a placeholder for its value. */
const OPTION_SYNOPSIS: Record<OptionName, string> = {
  json: '--json',
  strict: '--strict',
  config: '--config FILE',
  format: '--format csv|jsonl',
  out: '--out FILE',
  provider: '--provider P',
  since: '--since T',
  field: '--field NAME',
  month: '--month YYYY-MM',
  help: '--help',
};

/** The options of each command. Every command also takes --help. */
const COMMAND_OPTIONS = {
  check: ['json', 'strict', 'config'],
  'logs export': ['format', 'out', 'provider', 'since', 'config'],
  'secrets set': ['field'],
  'secrets delete': ['field'],
  usage: ['json', 'month', 'config'],
  'breaker reset': [],
  'breaker open': [],
  'breaker close': [],
} as const satisfies Record<string, readonly OptionName[]>;

type CommandWords = keyof typeof COMMAND_OPTIONS;

/** The commands of two words, grouped by the first, with an example for messages. */
const GROUPS: Record<string, { actions: readonly string[]; takesProvider: boolean; example: string }> = {
  logs: { actions: ['export'], takesProvider: false, example: 'hub logs export --format csv --out calls.csv' },
  secrets: { actions: ['set', 'delete'], takesProvider: true, example: 'hub secrets delete openai' },
  breaker: { actions: ['reset', 'open', 'close'], takesProvider: true, example: 'hub breaker reset openai' },
};

/** An option as `parseArgs` returns it with `tokens: true`. */
interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

type OptionValues = { [Name in OptionName]?: (typeof OPTIONS)[Name]['type'] extends 'boolean' ? boolean : string };

/** Returns the number of single-character edits that turn `a` into `b` (Levenshtein distance). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, column) => column);
  for (let row = 1; row <= a.length; row++) {
    const current = [row];
    for (let column = 1; column <= b.length; column++) {
      const substitution = (previous[column - 1] as number) + (a[row - 1] === b[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] as number) + 1, (current[column - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Returns the option of `allowed` closest to a mistyped name, if one is a likely typo of it. */
function closestOption(name: string, allowed: readonly OptionName[]): OptionName | null {
  const limit = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
  let best: OptionName | null = null;
  let bestDistance = limit + 1;
  for (const option of allowed) {
    const distance = editDistance(name, option);
    if (distance < bestDistance) [best, bestDistance] = [option, distance];
  }
  return best;
}

function describeOptions(allowed: readonly OptionName[]): string {
  return allowed.length === 0 ? 'It takes no options.' : `It takes ${listWith('and', allowed.map((name) => OPTION_SYNOPSIS[name]))}.`;
}

function unknownOption(words: CommandWords, token: OptionToken): UsageError {
  const allowed: readonly OptionName[] = COMMAND_OPTIONS[words];
  if (Object.hasOwn(OPTIONS, token.name)) {
    return new UsageError(`hub ${words} does not take ${token.rawName}. ${describeOptions(allowed)}`);
  }

  const guess = closestOption(token.name, allowed);
  const suggestion = guess === null ? '' : ` Did you mean --${guess}?`;
  return new UsageError(`Unknown option ${token.rawName} for hub ${words}.${suggestion} ${describeOptions(allowed)}`);
}

/** Finds the command in the positional arguments and returns the arguments after it. */
function findCommand(positionals: readonly string[]): { words: CommandWords; operands: string[] } {
  const [first = '', second, ...rest] = positionals;
  if (first === 'check' || first === 'usage') return { words: first, operands: positionals.slice(1) };

  const group = Object.hasOwn(GROUPS, first) ? GROUPS[first] : undefined;
  if (group === undefined) {
    throw new UsageError(`Unknown command "${first}": use check, logs, secrets, usage or breaker. Run "hub --help" for details.`);
  }
  const actions = listWith('or', group.actions);
  if (second === undefined) {
    const needs = group.takesProvider ? `${actions}, and a provider` : actions;
    throw new UsageError(`hub ${first} needs an action: ${needs}, for example \`${group.example}\`.`);
  }
  if (!group.actions.includes(second)) {
    throw new UsageError(`Unknown action "${second}" for hub ${first}: use ${actions}, for example \`${group.example}\`.`);
  }
  return { words: `${first} ${second}` as CommandWords, operands: rest };
}

/** Checks each option against the command's own and returns their values. */
function readOptions(words: CommandWords, tokens: readonly OptionToken[]): OptionValues {
  const allowed: readonly OptionName[] = COMMAND_OPTIONS[words];
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    const name = token.name as OptionName;
    if (!allowed.includes(name)) throw unknownOption(words, token);

    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value: write ${token.rawName} without "=${token.value}".`);
      values[name] = true;
      continue;
    }
    // A value that starts with a dash is most likely the next option, so it must be joined with "=".
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      const dash = token.value === undefined ? '' : ` For a value that starts with a dash, write ${token.rawName}=VALUE.`;
      throw new UsageError(`Missing value for ${token.rawName}: write ${OPTION_SYNOPSIS[name]}.${dash}`);
    }
    values[name] = token.value;
  }
  return values as OptionValues;
}

function quoteAll(values: readonly string[]): string {
  return listWith('and', values.map((value) => `"${value}"`));
}

function expectNoOperands(words: CommandWords, operands: readonly string[]): void {
  if (operands.length === 0) return;

  throw new UsageError(`hub ${words} takes no positional arguments, but got ${quoteAll(operands)}. ${describeOptions(COMMAND_OPTIONS[words])}`);
}

function parseProvider(value: string, where: string): ProviderId {
  if (!isProviderId(value)) throw new UsageError(`Unknown provider "${value}" ${where}: use one of ${PROVIDER_IDS.join(', ')}.`);

  return value;
}

/** Reads the one provider that `secrets` and `breaker` commands take. */
function parseProviderOperand(words: CommandWords, operands: readonly string[]): ProviderId {
  const [value, ...extra] = operands;
  if (value === undefined) {
    throw new UsageError(`hub ${words} needs a provider, for example \`hub ${words} openai\`. Use one of ${PROVIDER_IDS.join(', ')}.`);
  }
  // The extra argument may be the key itself, so it is not repeated back.
  if (words === 'secrets set' && extra.length > 0) {
    throw new UsageError('hub secrets set takes only a provider and reads the key from standard input, for example `printf %s "$KEY" | hub secrets set openai`.');
  }
  const provider = parseProvider(value, `for hub ${words}`);
  if (extra.length > 0) throw new UsageError(`hub ${words} takes one provider, but got ${quoteAll(operands)}.`);

  return provider;
}

/** Parses the command line (without the node and script arguments). */
export function parseCommand(argv: readonly string[], now: number = Date.now()): Command {
  // The loose parse keeps unknown options as tokens, so the messages below can name them and the command.
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const positionals = tokens.flatMap((token) => (token.kind === 'positional' ? [token.value] : []));
  const options = tokens.flatMap((token) => (token.kind === 'option' ? [token] : []));
  if (options.some((token) => token.name === 'help') || positionals.length === 0 || positionals[0] === 'help') return { name: 'help' };

  const { words, operands } = findCommand(positionals);
  const values = readOptions(words, options);
  const configFile = values.config ?? null;

  switch (words) {
    case 'check':
      expectNoOperands(words, operands);
      return { name: 'check', json: values.json ?? false, strict: values.strict ?? false, configFile };
    case 'logs export':
      expectNoOperands(words, operands);
      if (!values.out) throw new UsageError('Missing --out: name the file to write, such as --out calls.csv.');

      return {
        name: 'logs-export',
        format: parseFormat(values.format),
        out: values.out,
        provider: values.provider === undefined ? null : parseProvider(values.provider, 'in --provider'),
        since: values.since === undefined ? null : parseSince(values.since, now),
        configFile,
      };
    case 'secrets set':
    case 'secrets delete':
      return {
        name: words === 'secrets set' ? 'secrets-set' : 'secrets-delete',
        provider: parseProviderOperand(words, operands),
        field: values.field ?? null,
      };
    case 'usage':
      expectNoOperands(words, operands);
      return { name: 'usage', json: values.json ?? false, month: parseMonthOption(values.month), configFile };
    case 'breaker reset':
    case 'breaker open':
    case 'breaker close':
      return { name: 'breaker', action: words.slice('breaker '.length) as 'reset' | 'open' | 'close', provider: parseProviderOperand(words, operands) };
  }
}

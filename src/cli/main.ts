/**
 * The headless `hub` command: the same core as the app, the same data
 * folder, no window. Run it as `npm run hub -- ARGS` in a checkout.
 */
import Conf from 'conf';
import { resolve } from 'node:path';
import type { AttemptOutcome, HealthStatus, ProbeResult, ProviderId } from '../shared/types.ts';
import { composeHub } from '../main/core/compose.ts';
import { createConsoleLogger } from '../main/core/logger.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import type { Hub, Notification } from '../main/core/ports.ts';
import { PROVIDERS, validateBaseUrl } from '../main/core/providers/catalog.ts';
import { ConfSettingsStore, openSettingsBackend, settingsOptions } from '../main/core/settings.ts';
import { parseCommand, UsageError, USAGE, type Command } from './args.ts';
import { OverlaySettingsStore, readConfigFile } from './config-file.ts';
import { readSecret } from './read-secret.ts';
import { formatUsageTable, usageRows } from './usage.ts';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadStream;
}

/** The folder the user ran the command from: npm run moves to the package root and keeps it in INIT_CWD. */
function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

const EXIT_OK = 0;
const EXIT_DOWN = 1;
const EXIT_USAGE = 2;

/** Returns the data folder, with a relative HUB_DATA_DIR read from the folder the command was run in. */
function dataFolder(): string {
  return resolve(invocationDir(), defaultDataDir());
}

function openHub(command: Command & { configFile?: string | null }, io: Io): Promise<Hub> {
  const dataDir = dataFolder();
  const stored = new ConfSettingsStore(openSettingsBackend(() => new Conf(settingsOptions(dataDir)), dataDir));
  const overlay = command.configFile ? readConfigFile(resolve(invocationDir(), command.configFile), validateBaseUrl) : {};

  return composeHub({
    dataDir,
    settings: new OverlaySettingsStore(stored, overlay),
    notifier: { notify: ({ title, body }: Notification) => io.stderr.write(`${title}: ${body}\n`) },
    // Results and warnings reach the user through the command's own output.
    logger: createConsoleLogger({ level: 'error' }),
    demo: false,
    version: process.env.npm_package_version ?? '0.0.0',
    headless: true,
  });
}

async function warnIfKeychainUnavailable(hub: Hub, io: Io): Promise<void> {
  const { keychain } = await hub.info();
  if (!keychain.available) io.stderr.write(`warning: ${keychain.message}\n`);
}

function checkRow(hub: Hub, result: ProbeResult) {
  return {
    provider: result.provider,
    status: result.status,
    httpStatus: result.httpStatus,
    latencyMs: result.latencyMs === null ? null : Math.round(result.latencyMs),
    breaker: hub.breakerState(result.provider),
    error: result.error,
  };
}

function formatTable(rows: ReturnType<typeof checkRow>[]): string {
  const header = ['PROVIDER', 'STATUS', 'HTTP', 'LATENCY', 'BREAKER', 'ERROR'];
  const lines = rows.map((row) => [
    row.provider,
    row.status,
    row.httpStatus === null ? '-' : String(row.httpStatus),
    row.latencyMs === null ? '-' : `${row.latencyMs} ms`,
    row.breaker,
    row.error ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();

  return [format(header), ...lines.map(format)].join('\n') + '\n';
}

async function runCheck(command: Extract<Command, { name: 'check' }>, io: Io): Promise<number> {
  const hub = await openHub(command, io);
  try {
    await warnIfKeychainUnavailable(hub, io);
    const rows = (await hub.probeAll()).map((result) => checkRow(hub, result));
    io.stdout.write(command.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));

    // A rejected key fails the check like an outage, because calls fail until the key is replaced.
    // --strict is for CI jobs, where a missing key is a failure, not a choice.
    const failing = (status: HealthStatus) =>
      status === 'down' || status === 'auth_failed' || (command.strict && status === 'unconfigured');
    const failed = rows.filter((row) => failing(row.status));
    if (failed.length === 0) return EXIT_OK;

    // Printed on stderr, so a CI log names the failing providers even with --json.
    io.stderr.write(`Check failed: ${failed.map((row) => `${row.provider} is ${row.status}`).join(', ')}.\n`);
    return EXIT_DOWN;
  } finally {
    await hub.stop();
  }
}

async function runExport(command: Extract<Command, { name: 'logs-export' }>, io: Io): Promise<number> {
  const hub = await openHub(command, io);
  try {
    const filter: { provider?: ProviderId; since?: number; outcome?: AttemptOutcome } = {};
    if (command.provider) filter.provider = command.provider;
    if (command.since !== null) filter.since = command.since;

    const out = resolve(invocationDir(), command.out);
    const rows = await hub.exportLogs(filter, command.format, out);
    io.stdout.write(`Wrote ${rows} attempts to ${out}\n`);
    return EXIT_OK;
  } finally {
    await hub.stop();
  }
}

function credentialField(provider: ProviderId, field: string | null): string {
  const fields = PROVIDERS[provider].credentials.map((entry) => entry.field);
  if (field === null) {
    if (fields.length === 1) return fields[0] as string;

    throw new UsageError(`${provider} has several credentials: add --field with one of ${fields.join(', ')}.`);
  }
  if (!fields.includes(field)) {
    throw new UsageError(`Unknown --field "${field}" for ${provider}: use one of ${fields.join(', ')}.`);
  }
  return field;
}

async function runSecrets(command: Extract<Command, { name: 'secrets-set' | 'secrets-delete' }>, io: Io): Promise<number> {
  const field = command.name === 'secrets-set' ? credentialField(command.provider, command.field) : command.field;
  if (command.field !== null) credentialField(command.provider, command.field);

  const value = command.name === 'secrets-set' ? await readSecret(io.stdin, io.stderr, `${command.provider} ${field}`) : null;
  const hub = await openHub(command, io);
  try {
    if (value !== null) {
      const hints = await hub.setSecret(command.provider, field as string, value);
      const hint = hints.find((entry) => entry.field === field);
      io.stdout.write(`Saved the ${command.provider} ${field} in the OS keychain (ends in ${hint?.last4 ?? '????'}).\n`);
    } else {
      await hub.deleteSecret(command.provider, field ?? undefined);
      io.stdout.write(`Deleted the ${command.provider} ${field ?? 'credentials'} from the OS keychain.\n`);
    }
    return EXIT_OK;
  } finally {
    await hub.stop();
  }
}

async function runUsage(command: Extract<Command, { name: 'usage' }>, io: Io): Promise<number> {
  const hub = await openHub(command, io);
  try {
    const summary = hub.usage.summary(command.month ?? undefined);
    const rows = usageRows(summary);
    io.stdout.write(command.json ? `${JSON.stringify(rows, null, 2)}\n` : formatUsageTable(summary, rows));
    return EXIT_OK;
  } finally {
    await hub.stop();
  }
}

async function runBreaker(command: Extract<Command, { name: 'breaker' }>, io: Io): Promise<number> {
  const hub = await openHub(command, io);
  try {
    const view = hub.forceBreaker(command.provider, command.action);
    io.stdout.write(`The ${command.provider} breaker is ${view.breaker.state}.\n`);
    return EXIT_OK;
  } finally {
    await hub.stop();
  }
}

/** Runs one `hub` command and returns its exit status. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.name) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return EXIT_OK;
      case 'check':
        return await runCheck(command, io);
      case 'logs-export':
        return await runExport(command, io);
      case 'secrets-set':
      case 'secrets-delete':
        return await runSecrets(command, io);
      case 'usage':
        return await runUsage(command, io);
      case 'breaker':
        return await runBreaker(command, io);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`hub: ${message}\n`);
    const usage = error instanceof UsageError || (error as { code?: unknown } | null)?.code === 'invalid_argument';
    return usage ? EXIT_USAGE : EXIT_DOWN;
  }
}

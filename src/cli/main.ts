/**
 * The headless `hub` command: the same core as the app, the same data
 * folder, no window. Run it as `npm run hub -- ARGS` in a checkout.
 */
import Conf from 'conf';
import { resolve } from 'node:path';
import { providerName } from '../shared/provider-names.ts';
import type { AttemptOutcome, HealthStatus, ProviderId } from '../shared/types.ts';
import { composeHub, credentialEnvNames } from '../main/core/compose.ts';
import { createConsoleLogger } from '../main/core/logger.ts';
import { invocationDir, resolveDataDir } from '../main/core/paths.ts';
import type { Hub, Notification, SecretStore } from '../main/core/ports.ts';
import { PROVIDERS, validateBaseUrl } from '../main/core/providers/catalog.ts';
import { EnvSecretStore } from '../main/core/secrets/env-store.ts';
import { KeytarSecretStore } from '../main/core/secrets/keytar-store.ts';
import { ConfSettingsStore, openSettingsBackend, settingsOptions } from '../main/core/settings.ts';
import { parseCommand, UsageError, type Command } from './args.ts';
import { checkRows, formatCheckTable } from './check.ts';
import { OverlaySettingsStore, readConfigFile } from './config-file.ts';
import { USAGE } from './help.ts';
import { readSecret } from './read-secret.ts';
import { listWith } from './text.ts';
import { formatUsageTable, usageRows } from './usage.ts';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadStream;
}

/** The checkout or package folder, which `npm run` starts the command in. */
const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..');

/** Returns the folder the user ran the command from. */
function invocationFolder(): string {
  return invocationDir(PACKAGE_ROOT);
}

const EXIT_OK = 0;
const EXIT_DOWN = 1;
const EXIT_USAGE = 2;

/** Returns the data folder, with a relative HUB_DATA_DIR read from the folder the command was run in. */
function dataFolder(): string {
  return resolveDataDir(invocationFolder());
}

/** Opens the hub on the data folder. A `secrets` store, when given, replaces the OS keychain under the environment variables. */
function openHub(command: Command & { configFile?: string | null }, io: Io, secrets?: SecretStore): Promise<Hub> {
  const dataDir = dataFolder();
  const stored = new ConfSettingsStore(openSettingsBackend(() => new Conf(settingsOptions(dataDir)), dataDir));
  const overlay = command.configFile ? readConfigFile(resolve(invocationFolder(), command.configFile), validateBaseUrl) : {};

  return composeHub({
    dataDir,
    settings: new OverlaySettingsStore(stored, overlay),
    notifier: { notify: ({ title, body }: Notification) => io.stderr.write(`${title}: ${body}\n`) },
    // Results and warnings reach the user through the command's own output.
    logger: createConsoleLogger({ level: 'error' }),
    demo: false,
    version: process.env.npm_package_version ?? '0.0.0',
    headless: true,
    ...(secrets ? { secrets } : {}),
  });
}

async function runCheck(command: Extract<Command, { name: 'check' }>, io: Io): Promise<number> {
  const hub = await openHub(command, io);
  try {
    const { keychain } = await hub.info();
    if (!keychain.available) io.stderr.write(`warning: ${keychain.message}\n`);

    const rows = checkRows(hub, await hub.probeAll(), keychain);
    io.stdout.write(command.json ? `${JSON.stringify(rows, null, 2)}\n` : formatCheckTable(rows));

    // A rejected key fails the check like an outage, because calls fail until the key is replaced.
    // --strict is for CI jobs, where a missing key or a paused provider is a failure, not a choice.
    const failing = (status: HealthStatus) =>
      status === 'down' || status === 'auth_failed' || (command.strict && (status === 'unconfigured' || status === 'paused'));
    const failed = rows.filter((row) => failing(row.status));
    if (failed.length === 0) return EXIT_OK;

    // Printed on stderr, so a CI log names the failing providers even with --json.
    const names = failed.map((row) => `${providerName(row.provider)} is ${row.status}`);
    io.stderr.write(`Check failed: ${names.join(', ')}.\n`);
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

    const out = resolve(invocationFolder(), command.out);
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

    throw new UsageError(`${providerName(provider)} has several credentials: add --field with one of ${fields.join(', ')}.`);
  }
  if (!fields.includes(field)) {
    throw new UsageError(`Unknown --field "${field}" for ${providerName(provider)}: use one of ${fields.join(', ')}.`);
  }
  return field;
}

/** Returns the labels of credential fields as a sentence lists them, such as "API key (client id) and API secret (client secret)". */
function credentialLabels(provider: ProviderId, fields: readonly string[], conjunction: 'and' | 'or'): string {
  const labels = fields.map((field) => PROVIDERS[provider].credentials.find((entry) => entry.field === field)?.label ?? field);
  return listWith(conjunction, labels);
}

/** Tells the user when environment variables supply these fields, because they take precedence over the keychain. */
function writeEnvironmentNote(provider: ProviderId, fields: readonly string[], io: Io): void {
  const environment = new EnvSecretStore(credentialEnvNames);
  const variables = fields.flatMap((field) => environment.variableFor(provider, field) ?? []);
  if (variables.length === 0) return;

  const verbs = variables.length === 1 ? 'is set in the environment and takes' : 'are set in the environment and take';
  io.stdout.write(`${listWith('and', variables)} ${verbs} precedence over the keychain for ${providerName(provider)}.\n`);
}

async function runSecretSet(command: Extract<Command, { name: 'secrets-set' }>, io: Io): Promise<number> {
  const { provider } = command;
  const field = credentialField(provider, command.field);
  const keyName = `${providerName(provider)} ${credentialLabels(provider, [field], 'and')}`;
  const value = await readSecret(io.stdin, io.stderr, keyName);

  const hub = await openHub(command, io);
  try {
    const hint = (await hub.setSecret(provider, field, value)).find((entry) => entry.field === field);
    // With a variable set, the hint shows the variable's value, not the one just saved.
    const ending = hint?.source === 'keychain' && hint.last4 !== null ? ` (ends in ${hint.last4})` : '';
    io.stdout.write(`Saved the ${keyName} in the OS keychain${ending}.\n`);
    writeEnvironmentNote(provider, [field], io);
    return EXIT_OK;
  } finally {
    await hub.stop();
  }
}

/** Deletes the stored credentials. With none stored it prints so and exits 0, because either way no key is stored afterwards. */
async function runSecretDelete(command: Extract<Command, { name: 'secrets-delete' }>, io: Io): Promise<number> {
  const { provider } = command;
  if (command.field !== null) credentialField(provider, command.field);
  const fields = command.field === null ? PROVIDERS[provider].credentials.map((entry) => entry.field) : [command.field];

  // The hub reads environment variables before the keychain, so the keychain store is queried directly.
  const keychain = new KeytarSecretStore();
  const hub = await openHub(command, io, keychain);
  try {
    const stored: string[] = [];
    for (const field of fields) {
      if ((await keychain.get(provider, field)) !== null) stored.push(field);
    }

    if (stored.length === 0) {
      const keyName = `${providerName(provider)} ${credentialLabels(provider, fields, 'or')}`;
      io.stdout.write(`No ${keyName} is stored in the OS keychain, so there is nothing to delete.\n`);
    } else {
      await hub.deleteSecret(provider, command.field ?? undefined);
      io.stdout.write(`Deleted the ${providerName(provider)} ${credentialLabels(provider, stored, 'and')} from the OS keychain.\n`);
    }
    writeEnvironmentNote(provider, fields, io);
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
    io.stdout.write(`The ${providerName(command.provider)} breaker is ${view.breaker.state}.\n`);
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
        return await runSecretSet(command, io);
      case 'secrets-delete':
        return await runSecretDelete(command, io);
      case 'usage':
        return await runUsage(command, io);
      case 'breaker':
        return await runBreaker(command, io);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Messages about a command already start with its name, such as "hub check takes ...".
    io.stderr.write(message.startsWith('hub ') ? `${message}\n` : `hub: ${message}\n`);
    const usage = error instanceof UsageError || (error as { code?: unknown } | null)?.code === 'invalid_argument';
    return usage ? EXIT_USAGE : EXIT_DOWN;
  }
}

import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../src/shared/types.ts';
import { startSimulators, type SimulatorSet } from '../../src/sim/index.ts';
import { keychainRequired, reportSkippedKeychain } from '../support/keychain.ts';
import { runHub, type CliResult } from '../support/run-cli.ts';

const service = `integration-hub-cli-test-${randomUUID()}`;
const hasKeychain = keychainRequired();
reportSkippedKeychain('CLI keychain tests');

let simulators: SimulatorSet;
let dataDir: string;
let configFile: string;

type Result = CliResult;

/** Runs the hub CLI on the test's data folder and keychain service, with no provider keys unless the test passes them. */
function hub(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Result> {
  const env: Record<string, string> = {
    HUB_DATA_DIR: dataDir,
    HUB_KEYCHAIN_SERVICE: service,
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
    ...options.env,
  };
  return runHub(args, { env, input: options.input });
}

function keyEnv(): Record<string, string> {
  const credentials = simulators.credentials;
  return {
    OPENAI_API_KEY: credentials.openai.apiKey as string,
    AMADEUS_CLIENT_ID: credentials.amadeus.clientId as string,
    AMADEUS_CLIENT_SECRET: credentials.amadeus.clientSecret as string,
    MAPBOX_ACCESS_TOKEN: credentials.mapbox.apiKey as string,
    OPENWEATHER_API_KEY: credentials.openweather.apiKey as string,
    ELEVENLABS_API_KEY: credentials.elevenlabs.apiKey as string,
    SUPABASE_ANON_KEY: credentials.supabase.apiKey as string,
    STRIPE_SECRET_KEY: credentials.stripe.apiKey as string,
  };
}

beforeAll(async () => {
  simulators = await startSimulators();
});

afterAll(async () => {
  await simulators.close();
  if (hasKeychain) {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  }
});

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
  configFile = join(dataDir, 'config.json');
  const providers = Object.fromEntries(PROVIDER_IDS.map((provider) => [provider, { enabled: true, baseUrl: simulators.urls[provider] }]));
  writeFileSync(configFile, JSON.stringify({ providers }));
  for (const provider of PROVIDER_IDS) simulators.get(provider).setFault(null);
  return () => rmSync(dataDir, { recursive: true, force: true });
});

describe('hub check', () => {
  it('prints every provider as JSON and exits 0 when none is down', async () => {
    const result = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });

    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.provider)).toEqual([...PROVIDER_IDS]);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'up', httpStatus: 200, breaker: 'closed', error: null });
      expect(typeof row.latencyMs).toBe('number');
    }
  });

  it('exits 1 when an enabled provider is down', async () => {
    simulators.get('mapbox').setFault({ fault: { kind: 'server_error' } });

    const result = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });

    expect(result.code).toBe(1);
    const mapbox = (JSON.parse(result.stdout) as Array<Record<string, unknown>>).find((row) => row.provider === 'mapbox');
    expect(mapbox).toMatchObject({ status: 'down', httpStatus: 500 });
    expect(mapbox?.error).toBeTruthy();
  });

  it('reports a rejected key as auth_failed and exits 1', async () => {
    const env = { ...keyEnv(), STRIPE_SECRET_KEY: 'sk_test_wrong0000000000000000000000' };

    const json = await hub(['check', '--json', '--config', configFile], { env });
    const table = await hub(['check', '--config', configFile], { env });

    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    const stripe = rows.find((row) => row.provider === 'stripe');
    expect(json.code).toBe(1);
    expect(stripe).toMatchObject({ status: 'auth_failed', httpStatus: 401, breaker: 'closed' });
    expect(stripe?.error).toBeTruthy();
    expect(rows.filter((row) => row.provider !== 'stripe').map((row) => row.status)).toEqual(Array(PROVIDER_IDS.length - 1).fill('up'));
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^stripe +auth_failed +401 /m);
  });

  it('treats providers without keys as unconfigured, not down', async () => {
    const result = await hub(['check', '--json', '--config', configFile], { env: { OPENAI_API_KEY: keyEnv().OPENAI_API_KEY as string } });

    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((row) => row.provider === 'openai')?.status).toBe('up');
    expect(rows.find((row) => row.provider === 'stripe')?.status).toBe('unconfigured');
    expect(result.code).toBe(0);
  });

  it('exits 1 with --strict when a provider has no key', async () => {
    const relaxed = await hub(['check', '--json', '--config', configFile], { env: { OPENAI_API_KEY: keyEnv().OPENAI_API_KEY as string } });
    const strict = await hub(['check', '--json', '--strict', '--config', configFile], { env: { OPENAI_API_KEY: keyEnv().OPENAI_API_KEY as string } });
    const complete = await hub(['check', '--json', '--strict', '--config', configFile], { env: keyEnv() });

    expect(relaxed.code).toBe(0);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/Check failed: Amadeus is unconfigured, Mapbox is unconfigured/);
    expect(JSON.parse(strict.stdout)).toHaveLength(7);
    expect(complete.code).toBe(0);
  });

  it('reads a relative HUB_DATA_DIR from the folder the command ran in', async () => {
    const result = await hub(['check', '--json', '--config', configFile], {
      env: { ...keyEnv(), HUB_DATA_DIR: 'relative-data', INIT_CWD: dataDir },
    });

    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'relative-data', 'hub.sqlite'))).toBe(true);
  });

  it('exits 2 with a clear message for bad usage and bad config', async () => {
    const unknown = await hub(['check', '--json', '--verbose']);
    writeFileSync(configFile, JSON.stringify({ providers: { twilio: { enabled: true } } }));
    const badConfig = await hub(['check', '--config', configFile]);
    writeFileSync(configFile, JSON.stringify({ providers: { openai: { baseUrl: 'ftp://example' } } }));
    const badUrl = await hub(['check', '--config', configFile]);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--verbose/);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/twilio/);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/ftp:\/\/example/);
  });
});

describe('hub without a keychain', () => {
  it('still reads keys from variables for every provider', async () => {
    const env = { STRIPE_SECRET_KEY: keyEnv().STRIPE_SECRET_KEY as string, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };

    const result = await hub(['check', '--json', '--config', configFile], { env });
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;

    expect(rows.find((entry) => entry.provider === 'stripe')).toMatchObject({ status: 'up', error: null });
    expect(rows.find((entry) => entry.provider === 'openai')?.status).toBe('unconfigured');
  });

  it('blames the keychain for missing keys', async () => {
    const env = { OPENAI_API_KEY: keyEnv().OPENAI_API_KEY as string, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };

    const result = await hub(['check', '--json', '--config', configFile], { env });
    const strict = await hub(['check', '--strict', '--config', configFile], { env });

    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const row = (provider: string) => rows.find((entry) => entry.provider === provider);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: The OS keychain is unavailable/);
    expect(row('openai')).toMatchObject({ status: 'up', error: null });
    expect(row('stripe')).toMatchObject({
      status: 'unconfigured',
      error:
        'The stored Stripe secret key could not be read because the OS keychain is unavailable: unlock or start the keychain ' +
        '(on Linux, a Secret Service such as gnome-keyring), or set STRIPE_SECRET_KEY or STRIPE_API_KEY.',
    });
    expect(row('amadeus')?.error).toMatch(
      /^The stored Amadeus API key \(client id\) and API secret \(client secret\) could not be read .* or set AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET\.$/,
    );
    for (const entry of rows.filter((candidate) => candidate.status === 'unconfigured')) {
      expect(entry.error).not.toMatch(/needs its/);
    }
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^mapbox +unconfigured +- +- +closed +The stored Mapbox access token could not be read because the OS keychain is unavailable/m);
    expect(strict.stderr).toMatch(/Check failed: Amadeus is unconfigured, Mapbox is unconfigured/);
  });
});

describe('hub usage errors', () => {
  it('lists the options after an unknown one', async () => {
    const result = await hub(['check', '--jsn']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hub: Unknown option --jsn for hub check. Did you mean --json? It takes --json, --strict and --config FILE.\n');
  });

  it('names an extra positional argument', async () => {
    const result = await hub(['check', 'extra']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hub check takes no positional arguments, but got "extra". It takes --json, --strict and --config FILE.\n');
  });

  it('asks a bare breaker command for its action and provider', async () => {
    const result = await hub(['breaker']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hub breaker needs an action: reset, open or close, and a provider, for example `hub breaker reset openai`.\n');
  });

  it('names a missing config file and the fix', async () => {
    const missing = join(dataDir, 'missing.json');

    const result = await hub(['check', '--config', missing]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`hub: The --config file "${missing}" does not exist: create it or pass another path.\n`);
  });
});

describe('hub logs export', () => {
  it('writes the attempts of earlier checks as CSV and JSON Lines', async () => {
    await hub(['check', '--config', configFile], { env: keyEnv() });
    const csv = join(dataDir, 'out.csv');
    const jsonl = join(dataDir, 'out.jsonl');

    const csvResult = await hub(['logs', 'export', '--format', 'csv', '--out', csv]);
    const jsonlResult = await hub(['logs', 'export', '--format', 'jsonl', '--out', jsonl, '--provider', 'stripe', '--since', '1h']);

    expect(csvResult.code, csvResult.stderr).toBe(0);
    expect(csvResult.stdout).toMatch(/Wrote 8 attempts/);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^id,time,callId,provider,/);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(jsonlResult.code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ provider: 'stripe', outcome: 'success', httpStatus: 200 });
    for (const value of Object.values(keyEnv())) {
      expect(readFileSync(csv, 'utf8')).not.toContain(value);
    }
  });
});

describe.skipIf(!hasKeychain)('hub secrets', () => {
  it('saves a key from standard input into the keychain and deletes it', async () => {
    const key = simulators.credentials.openai.apiKey as string;

    const saved = await hub(['secrets', 'set', 'openai'], { input: `${key}\n` });
    const check = await hub(['check', '--json', '--config', configFile]);
    const deleted = await hub(['secrets', 'delete', 'openai']);

    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe(`Saved the OpenAI API key in the OS keychain (ends in ${key.slice(-4)}).\n`);
    expect((JSON.parse(check.stdout) as Array<Record<string, unknown>>)[0]).toMatchObject({ provider: 'openai', status: 'up' });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('Deleted the OpenAI API key from the OS keychain.\n');
    expect(await keytar.getPassword(service, 'openai:apiKey')).toBeNull();
    for (const file of readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())) {
      expect(readFileSync(join(file.parentPath, file.name)).toString('latin1')).not.toContain(key);
    }
  });

  it('says when no key is stored to delete', async () => {
    const stripe = await hub(['secrets', 'delete', 'stripe']);
    const amadeus = await hub(['secrets', 'delete', 'amadeus', '--field', 'clientSecret']);

    expect(stripe.code).toBe(0);
    expect(stripe.stdout).toBe('No Stripe secret key is stored in the OS keychain, so there is nothing to delete.\n');
    expect(amadeus.code).toBe(0);
    expect(amadeus.stdout).toBe('No Amadeus API secret (client secret) is stored in the OS keychain, so there is nothing to delete.\n');
  });

  it('lets an environment variable take precedence over the keychain', async () => {
    const env = { OPENAI_API_KEY: keyEnv().OPENAI_API_KEY as string };
    const note = 'OPENAI_API_KEY is set in the environment and takes precedence over the keychain for OpenAI.\n';

    const saved = await hub(['secrets', 'set', 'openai'], { input: 'sk-wrong-key-in-keychain-0000', env });
    const result = await hub(['check', '--json', '--config', configFile], { env });
    const deleted = await hub(['secrets', 'delete', 'openai'], { env });

    expect(saved.stdout).toBe(`Saved the OpenAI API key in the OS keychain.\n${note}`);
    expect((JSON.parse(result.stdout) as Array<Record<string, unknown>>)[0]).toMatchObject({ provider: 'openai', status: 'up' });
    expect(deleted.stdout).toBe(`Deleted the OpenAI API key from the OS keychain.\n${note}`);
    expect(await keytar.getPassword(service, 'openai:apiKey')).toBeNull();
  });

  it('rejects an empty value and asks for a field when there are several', async () => {
    const empty = await hub(['secrets', 'set', 'openai'], { input: '' });
    const amadeus = await hub(['secrets', 'set', 'amadeus'], { input: 'x' });

    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No value/);
    expect(amadeus.code).toBe(2);
    expect(amadeus.stderr).toMatch(/--field with one of clientId, clientSecret/);
  });
});

describe('hub settings file', () => {
  it('names a broken settings file and leaves it as it is', async () => {
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(settingsFile, '{"providers": {"openai": ');

    const result = await hub(['check', '--json']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(settingsFile);
    expect(result.stderr).toMatch(/move the file away/);
    expect(readFileSync(settingsFile, 'utf8')).toBe('{"providers": {"openai": ');
  });
});

describe('hub breaker', () => {
  it('resets a breaker that a long Retry-After left open', async () => {
    simulators.get('openai').setFault({ fault: { kind: 'rate_limit', retryAfterSec: 3600 }, times: 1 });
    const first = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });
    const second = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });

    const reset = await hub(['breaker', 'reset', 'openai']);
    const third = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });

    const openai = (result: Result) => (JSON.parse(result.stdout) as Array<Record<string, unknown>>)[0];
    expect(openai(first)).toMatchObject({ status: 'degraded', breaker: 'open' });
    expect(openai(first)?.error).toMatch(
      /OpenAI asked to wait 3600 s, longer than the 60 s this provider's policy allows; try again after \d{4}-\d{2}-\d{2}T[\d:.]+Z, or raise the longest Retry-After wait/,
    );
    expect(openai(second)).toMatchObject({ status: 'degraded', breaker: 'open' });
    // Times inside messages stay ISO 8601 in UTC, the form --since accepts.
    expect(openai(second)?.error).toMatch(/ until \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect(second.code).toBe(0);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toBe('The OpenAI breaker is closed.\n');
    expect(openai(third)).toMatchObject({ status: 'up', breaker: 'closed' });
  });

  it('reports a held-open breaker as paused', async () => {
    simulators.get('openai').clearRequests();
    const open = await hub(['breaker', 'open', 'openai']);
    const json = await hub(['check', '--json', '--config', configFile], { env: keyEnv() });
    const table = await hub(['check', '--config', configFile], { env: keyEnv() });
    const strict = await hub(['check', '--json', '--strict', '--config', configFile], { env: keyEnv() });

    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    const openai = rows.find((row) => row.provider === 'openai');
    expect(open.code, open.stderr).toBe(0);
    expect(openai).toMatchObject({ status: 'paused', httpStatus: null, breaker: 'open' });
    expect(openai?.error).toMatch(/hub breaker close openai/);
    expect(rows.filter((row) => row.provider !== 'openai').map((row) => row.status)).toEqual(Array(PROVIDER_IDS.length - 1).fill('up'));
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^openai +paused +- +- +open /m);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('Check failed: OpenAI is paused.\n');
    expect(simulators.get('openai').requests).toHaveLength(0);
  });
});

describe('hub paths', () => {
  it('resolves --out from the folder npm was run in', async () => {
    const result = await hub(['logs', 'export', '--format', 'csv', '--out', 'rel.csv'], { env: { INIT_CWD: dataDir } });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(join(dataDir, 'rel.csv'));
    expect(readFileSync(join(dataDir, 'rel.csv'), 'utf8')).toMatch(/^id,time,/);
  });

  it('refuses to export over the database', async () => {
    const result = await hub(['logs', 'export', '--format', 'jsonl', '--out', join(dataDir, 'hub.sqlite')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/own data files/);
  });
});

/**
 * `npm run test:e2e`: runs the end-to-end suites (vitest.e2e.config.ts)
 * against the built app in out/.
 *
 * The suites store keys in the OS keychain for real. So that they never
 * touch the user's own keychain, this script first re-runs itself inside a
 * private D-Bus session (dbus-run-session) with a fresh gnome-keyring whose
 * files live in a temp folder, and deletes that folder afterwards. Provider
 * key variables (OPENAI_API_KEY and the like) are removed from the tests'
 * environment. Where the Electron binary is installed and there is no
 * display, the suites run under xvfb-run. Extra arguments go to vitest.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary, PROJECT_ROOT } from '../../scripts/electron-binary.ts';
import { ISOLATED_KEYRING } from './keyring.ts';

const VITEST = join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const PROVIDER_VARIABLE = /^(OPENAI|AMADEUS|MAPBOX|OPENWEATHER|ELEVENLABS|SUPABASE|STRIPE)_/;

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[], options: SpawnOptions): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('error', (error) => {
      console.error(`Starting ${command} failed: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Builds the tests' environment: no provider keys, no demo mode, no data folder override. */
function testEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of Object.keys(env)) {
    if (PROVIDER_VARIABLE.test(name)) delete env[name];
  }
  delete env.HUB_DEMO;
  delete env.HUB_DATA_DIR;
  // A keyring daemon of an outer session would otherwise be reused.
  delete env.GNOME_KEYRING_CONTROL;
  delete env.GNOME_KEYRING_PID;

  return env;
}

/** Runs vitest in this process's session; under xvfb-run when the Electron suite needs a display. */
function runSuites(): Promise<number> {
  const vitestArgs = [VITEST, 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)];
  const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && findElectronBinary() !== null;

  if (needsDisplay && hasCommand('xvfb-run')) {
    return run('xvfb-run', ['-a', process.execPath, ...vitestArgs], { cwd: PROJECT_ROOT });
  }

  return run(process.execPath, vitestArgs, { cwd: PROJECT_ROOT });
}

/** Re-runs this script inside a private D-Bus session with an unlocked, throwaway gnome-keyring. */
async function runInPrivateKeyring(): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'integration-hub-keyring-'));
  const runtimeDir = join(home, 'runtime');
  mkdirSync(runtimeDir, { mode: 0o700 });

  const script =
    'printf "%s" "$HUB_E2E_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ' +
    '&& unset HUB_E2E_KEYRING_PASSWORD && exec "$@"';
  const env = testEnvironment({
    HUB_E2E_KEYRING: ISOLATED_KEYRING,
    HUB_E2E_KEYRING_PASSWORD: randomBytes(16).toString('hex'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_RUNTIME_DIR: runtimeDir,
  });

  try {
    const args = ['--', 'sh', '-c', script, 'sh', process.execPath, import.meta.filename, ...process.argv.slice(2)];
    return await run('dbus-run-session', args, { cwd: PROJECT_ROOT, env });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (!existsSync(join(PROJECT_ROOT, 'out', 'renderer', 'index.html'))) {
    console.error('The app is not built (out/renderer/index.html is missing); run `npm run build` first.');
    return 1;
  }

  if (process.env.HUB_E2E_KEYRING === ISOLATED_KEYRING) return runSuites();

  if (process.platform !== 'linux' || !hasCommand('dbus-run-session') || !hasCommand('gnome-keyring-daemon')) {
    console.error(
      'The end-to-end tests need dbus-run-session and gnome-keyring-daemon (Linux) for a throwaway keyring; ' +
        'install them with `apt-get install dbus gnome-keyring`.',
    );
    return 1;
  }

  return runInPrivateKeyring();
}

process.exitCode = await main();

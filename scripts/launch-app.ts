/**
 * `npm start` and `npm run demo`: builds the app and starts it, with
 * `--demo` in demo mode, where the bundled provider simulators stand in for
 * the real APIs and demo keys are held in memory. Exits with Electron's exit
 * code, or with a clear message when the Electron binary is missing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ELECTRON_MISSING_MESSAGE, findElectronBinary, PROJECT_ROOT } from './electron-binary.ts';

function electronViteBin(): string {
  const name = process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite';
  return join(PROJECT_ROOT, 'node_modules', '.bin', name);
}

const demo = process.argv.includes('--demo');

function main(): void {
  if (!findElectronBinary()) {
    console.error(ELECTRON_MISSING_MESSAGE);
    console.error('Without it, `npm run build` and `npm run test:e2e` still run the dashboard in Chromium.');
    process.exit(1);
  }

  const child = spawn(electronViteBin(), ['preview'], {
    cwd: PROJECT_ROOT,
    env: demo ? { ...process.env, HUB_DEMO: '1' } : process.env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    console.error(`Starting electron-vite failed: ${error.message}. Run \`npm install\` first.`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();

/**
 * No timer of the engine keeps the process alive after the hub stops: a
 * child process with probes scheduled and calls in flight exits on its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulators, type SimulatorSet } from '../../src/sim/index.ts';

const CHILD = fileURLToPath(new URL('../support/exit-child.ts', import.meta.url));

let simulators: SimulatorSet | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  await simulators?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  simulators = null;
  dataDir = null;
});

describe('stopping the hub', () => {
  it('lets the process exit with probes scheduled and calls in flight', async () => {
    simulators = await startSimulators();
    dataDir = mkdtempSync(join(tmpdir(), 'hub-exit-'));
    simulators.get('openai').setFault({ fault: { kind: 'hang' } });
    simulators.get('stripe').setFault({ fault: { kind: 'server_error' } });
    const args = [CHILD, dataDir, JSON.stringify(simulators.urls), JSON.stringify(simulators.credentials)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stoppedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (stoppedAt === 0 && output.includes('stopped')) stoppedAt = Date.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (exitCode) => {
        clearTimeout(kill);
        resolve(exitCode);
      });
    });

    expect(output).toContain('stopped ["cancelled","cancelled","success","cancelled"]');
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
  }, 20_000);
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const RUNNER = join(import.meta.dirname, '../../bench/run.ts');

/** Runs the benchmark runner with `args` and returns its exit code and output. No benchmark runs, because every name given is invalid. */
async function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [RUNNER, ...args], { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bench runner', () => {
  it('names an unknown benchmark and lists the real ones', async () => {
    const result = await runBench(['nope']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Unknown benchmark "nope": use one of call-overhead, log-export, log-ingest, log-query, usage.\n');
    expect(result.stdout).toBe('');
  });

  it('rejects a helper module as a benchmark', async () => {
    const result = await runBench(['support']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Unknown benchmark "support"/);
  });

  it('asks for a name when none is given', async () => {
    const result = await runBench([]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Missing benchmark name: run "npm run bench -- NAME" with NAME one of call-overhead, /);
  });
});

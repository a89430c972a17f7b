/** Runs the `hub` command in a child process with a clean environment. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const HUB_BIN = join(import.meta.dirname, '../../bin/hub.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `hub ARGS` with only PATH and HOME from this process plus `env`, so
 * no provider key of the machine leaks in, and `input` on standard input.
 */
export function runHub(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HUB_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

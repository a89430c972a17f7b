#!/usr/bin/env node
// Entry point of the `hub` command in a checkout: Node 22.19 or newer runs
// the TypeScript sources directly.
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2), process);

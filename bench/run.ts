/**
 * Runs one benchmark by name: `node bench/run.ts NAME` imports
 * `bench/NAME.ts` and awaits its default export.
 */
import { readdirSync, readFileSync } from 'node:fs';

const folder = import.meta.dirname;

/** Returns the benchmark names: the files in bench/ with a default export, which helpers such as support.ts lack. */
function benchmarkNames(): string[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && /^export default /m.test(readFileSync(`${folder}/${file}`, 'utf8')))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

const name = process.argv[2];
const names = benchmarkNames();
if (name === undefined || !names.includes(name)) {
  const message =
    name === undefined
      ? `Missing benchmark name: run "npm run bench -- NAME" with NAME one of ${names.join(', ')}.`
      : `Unknown benchmark "${name}": use one of ${names.join(', ')}.`;
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const module = (await import(new URL(`./${name}.ts`, import.meta.url).href)) as { default: () => Promise<void> | void };
await module.default();

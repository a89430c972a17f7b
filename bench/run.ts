/**
 * Runs one benchmark by name: `node bench/run.ts NAME` imports
 * `bench/NAME.ts` and awaits its default export.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('Usage: npm run bench -- NAME (a file bench/NAME.ts)\n');
  process.exit(2);
}

const module = (await import(new URL(`./${name}.ts`, import.meta.url).href)) as { default: () => Promise<void> };
await module.default();

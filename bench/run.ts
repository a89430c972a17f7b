/** Runs one benchmark: `node bench/run.ts NAME` imports `bench/NAME.ts` and runs its default export. */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('Usage: npm run bench -- NAME, where NAME is a file in bench/ without .ts.');
  process.exit(2);
}

const module = (await import(`./${name}.ts`)) as { default: () => Promise<void> | void };
await module.default();

/**
 * Standalone simulator runner: `node src/sim/serve.ts [--port-base N]`.
 *
 * Starts all seven simulators (on ports N to N+6 with `--port-base`, else
 * free ports) and the control server (port N+7, else a free port), prints one
 * JSON line `{"control","providers":{id:{url,credentials}}}` to stdout, and
 * stops on SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { PROVIDER_IDS } from '../shared/types.ts';
import { startControlServer } from './control.ts';
import { startSimulators } from './index.ts';

function portBase(): number | undefined {
  const { values } = parseArgs({ options: { 'port-base': { type: 'string' } } });
  const raw = values['port-base'];
  if (raw === undefined) return undefined;

  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1 || base + PROVIDER_IDS.length > 65_535) {
    const max = 65_535 - PROVIDER_IDS.length;
    throw new Error(`--port-base ${raw} is invalid; use an integer from 1 to ${max}.`);
  }

  return base;
}

async function main(): Promise<void> {
  const base = portBase();
  const simulators = await startSimulators({ portBase: base });
  const controlPort = base === undefined ? 0 : base + PROVIDER_IDS.length;
  const control = await startControlServer(simulators, controlPort);

  const providers = Object.fromEntries(
    PROVIDER_IDS.map((id) => [
      id,
      { url: simulators.urls[id], credentials: simulators.credentials[id] },
    ]),
  );
  process.stdout.write(`${JSON.stringify({ control: control.url, providers })}\n`);

  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`Simulators stopping on ${signal}.\n`);
    void Promise.all([control.close(), simulators.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Simulators failed to start: ${message}\n`);
  process.exit(1);
});

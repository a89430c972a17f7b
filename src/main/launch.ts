/**
 * Launch options of the app: demo or real mode, and the data folder. Pure,
 * so the rules can be checked without Electron.
 */
import { demoDataDir, invocationDir, resolveDataDir } from './core/paths.ts';

export interface LaunchOptions {
  /** Demo mode runs against the bundled provider simulators with keys held in memory. */
  demo: boolean;
  /** Folder of the SQLite call log and the settings file. */
  dataDir: string;
}

/**
 * Resolves the launch options. Demo mode is on with a `--demo` argument or
 * `HUB_DEMO=1`. The data folder is `HUB_DATA_DIR` when set, else the
 * platform's userData folder for "Integration Hub", the same one the CLI
 * uses, and a relative HUB_DATA_DIR is read from the same folder the CLI
 * reads it from. Demo mode uses its `demo` subfolder, so demo data never
 * mixes with real data.
 */
export function resolveLaunchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  packageRoot: string = process.cwd(),
  cwd: string = process.cwd(),
): LaunchOptions {
  const demo = argv.includes('--demo') || env.HUB_DEMO === '1';
  const dataDir = resolveDataDir(invocationDir(packageRoot, env, cwd), env);

  return { demo, dataDir: demo ? demoDataDir(dataDir) : dataDir };
}

/**
 * Launch options of the app: demo or real mode, and the data folder. Pure,
 * so the rules can be checked without Electron.
 */
import { defaultDataDir, demoDataDir } from './core/paths.ts';

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
 * uses. Demo mode uses its `demo` subfolder, so demo data never mixes with
 * real data.
 */
export function resolveLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): LaunchOptions {
  const demo = argv.includes('--demo') || env.HUB_DEMO === '1';
  const dataDir = defaultDataDir(env);

  return { demo, dataDir: demo ? demoDataDir(dataDir) : dataDir };
}

/**
 * The Chromium harness: the built renderer (out/renderer) in /usr/bin/chromium,
 * with `window.hub` bound to a real hub through a Playwright binding. The
 * page gets the same `createHubApi` as the preload, and its requests go to
 * the same request handler as in the IPC adapter, so only the transport
 * differs from the app.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { createRequestHandler } from '../../src/main/core/bridge.ts';
import type { Hub, Notification } from '../../src/main/core/ports.ts';
import { EVENT_NAMES, type EventName } from '../../src/shared/contract.ts';
import type { ComposeOptions } from '../../src/main/core/compose.ts';
import type { ExportFormat } from '../../src/shared/types.ts';
import {
  composeTestHub,
  createRecordingNotifier,
  createTestEnvironment,
  deleteAllSecrets,
  type TestEnvironment,
} from './environment.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

/** The browser used by the suites; HUB_CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.HUB_CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Harness {
  readonly page: Page;
  readonly hub: Hub;
  readonly environment: TestEnvironment;
  /** Notifications the hub sent, oldest first. */
  readonly notifications: readonly Notification[];
  /** Folder that exports are written to. */
  readonly exportDir: string;
  /** Deletes the test's keys from the keychain and stops everything the harness started. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Runs on the fresh data folder before the hub opens it, such as to write a large call log. */
  seed?(dataDir: string): void | Promise<void>;
  /** Compose options for the hub, such as `{ store: { busyTimeoutMs: 5 } }`. */
  hub?: Partial<ComposeOptions>;
}

/** Bundles tests/e2e/bridge-shim.ts and everything it imports into one script. */
async function bundleBridgeShim(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(import.meta.dirname, 'bridge-shim.ts'), formats: ['iife'], name: 'hubBridgeShim' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((output) => ('output' in output ? output.output : [])).find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('Bundling tests/e2e/bridge-shim.ts produced no script.');

  return chunk.code;
}

function createExportPathChooser(exportDir: string) {
  let count = 0;

  return async (format: ExportFormat): Promise<string> => {
    count += 1;
    await mkdir(exportDir, { recursive: true });
    return join(exportDir, `calls-${count}.${format}`);
  };
}

/** Forwards every hub event into the page, as the IPC adapter does for app windows. */
function forwardEvents(hub: Hub, page: Page): Array<() => void> {
  const deliver = (event: EventName, payload: unknown): void => {
    page
      .evaluate(([name, data]) => {
        const target = window as unknown as { __hubDispatch?: (event: string, payload: unknown) => void };
        target.__hubDispatch?.(name as string, data);
      }, [event, payload] as const)
      // The page may be navigating or closing; the next event or request brings it up to date.
      .catch(() => {});
  };

  return EVENT_NAMES.map((event) => hub.on(event, (payload: unknown) => deliver(event, payload)));
}

async function openPage(browser: Browser, hub: Hub, exportDir: string, serverUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const handleRequest = createRequestHandler(hub, { chooseExportPath: createExportPathChooser(exportDir) });

  await page.exposeBinding('__hubInvoke', (_source, name: unknown, payload: unknown) => handleRequest(name, payload));
  await page.addInitScript({ content: await bundleBridgeShim() });
  page.on('pageerror', (error) => console.error('Page error:', error));
  await page.goto(`${serverUrl}/index.html`);
  return page;
}

/**
 * Starts the simulators, a real hub on a fresh data folder (seeded by
 * `options.seed` first), the static server and Chromium, and opens the
 * dashboard. Throws with the fix when
 * the renderer is not built or Chromium is missing.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR} has no index.html); run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium was not found at ${CHROMIUM_PATH}; install it or set HUB_CHROMIUM_PATH.`);
  }

  const environment = await createTestEnvironment();
  const recorder = createRecordingNotifier();
  const cleanups: Array<() => Promise<void> | void> = [() => environment.close()];
  // Every cleanup runs even when an earlier one fails; the first failure is raised at the end.
  const runCleanups = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  };

  try {
    await options.seed?.(environment.dataDir);
    const hub = await composeTestHub(environment.dataDir, recorder, options.hub);
    cleanups.push(() => hub.stop(), () => deleteAllSecrets(hub));
    hub.start();

    const server: StaticServer = await startStaticServer(RENDERER_DIR);
    cleanups.push(() => server.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());

    const exportDir = join(environment.dataDir, 'exports');
    const page = await openPage(browser, hub, exportDir, server.url);
    const unsubscribes = forwardEvents(hub, page);
    cleanups.push(() => unsubscribes.forEach((unsubscribe) => unsubscribe()));

    return { page, hub, environment, notifications: recorder.notifications, exportDir, close: runCleanups };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

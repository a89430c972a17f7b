/**
 * Turns bridge requests into calls on the hub. Both the Electron IPC adapter
 * and the end-to-end test binding use this, so only the transport differs.
 */
import {
  REQUEST_NAMES,
  requestSchemas,
  type Reply,
  type RequestName,
  type RequestPayload,
  type RequestResults,
} from '../../shared/contract.ts';
import type { ExportFormat } from '../../shared/types.ts';
import { toErrorData } from './errors.ts';
import type { Hub, Logger } from './ports.ts';

export interface BridgeOptions {
  /** Asks the user where to save an export; null when they cancel. */
  chooseExportPath(format: ExportFormat): Promise<string | null>;
  logger?: Logger;
}

type Handlers = { [N in RequestName]: (payload: RequestPayload<N>) => Promise<RequestResults[N]> | RequestResults[N] };

function createHandlers(hub: Hub, options: BridgeOptions): Handlers {
  return {
    'app.info': () => hub.info(),
    'providers.list': () => hub.listProviders(),
    'providers.update': ({ provider, patch }) => hub.updateProvider(provider, patch),
    'providers.test': ({ provider }) => hub.testConnection(provider),
    'providers.probeAll': () => hub.probeAll(),
    'secrets.set': ({ provider, field, value }) => hub.setSecret(provider, field, value),
    'secrets.delete': ({ provider, field }) => hub.deleteSecret(provider, field),
    'breaker.force': ({ provider, action }) => hub.forceBreaker(provider, action),
    'logs.query': (query) => hub.queryLogs(query),
    'logs.export': async ({ format, filter, exportId }) => {
      const path = await options.chooseExportPath(format);
      if (path === null) return { path: null, rows: 0 };

      const rows = await hub.exportLogs(filter, format, path, { exportId });
      return { path, rows };
    },
    'usage.summary': (payload) => hub.usage.summary(payload?.month),
    'usage.series': ({ period, since, until }) => hub.usage.series(period, since, until),
    'usage.settings': () => hub.usage.settings(),
    'usage.updateSettings': (change) => hub.usage.updateSettings(change),
    'usage.setPrice': (row) => hub.usage.setPrice(row),
    'usage.export': async ({ month }) => {
      const path = await options.chooseExportPath('csv');
      if (path === null) return { path: null, rows: 0 };

      const rows = await hub.usage.exportCsv(path, month);
      return { path, rows };
    },
    'providers.updatePolicy': ({ provider, patch }) => hub.updatePolicy(provider, patch),
    'providers.resetPolicy': ({ provider }) => hub.resetPolicy(provider),
    'events.query': (query) => hub.queryEvents(query),
    'logs.call': ({ callId }) => hub.callDetail(callId),
    'logs.exportCancel': ({ exportId }) => hub.cancelExport(exportId),
    'logs.retention': () => hub.retention(),
    'logs.setRetention': (retention) => hub.setRetention(retention),
    'logs.health': () => hub.storeHealth(),
  };
}

/** Maximum length of a rejected value that an error repeats. */
const MAX_VALUE_IN_MESSAGE = 60;

/** Renders a rejected value for a message; secrets are never repeated. */
function describeValue(name: string, issue: { input?: unknown }): string {
  if (name.startsWith('secrets.') || !('input' in issue)) return '';

  let text: string;
  try {
    text = JSON.stringify(issue.input) ?? String(issue.input);
  } catch {
    return '';
  }
  const short = text.length > MAX_VALUE_IN_MESSAGE ? `${text.slice(0, MAX_VALUE_IN_MESSAGE)}…` : text;
  return ` (got ${short})`;
}

function describeIssues(name: string, issues: readonly { path: PropertyKey[]; message: string; input?: unknown }[]): string {
  const details = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}${describeValue(name, issue)}`)
    .join('; ');
  return `Invalid payload for "${name}": ${details}.`;
}

/** Maximum length of an unknown request name that an error repeats. */
const MAX_NAME_IN_MESSAGE = 64;

export type RequestHandler = (name: unknown, payload: unknown) => Promise<Reply<unknown>>;

/**
 * Creates the function that handles one bridge request: it checks the name,
 * validates the payload against the contract, calls the hub, and returns a
 * result or an error as data. It never throws.
 */
export function createRequestHandler(hub: Hub, options: BridgeOptions): RequestHandler {
  const handlers = createHandlers(hub, options);

  return async (name, payload) => {
    try {
      return await handle(name, payload);
    } catch (error) {
      // Only a hostile payload (a throwing getter, say) gets here; the reply stays data.
      options.logger?.log('error', 'bridge', 'Request failed before validation', {}, error);
      return { ok: false, error: { code: 'invalid_argument', message: 'The request could not be read.' } };
    }
  };

  async function handle(name: unknown, payload: unknown): Promise<Reply<unknown>> {
    if (typeof name !== 'string' || !REQUEST_NAMES.includes(name as RequestName)) {
      const shown = typeof name === 'string' ? name.slice(0, MAX_NAME_IN_MESSAGE) : typeof name;
      return {
        ok: false,
        error: { code: 'invalid_argument', message: `Unknown request "${shown}".` },
      };
    }

    const requestName = name as RequestName;
    const parsed = requestSchemas[requestName].safeParse(payload, { reportInput: true });
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_argument', message: describeIssues(requestName, parsed.error.issues) },
      };
    }

    try {
      const handler = handlers[requestName] as (payload: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const data = toErrorData(error);
      if (data.code === 'internal') {
        options.logger?.log('error', 'bridge', `Request ${requestName} failed`, {}, error);
      }
      return { ok: false, error: data };
    }
  }
}

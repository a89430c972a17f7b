/** Rows and the table of `hub check`. */
import type { BreakerState, KeychainStatus, ProbeResult, ProviderId, ProviderView } from '../shared/types.ts';
import type { Hub } from '../main/core/ports.ts';
import { credentialEnvNames } from '../main/core/compose.ts';
import { baseUrlHint, effectiveBaseUrl, PROVIDERS } from '../main/core/providers/catalog.ts';
import { listWith } from './text.ts';

/** One provider in `hub check --json`. */
export interface CheckRow {
  provider: ProviderId;
  status: ProbeResult['status'];
  httpStatus: number | null;
  latencyMs: number | null;
  breaker: BreakerState;
  error: string | null;
}

/**
 * Returns why an unconfigured provider has no key when the keychain could not
 * be read, or null when its keys are all set. The stored key may exist, so
 * the reason points at the keychain rather than at a missing key.
 */
export function unreadableKeyReason(view: ProviderView): string | null {
  const missing = view.credentials.filter((credential) => !credential.set);
  if (missing.length === 0) return null;

  const definition = PROVIDERS[view.provider];
  const labels = listWith('and', missing.map((credential) => credential.label));
  const variables = missing.map((credential) => credentialEnvNames(view.provider, credential.field).join(' or '));
  const reason =
    `The stored ${definition.name} ${labels} could not be read because the OS keychain is unavailable: ` +
    `unlock or start the keychain (on Linux, a Secret Service such as gnome-keyring), or set ${listWith('and', variables)}.`;

  // The probe names a missing base URL before a missing key, so that fact is kept in front.
  return effectiveBaseUrl(definition, view.settings.baseUrl) === null ? `${baseUrlHint(definition)} ${reason}` : reason;
}

/** Turns probe results into rows. With the keychain unavailable, unconfigured rows name it as the reason their keys are missing. */
export function checkRows(hub: Hub, results: readonly ProbeResult[], keychain: KeychainStatus): CheckRow[] {
  const views = new Map(hub.listProviders().map((view) => [view.provider, view]));

  return results.map((result) => {
    const view = views.get(result.provider);
    const unreadable = !keychain.available && result.status === 'unconfigured' && view ? unreadableKeyReason(view) : null;

    return {
      provider: result.provider,
      status: result.status,
      httpStatus: result.httpStatus,
      latencyMs: result.latencyMs === null ? null : Math.round(result.latencyMs),
      breaker: hub.breakerState(result.provider),
      error: unreadable ?? result.error,
    };
  });
}

/** Formats the rows as an aligned table. */
export function formatCheckTable(rows: readonly CheckRow[]): string {
  const header = ['PROVIDER', 'STATUS', 'HTTP', 'LATENCY', 'BREAKER', 'ERROR'];
  const lines = rows.map((row) => [
    row.provider,
    row.status,
    row.httpStatus === null ? '-' : String(row.httpStatus),
    row.latencyMs === null ? '-' : `${row.latencyMs} ms`,
    row.breaker,
    row.error ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();

  return [format(header), ...lines.map(format)].join('\n') + '\n';
}

/**
 * Errors the core throws on purpose. Each carries a code from the bridge
 * contract, so the bridge recognises it by code and returns it as data.
 * Anything else that reaches the bridge is a bug and is reported as `internal`.
 */
import type { HubErrorCode, HubErrorData } from '../../shared/contract.ts';

export class HubError extends Error {
  readonly code: HubErrorCode;

  constructor(code: HubErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubError';
    this.code = code;
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set<HubErrorCode>([
  'invalid_argument',
  'not_found',
  'keychain_unavailable',
  'forbidden_sender',
  'io_error',
  'internal',
  'cancelled',
  'unavailable',
]);

/** Whether `error` is an expected error with a code the bridge may pass on. */
export function isHubError(error: unknown): error is HubError {
  if (!(error instanceof Error)) return false;

  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** Converts any thrown value into the data that crosses the bridge. */
export function toErrorData(error: unknown): HubErrorData {
  if (isHubError(error)) return { code: error.code, message: error.message };

  return { code: 'internal', message: 'Internal error in the hub; see the log for details.' };
}

export function invalidArgument(message: string): HubError {
  return new HubError('invalid_argument', message);
}

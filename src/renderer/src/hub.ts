/**
 * Access to the bridge. Components never touch `window.hub` directly: store
 * actions call `hub()` so a missing preload fails with one clear message.
 */
import type { HubApi } from '../../shared/contract.ts';

/** Returns `window.hub`, and throws when the preload did not expose it. */
export function hub(): HubApi {
  const api = (window as { hub?: HubApi }).hub;
  if (!api) {
    throw new Error(
      'The hub bridge (window.hub) is missing because the preload script did not run. ' +
        'Start the app through Electron.',
    );
  }

  return api;
}

/**
 * Returns the text to show for a failed request. Bridge failures are
 * `HubRequestError`s, but only `message` is read because Electron's context
 * bridge rebuilds a rejected error from its message, so `code` may not arrive.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;

  return 'The request failed without a message. See the app log for details.';
}

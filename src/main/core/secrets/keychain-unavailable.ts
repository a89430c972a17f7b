/** Thrown when the OS keychain cannot be reached; crosses the bridge as `keychain_unavailable`. */
import { HubError } from '../errors.ts';

export class KeychainUnavailableError extends HubError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('keychain_unavailable', keychainMessage(detail), options);
    this.name = 'KeychainUnavailableError';
  }
}

/** The sentence users see when the keychain cannot be used. */
export function keychainMessage(detail: string): string {
  return (
    `The OS keychain is unavailable (${detail}). Keys cannot be saved or read until it is: ` +
    'on Linux, start and unlock a Secret Service such as gnome-keyring. ' +
    'Nothing was written to a plain file.'
  );
}

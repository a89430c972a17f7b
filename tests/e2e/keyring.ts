/**
 * The guard that keeps the end-to-end suites away from the user's own
 * keychain: they store keys for real, so they run only inside the private
 * keyring that tests/e2e/run.ts sets up.
 */

/** The value of HUB_E2E_KEYRING inside the private D-Bus session and keyring. */
export const ISOLATED_KEYRING = 'isolated';

/** Throws unless the suites run inside the private keyring. */
export function assertIsolatedKeyring(): void {
  if (process.env.HUB_E2E_KEYRING === ISOLATED_KEYRING) return;

  throw new Error(
    'The end-to-end tests store keys in the OS keychain; run them with `npm run test:e2e`, ' +
      'which gives them a private D-Bus session and a throwaway gnome-keyring.',
  );
}

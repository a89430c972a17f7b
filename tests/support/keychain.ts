/**
 * Whether a Secret Service can be reached. CI runs the tests inside
 * dbus-run-session with an unlocked gnome-keyring, so there a missing
 * keychain fails the run instead of skipping the keychain tests.
 */
import { execFileSync } from 'node:child_process';

export function keychainAvailable(): boolean {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;

  try {
    const script = "require('keytar').findCredentials('integration-hub-probe').then(() => process.exit(0), () => process.exit(1))";
    execFileSync(process.execPath, ['-e', script], { timeout: 10_000, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when the keychain tests must run: on CI, or when a Secret Service answers. */
export function keychainRequired(): boolean {
  return process.env.CI === 'true' || keychainAvailable();
}

export function reportSkippedKeychain(suite: string): void {
  if (!keychainRequired()) {
    console.warn(`${suite}: skipped, no Secret Service on this D-Bus session (run the tests under dbus-run-session with gnome-keyring, as .ci/run does).`);
  }
}

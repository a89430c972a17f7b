/** Warning shown while the OS keychain cannot be reached. */
import { useKeychain } from '../../stores/app.ts';

/** Renders the keychain warning, or nothing while the keychain is available or unknown. */
export function KeychainBanner() {
  const keychain = useKeychain();
  if (!keychain || keychain.available) return null;

  return (
    <div className="banner banner-warning" role="alert" data-testid="keychain-banner">
      <strong>Keychain unavailable.</strong>{' '}
      {keychain.message ?? 'The operating system keychain cannot be reached.'} API keys cannot be
      saved until the keychain is available. Keys from environment variables still work.
    </div>
  );
}

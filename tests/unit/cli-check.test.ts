import { describe, expect, it } from 'vitest';
import { unreadableKeyReason } from '../../src/cli/check.ts';
import type { CredentialHint, ProviderId, ProviderView } from '../../src/shared/types.ts';

function view(provider: ProviderId, baseUrl: string | null, credentials: Partial<CredentialHint>[]): ProviderView {
  const hints = credentials.map((hint) => ({ field: 'apiKey', label: 'API key', set: false, last4: null, source: null, ...hint }));
  return { provider, settings: { enabled: true, baseUrl, probeIntervalSec: 60 }, credentials: hints } as unknown as ProviderView;
}

describe('unreadableKeyReason', () => {
  it('names the keychain and the variables of the missing keys', () => {
    const reason = unreadableKeyReason(view('elevenlabs', null, [{}]));

    expect(reason).toBe(
      'The stored ElevenLabs API key could not be read because the OS keychain is unavailable: unlock or start the keychain ' +
        '(on Linux, a Secret Service such as gnome-keyring), or set ELEVENLABS_API_KEY or XI_API_KEY.',
    );
  });

  it('names only the fields that are missing', () => {
    const reason = unreadableKeyReason(
      view('amadeus', null, [
        { field: 'clientId', label: 'API key (client id)', set: true, source: 'env' },
        { field: 'clientSecret', label: 'API secret (client secret)' },
      ]),
    );

    expect(reason).toMatch(/^The stored Amadeus API secret \(client secret\) could not be read /);
    expect(reason).toMatch(/or set AMADEUS_CLIENT_SECRET\.$/);
  });

  it('keeps a missing base URL in front', () => {
    const reason = unreadableKeyReason(view('supabase', null, [{ label: 'API key (publishable or anon)' }]));

    expect(reason).toMatch(/^Supabase has no default host: set its base URL to .*\. The stored Supabase API key \(publishable or anon\) could not be read/);
  });

  it('returns null when every key is set', () => {
    expect(unreadableKeyReason(view('openai', null, [{ set: true, source: 'env' }]))).toBeNull();
  });
});

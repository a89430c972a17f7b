import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-store.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';
import { keychainRequired, reportSkippedKeychain } from '../support/keychain.ts';

const run = promisify(execFile);
const required = keychainRequired();
reportSkippedKeychain('keychain tests');

const service = `integration-hub-test-${randomUUID()}`;
let fixture: HubFixture | null = null;

afterEach(async () => {
  await fixture?.close();
  fixture = null;
  for (const { account } of required ? await keytar.findCredentials(service) : []) {
    await keytar.deletePassword(service, account);
  }
});

describe.skipIf(!required)('OS keychain', () => {
  it('stores, reads and deletes a credential', async () => {
    const store = new KeytarSecretStore({ service });

    await store.set('openai', 'apiKey', 'sk-test-keychain-roundtrip-1234');

    expect(await store.get('openai', 'apiKey')).toBe('sk-test-keychain-roundtrip-1234');
    expect(await keytar.getPassword(service, 'openai:apiKey')).toBe('sk-test-keychain-roundtrip-1234');
    expect(await store.status()).toEqual({ available: true, message: null });
    await store.delete('openai', 'apiKey');
    expect(await store.get('openai', 'apiKey')).toBeNull();
  });

  it('lets the hub save a key the UI only sees the end of', async () => {
    fixture = await startHubFixture({ secrets: new KeytarSecretStore({ service }), withKeys: false });
    const key = fixture.simulators.credentials.stripe.apiKey as string;

    const hints = await fixture.hub.setSecret('stripe', 'apiKey', key);
    const result = await fixture.hub.testConnection('stripe');

    expect(hints).toEqual([{ field: 'apiKey', label: expect.any(String), set: true, last4: key.slice(-4), source: 'keychain' }]);
    expect(result.status).toBe('up');
    expect(await keytar.getPassword(service, 'stripe:apiKey')).toBe(key);

    const removed = await fixture.hub.deleteSecret('stripe');
    expect(removed[0]?.set).toBe(false);
    expect(await keytar.getPassword(service, 'stripe:apiKey')).toBeNull();
    expect((await fixture.hub.testConnection('stripe')).status).toBe('unconfigured');
  });
});

describe('unavailable keychain', () => {
  const script = `
    import { KeytarSecretStore } from './src/main/core/secrets/keytar-store.ts';
    const store = new KeytarSecretStore({ service: 'integration-hub-unavailable', timeoutMs: 3000 });
    const status = await store.status();
    let error = null;
    try { await store.set('openai', 'apiKey', 'sk-never-written-0000'); } catch (e) { error = { code: e.code, message: e.message }; }
    console.log(JSON.stringify({ status, error }));
  `;

  it('reports a missing Secret Service plainly and fails fast', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 15_000 });
    const { status, error } = JSON.parse(stdout) as { status: { available: boolean; message: string }; error: { code: string; message: string } };

    expect(status.available).toBe(false);
    expect(status.message).toMatch(/OS keychain is unavailable/);
    expect(status.message).toMatch(/gnome-keyring/);
    expect(error.code).toBe('keychain_unavailable');
    expect(error.message).not.toContain('sk-never-written-0000');
  });
});

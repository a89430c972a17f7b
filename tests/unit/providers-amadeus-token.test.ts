import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AMADEUS_TOKEN_PATH,
  isAmadeusTokenRejected,
} from '../../src/main/core/providers/amadeus.ts';
import {
  AmadeusTokenManager,
  buildAmadeusTokenRequest,
  parseAmadeusTokenResponse,
  type AmadeusToken,
} from '../../src/main/core/providers/amadeus-token.ts';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import { ProviderError } from '../../src/main/core/providers/errors.ts';

const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'providers');

function fixtureBody(name: string): unknown {
  const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as { response: { body: unknown } };
  return fixture.response.body;
}

/** A token endpoint stand-in that records calls and lets the test decide when each one resolves. */
function createTokenSource(lifetimeSec = 1799) {
  const calls: Array<{ clientId: string; clientSecret: string; resolve: (token: AmadeusToken) => void; reject: (error: Error) => void }> = [];
  const fetchToken = (clientId: string, clientSecret: string) =>
    new Promise<AmadeusToken>((resolve, reject) => {
      calls.push({ clientId, clientSecret, resolve, reject });
    });
  const answer = (index: number, accessToken: string) => {
    calls[index]?.resolve({ accessToken, expiresInSec: lifetimeSec });
  };
  return { calls, fetchToken, answer };
}

function createManager(lifetimeSec?: number) {
  const clock = { now: 1_000_000 };
  const source = createTokenSource(lifetimeSec);
  const manager = new AmadeusTokenManager({ fetchToken: source.fetchToken, clock: { now: () => clock.now } });
  return { clock, source, manager };
}

describe('buildAmadeusTokenRequest', () => {
  it('builds the documented form request', () => {
    const request = buildAmadeusTokenRequest('FAKE_CLIENT_ID', 'FAKE_CLIENT_SECRET');

    expect(request.method).toBe('POST');
    expect(request.path).toBe(AMADEUS_TOKEN_PATH);
    expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe('grant_type=client_credentials&client_id=FAKE_CLIENT_ID&client_secret=FAKE_CLIENT_SECRET');
    expect(request.query).toEqual({});
  });

  it('form-encodes special characters', () => {
    const request = buildAmadeusTokenRequest('id&x', 'a+b=c');

    expect(request.body).toBe('grant_type=client_credentials&client_id=id%26x&client_secret=a%2Bb%3Dc');
  });
});

describe('parseAmadeusTokenResponse', () => {
  it('reads the documented token response', () => {
    const body = JSON.stringify(fixtureBody('amadeus-oauth-token-200.json'));

    expect(parseAmadeusTokenResponse(body)).toEqual({ accessToken: 'FAKE_ACCESS_TOKEN_0000', expiresInSec: 1799 });
  });

  it('throws an auth error on invalid_client', () => {
    const call = () => parseAmadeusTokenResponse(fixtureBody('amadeus-401-invalid-client.json'));

    expect(call).toThrow(ProviderError);
    expect(call).toThrow(/Client credentials are invalid.*check the API key and secret/);
    try {
      call();
    } catch (error) {
      expect((error as ProviderError).errorClass).toBe('auth');
    }
  });

  it('throws a client error on other OAuth errors', () => {
    const body = { error: 'unsupported_grant_type', error_description: 'Only client_credentials', code: 38187 };

    try {
      parseAmadeusTokenResponse(body);
      expect.unreachable();
    } catch (error) {
      expect((error as ProviderError).errorClass).toBe('client');
    }
  });

  it.each([
    ['not json', 'not json'],
    ['no token', JSON.stringify({ expires_in: 1799 })],
    ['no lifetime', JSON.stringify({ access_token: 'x' })],
    ['zero lifetime', JSON.stringify({ access_token: 'x', expires_in: 0 })],
    ['an array', '[]'],
  ])('throws body_error for %s', (_case, body) => {
    try {
      parseAmadeusTokenResponse(body);
      expect.unreachable();
    } catch (error) {
      expect((error as ProviderError).errorClass).toBe('body_error');
    }
  });
});

describe('AmadeusTokenManager', () => {
  it('caches the token until shortly before it expires', async () => {
    const { clock, source, manager } = createManager();

    const first = manager.getToken('id', 'secret');
    source.answer(0, 'token-1');
    expect(await first).toBe('token-1');

    clock.now += 1_000_000;
    expect(await manager.getToken('id', 'secret')).toBe('token-1');
    expect(source.calls).toHaveLength(1);
  });

  it('refreshes 60 s before expiry', async () => {
    const { clock, source, manager } = createManager();
    const first = manager.getToken('id', 'secret');
    source.answer(0, 'token-1');
    await first;

    clock.now += 1_799_000 - 60_000 - 1;
    expect(await manager.getToken('id', 'secret')).toBe('token-1');

    clock.now += 1;
    const second = manager.getToken('id', 'secret');
    expect(source.calls).toHaveLength(2);
    source.answer(1, 'token-2');
    expect(await second).toBe('token-2');
  });

  it('uses 10 % of a short lifetime as the margin', async () => {
    const { clock, source, manager } = createManager(100);
    const first = manager.getToken('id', 'secret');
    source.answer(0, 'token-1');
    await first;

    expect(manager.refreshAt()).toBe(1_000_000 + 90_000);
    clock.now += 90_000;
    void manager.getToken('id', 'secret');
    expect(source.calls).toHaveLength(2);
  });

  it('coalesces concurrent refreshes into one request', async () => {
    const { source, manager } = createManager();

    const tokens = [manager.getToken('id', 'secret'), manager.getToken('id', 'secret'), manager.getToken('id', 'secret')];
    expect(source.calls).toHaveLength(1);
    source.answer(0, 'token-1');

    expect(await Promise.all(tokens)).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('fetches a new token after invalidate', async () => {
    const { source, manager } = createManager();
    const first = manager.getToken('id', 'secret');
    source.answer(0, 'token-1');
    await first;

    manager.invalidate();
    const second = manager.getToken('id', 'secret');
    expect(source.calls).toHaveLength(2);
    source.answer(1, 'token-2');
    expect(await second).toBe('token-2');
    expect(manager.refreshAt()).not.toBeNull();
  });

  it('fetches a new token when the credentials change', async () => {
    const { source, manager } = createManager();
    const first = manager.getToken('id', 'secret');
    source.answer(0, 'token-1');
    await first;

    void manager.getToken('id', 'other-secret');

    expect(source.calls).toHaveLength(2);
    expect(source.calls[1]?.clientSecret).toBe('other-secret');
  });

  it('shares a failure and tries again on the next call', async () => {
    const { source, manager } = createManager();
    const first = manager.getToken('id', 'secret');
    const second = manager.getToken('id', 'secret');

    source.calls[0]?.reject(new Error('token endpoint down'));
    await expect(first).rejects.toThrow('token endpoint down');
    await expect(second).rejects.toThrow('token endpoint down');
    expect(manager.refreshAt()).toBeNull();

    const third = manager.getToken('id', 'secret');
    expect(source.calls).toHaveLength(2);
    source.answer(1, 'token-2');
    expect(await third).toBe('token-2');
  });

  it('recovers from a fetch function that throws synchronously', async () => {
    let calls = 0;
    const manager = new AmadeusTokenManager({
      fetchToken: () => {
        calls += 1;
        if (calls === 1) throw new Error('bad configuration');
        return Promise.resolve({ accessToken: 'token-2', expiresInSec: 1799 });
      },
      clock: { now: () => 0 },
    });

    await expect(manager.getToken('id', 'secret')).rejects.toThrow('bad configuration');
    expect(await manager.getToken('id', 'secret')).toBe('token-2');
  });

  it('rejects a token without a positive lifetime', async () => {
    const manager = new AmadeusTokenManager({
      fetchToken: () => Promise.resolve({ accessToken: 'x', expiresInSec: Number.NaN }),
      clock: { now: () => 0 },
    });

    await expect(manager.getToken('id', 'secret')).rejects.toThrow(ProviderError);
  });

  it('never shows the token or secret when inspected', async () => {
    const { source, manager } = createManager();
    const first = manager.getToken('id', 'TOP-SECRET-CLIENT');
    source.answer(0, 'TOP-SECRET-TOKEN');
    await first;

    const rendered = `${inspect(manager, { depth: 5, showHidden: true })} ${JSON.stringify(manager)} ${String(manager)}`;
    expect(rendered).not.toContain('TOP-SECRET-TOKEN');
    expect(rendered).not.toContain('TOP-SECRET-CLIENT');
  });
});

describe('isAmadeusTokenRejected', () => {
  it('asks for a new token on a 401 with code 38190', () => {
    const body = JSON.stringify(fixtureBody('amadeus-401-invalid-access-token.json'));
    const interpretation = PROVIDERS.amadeus.interpret({ status: 401, headers: {}, body });

    expect(isAmadeusTokenRejected(401, interpretation)).toBe(true);
  });

  it('asks for a new token when the token expired', () => {
    const body = JSON.stringify({ errors: [{ code: 38192, title: 'Access token expired', status: 401 }] });
    const interpretation = PROVIDERS.amadeus.interpret({ status: 401, headers: {}, body });

    expect(isAmadeusTokenRejected(401, interpretation)).toBe(true);
  });

  it('keeps the token on other failures', () => {
    const body = JSON.stringify({ errors: [{ code: 38196, title: 'Resource not found', status: 404 }] });
    const interpretation = PROVIDERS.amadeus.interpret({ status: 404, headers: {}, body });

    expect(isAmadeusTokenRejected(404, interpretation)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type ProviderSimulator } from '../../src/sim/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read documented JSON fields directly
type Json = any;

let amadeus: ProviderSimulator;

beforeEach(async () => {
  amadeus = await startSimulator('amadeus', { tokenTtlSec: 60 });
});

afterEach(async () => {
  vi.useRealTimers();
  await amadeus.close();
});

async function token(form: Record<string, string>): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${amadeus.url}/v1/security/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.json() };
}

function validForm(): Record<string, string> {
  const { clientId, clientSecret } = amadeus.credentials;
  return { grant_type: 'client_credentials', client_id: clientId!, client_secret: clientSecret! };
}

async function airlines(accessToken: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${amadeus.url}/v1/reference-data/airlines?airlineCodes=BA`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { status: response.status, body: await response.json() };
}

describe('amadeus token', () => {
  it('reports the configured TTL as expires_in', async () => {
    const issued = await token(validForm());

    expect(issued.status).toBe(200);
    expect(issued.body.expires_in).toBe(60);
    expect(issued.body.client_id).toBe(amadeus.credentials['clientId']);
  });

  it('expires after its TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issued = await token(validForm());
    const fresh = await airlines(issued.body.access_token);

    vi.setSystemTime(Date.now() + 61_000);
    const stale = await airlines(issued.body.access_token);

    expect(fresh.status).toBe(200);
    expect(stale.status).toBe(401);
    expect(stale.body.errors[0].code).toBe(38192);
  });

  it('is replaced by a new token after expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await token(validForm());
    vi.setSystemTime(Date.now() + 61_000);

    const renewed = await token(validForm());
    expect((await airlines(renewed.body.access_token)).status).toBe(200);
  });

  it('rejects another grant type', async () => {
    const result = await token({ ...validForm(), grant_type: 'password' });

    expect(result.status).toBe(400);
    expect(result.body.error).toBe('unsupported_grant_type');
  });

  it('rejects a wrong client secret', async () => {
    const result = await token({ ...validForm(), client_secret: 'wrong' });

    expect(result.status).toBe(401);
    expect(result.body).toEqual({
      error: 'invalid_client',
      error_description: 'Client credentials are invalid',
      code: 38187,
      title: 'Invalid parameters',
    });
  });
});

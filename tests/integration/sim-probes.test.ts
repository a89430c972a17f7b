import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type SimulatorSet } from '../../src/sim/index.ts';
import type { ProviderId } from '../../src/shared/types.ts';

interface Fixture {
  response: { status: number; body: Record<string, unknown> };
}

function fixture(name: string): Fixture {
  const url = new URL(`../fixtures/providers/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read documented JSON fields directly
type Json = any;

let sims: SimulatorSet;

beforeAll(async () => {
  sims = await startSimulators();
});

afterAll(async () => {
  await sims.close();
});

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** The probe of each provider, called with `key` (null sends no credential). */
const probes: Record<Exclude<ProviderId, 'amadeus'>, (key: string | null) => Promise<Awaited<ReturnType<typeof call>>>> = {
  openai: (key) =>
    call(`${sims.urls.openai}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
  mapbox: (key) => call(`${sims.urls.mapbox}/tokens/v2${key ? `?access_token=${encodeURIComponent(key)}` : ''}`),
  openweather: (key) =>
    call(`${sims.urls.openweather}/data/2.5/weather?lat=44.34&lon=10.99${key ? `&appid=${key}` : ''}`),
  elevenlabs: (key) => call(`${sims.urls.elevenlabs}/v1/user`, { headers: key ? { 'xi-api-key': key } : {} }),
  supabase: (key) => call(`${sims.urls.supabase}/auth/v1/health`, { headers: key ? { apikey: key } : {} }),
  stripe: (key) => call(`${sims.urls.stripe}/v1/balance`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
};

describe('probes with the valid credential', () => {
  it('openai lists models', async () => {
    const result = await probes.openai(sims.credentials.openai['apiKey']!);
    expect(result.status).toBe(200);
    expect(result.body.object).toBe('list');
    expect(result.body.data.length).toBeGreaterThan(0);
    expect(result.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('mapbox reports TokenValid', async () => {
    const result = await probes.mapbox(sims.credentials.mapbox['apiKey']!);
    expect(result.status).toBe(200);
    expect(result.body.code).toBe('TokenValid');
    expect(result.body.token.usage).toBe('pk');
    expect(result.headers.get('x-rate-limit-interval')).toBe('60');
    expect(Number(result.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('openweather returns current weather with a numeric cod', async () => {
    const result = await probes.openweather(sims.credentials.openweather['apiKey']!);
    expect(result.status).toBe(200);
    expect(result.body.cod).toBe(200);
    expect(result.body.coord).toEqual({ lon: 10.99, lat: 44.34 });
  });

  it('elevenlabs returns the subscription quota fields', async () => {
    const result = await probes.elevenlabs(sims.credentials.elevenlabs['apiKey']!);
    const { subscription } = result.body;
    expect(result.status).toBe(200);
    expect(subscription.character_count).toBeLessThan(subscription.character_limit);
    expect(subscription.next_character_count_reset_unix).toBeGreaterThan(Date.now() / 1000);
  });

  it('elevenlabs serves the subscription endpoint', async () => {
    const key = sims.credentials.elevenlabs['apiKey']!;
    const result = await call(`${sims.urls.elevenlabs}/v1/user/subscription`, { headers: { 'xi-api-key': key } });
    expect(result.status).toBe(200);
    expect(result.body.character_limit).toBe(100_000);
    expect(result.body.has_open_invoices).toBe(false);
  });

  it('supabase health names GoTrue', async () => {
    const result = await probes.supabase(sims.credentials.supabase['apiKey']!);
    expect(result.status).toBe(200);
    expect(result.body.name).toBe('GoTrue');
  });

  it('supabase accepts the apikey query parameter', async () => {
    const key = encodeURIComponent(sims.credentials.supabase['apiKey']!);
    const result = await call(`${sims.urls.supabase}/auth/v1/health?apikey=${key}`);
    expect(result.status).toBe(200);
  });

  it('stripe returns the balance with a Request-Id', async () => {
    const result = await probes.stripe(sims.credentials.stripe['apiKey']!);
    expect(result.status).toBe(200);
    expect(result.body.object).toBe('balance');
    expect(result.headers.get('request-id')).toMatch(/^req_/);
  });

  it('stripe accepts Basic auth with the key as user name', async () => {
    const basic = Buffer.from(`${sims.credentials.stripe['apiKey']}:`).toString('base64');
    const result = await call(`${sims.urls.stripe}/v1/balance`, { headers: { authorization: `Basic ${basic}` } });
    expect(result.status).toBe(200);
  });

  it('amadeus issues a token that reads airlines', async () => {
    const { clientId, clientSecret } = sims.credentials.amadeus;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId!, client_secret: clientSecret! });
    const token = await call(`${sims.urls.amadeus}/v1/security/oauth2/token`, { method: 'POST', body: form });
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe('Bearer');
    expect(token.body.expires_in).toBe(1799);

    const airlines = await call(`${sims.urls.amadeus}/v1/reference-data/airlines?airlineCodes=BA`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(airlines.status).toBe(200);
    expect(airlines.headers.get('content-type')).toBe('application/vnd.amadeus+json');
    expect(airlines.body.data[0].businessName).toBe('BRITISH AIRWAYS');
  });
});

describe('probes with a wrong credential', () => {
  it('openai returns the documented 401', async () => {
    const result = await probes.openai('sk-test-FAKE-not-a-real-key');
    expect(result.status).toBe(401);
    expect(result.body).toEqual(fixture('openai-401-invalid-api-key').response.body);
  });

  it('mapbox reports TokenInvalid in a 200 body', async () => {
    const result = await probes.mapbox('pk.eyJ1Ijoib3RoZXIifQ.wrong-signature');
    expect(result.status).toBe(200);
    expect(result.body.code).toBe('TokenInvalid');
  });

  it('mapbox reports TokenMalformed for a token of the wrong shape', async () => {
    const result = await probes.mapbox('not-a-token');
    expect(result.status).toBe(200);
    expect(result.body.code).toBe('TokenMalformed');
  });

  it('mapbox returns 401 on other APIs', async () => {
    const result = await call(`${sims.urls.mapbox}/geocoding/v5/mapbox.places/Zocca.json?access_token=pk.a.b`);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ message: 'Not Authorized - Invalid Token' });
  });

  it('openweather returns the documented 401', async () => {
    const result = await probes.openweather('FAKE_INVALID');
    expect(result.status).toBe(401);
    expect(result.body).toEqual(fixture('openweather-401-invalid-api-key').response.body);
  });

  it('elevenlabs returns the documented 401', async () => {
    const result = await probes.elevenlabs('FAKE_INVALID');
    expect(result.status).toBe(401);
    expect(result.body).toEqual(fixture('elevenlabs-401-invalid-api-key').response.body);
  });

  it('supabase returns Invalid API key', async () => {
    const result = await probes.supabase('wrong-key');
    expect(result.status).toBe(401);
    expect(result.body.message).toBe('Invalid API key');
  });

  it('stripe returns the documented 401 with the key masked', async () => {
    const result = await probes.stripe('sk_test_FAKEFAKEFAKE1234');
    expect(result.status).toBe(401);
    expect(result.body).toEqual(fixture('stripe-401-invalid-api-key').response.body);
  });

  it('amadeus rejects bad client credentials with invalid_client', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    const result = await call(`${sims.urls.amadeus}/v1/security/oauth2/token`, { method: 'POST', body: form });
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
    expect(result.body.code).toBe(38187);
  });

  it('amadeus rejects an unknown token with 38190', async () => {
    const result = await call(`${sims.urls.amadeus}/v1/reference-data/airlines?airlineCodes=BA`, {
      headers: { authorization: 'Bearer EXPIRED_FAKE_TOKEN' },
    });
    expect(result.status).toBe(401);
    expect(result.body).toEqual(fixture('amadeus-401-invalid-access-token').response.body);
  });
});

describe('probes without a credential', () => {
  it('openai returns 401 without an error code', async () => {
    const result = await probes.openai(null);
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBeNull();
    expect(result.body.error.message).toMatch(/didn't provide an API key/);
  });

  it('mapbox returns 401 No Token', async () => {
    const result = await probes.mapbox(null);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ message: 'Not Authorized - No Token' });
  });

  it('openweather returns 401', async () => {
    const result = await probes.openweather(null);
    expect(result.status).toBe(401);
    expect(result.body.cod).toBe(401);
  });

  it('elevenlabs returns needs_authorization', async () => {
    const result = await probes.elevenlabs(null);
    expect(result.status).toBe(401);
    expect(result.body.detail.status).toBe('needs_authorization');
  });

  it('supabase returns No API key found', async () => {
    const result = await probes.supabase(null);
    expect(result.status).toBe(401);
    expect(result.body.message).toBe('No API key found in request');
  });

  it('supabase ignores a bearer token without apikey', async () => {
    const key = sims.credentials.supabase['apiKey']!;
    const result = await call(`${sims.urls.supabase}/auth/v1/health`, { headers: { authorization: `Bearer ${key}` } });
    expect(result.status).toBe(401);
  });

  it('stripe returns 401 asking for a key', async () => {
    const result = await probes.stripe(null);
    expect(result.status).toBe(401);
    expect(result.body.error.message).toMatch(/You did not provide an API key/);
  });

  it('amadeus returns 38191 for a missing Authorization header', async () => {
    const result = await call(`${sims.urls.amadeus}/v1/reference-data/airlines?airlineCodes=BA`);
    expect(result.status).toBe(401);
    expect(result.body.errors[0].code).toBe(38191);
  });
});

describe('custom credentials', () => {
  it('replace the demo credentials', async () => {
    const custom = await startSimulators({ credentials: { openai: { apiKey: 'sk-custom-key-1234' } } });
    try {
      const ok = await call(`${custom.urls.openai}/v1/models`, { headers: { authorization: 'Bearer sk-custom-key-1234' } });
      const demo = await call(`${custom.urls.openai}/v1/models`, {
        headers: { authorization: `Bearer ${sims.credentials.openai['apiKey']}` },
      });
      expect(ok.status).toBe(200);
      expect(demo.status).toBe(401);
      expect(custom.credentials.openai).toEqual({ apiKey: 'sk-custom-key-1234' });
    } finally {
      await custom.close();
    }
  });
});

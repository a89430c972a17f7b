import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SimulatorError,
  startSimulator,
  type ProviderSimulator,
} from '../../src/sim/index.ts';
import type { ProviderId } from '../../src/shared/types.ts';

const started: ProviderSimulator[] = [];

async function sim(provider: ProviderId): Promise<ProviderSimulator> {
  const simulator = await startSimulator(provider);
  started.push(simulator);
  return simulator;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((simulator) => simulator.close()));
});

function openAiProbe(simulator: ProviderSimulator, init: RequestInit = {}): Promise<Response> {
  return fetch(`${simulator.url}/v1/models`, {
    ...init,
    headers: { authorization: `Bearer ${simulator.credentials['apiKey']}` },
  });
}

async function waitForRequests(simulator: ProviderSimulator, count: number): Promise<void> {
  while (simulator.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('latency fault', () => {
  it('responds normally after the delay', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'latency', ms: 30 } });

    const response = await openAiProbe(openai);
    expect(response.status).toBe(200);
  });

  it('outlasts a client timeout shorter than the delay', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'latency', ms: 10_000 } });

    await expect(openAiProbe(openai, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|aborted/i);
  });
});

describe('hang fault', () => {
  it('is ended by the client timeout', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'hang' } });

    await expect(openAiProbe(openai, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|aborted/i);
    expect(openai.requests).toHaveLength(1);
  });

  it('is ended by close', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'hang' } });

    const pending = openAiProbe(openai);
    await waitForRequests(openai, 1);
    await openai.close();

    await expect(pending).rejects.toThrow(TypeError);
  });
});

describe('reset fault', () => {
  it('produces a socket error on the client', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'reset' } });

    const error = await openAiProbe(openai).then(
      () => null,
      (reason: unknown) => reason as Error & { cause?: { code?: string } },
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });
});

describe('rate_limit fault', () => {
  it('sends OpenAI retry-after and retry-after-ms', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'rate_limit', retryAfterSec: 7 } });

    const response = await openAiProbe(openai);
    const body = await response.json();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('retry-after-ms')).toBe('7000');
    expect(body.error.code).toBe('rate_limit_exceeded');
  });

  it('sends Mapbox X-Rate-Limit headers', async () => {
    const mapbox = await sim('mapbox');
    mapbox.setFault({ fault: { kind: 'rate_limit', retryAfterSec: 30 } });

    const response = await fetch(`${mapbox.url}/tokens/v2?access_token=${mapbox.credentials['apiKey']}`);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ message: 'Too Many Requests' });
    expect(response.headers.get('x-rate-limit-interval')).toBe('60');
    expect(Number(response.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('sends the Amadeus 38194 error', async () => {
    const amadeus = await sim('amadeus');
    amadeus.setFault({ fault: { kind: 'rate_limit', retryAfterSec: 1 } });

    const response = await fetch(`${amadeus.url}/v1/reference-data/airlines?airlineCodes=BA`);
    const body = await response.json();
    expect(response.status).toBe(429);
    expect(body.errors[0].code).toBe(38194);
  });
});

describe('quota fault', () => {
  it('sends OpenAI insufficient_quota without retry headers', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'quota' } });

    const response = await openAiProbe(openai);
    const body = await response.json();
    expect(response.status).toBe(429);
    expect(body.error.type).toBe('insufficient_quota');
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('sends ElevenLabs quota_exceeded as a 401', async () => {
    const elevenlabs = await sim('elevenlabs');
    elevenlabs.setFault({ fault: { kind: 'quota' } });

    const response = await fetch(`${elevenlabs.url}/v1/user`, { headers: { 'xi-api-key': elevenlabs.credentials['apiKey']! } });
    const body = await response.json();
    expect(response.status).toBe(401);
    expect(body.detail.status).toBe('quota_exceeded');
  });

  it('sends the OpenWeather account block', async () => {
    const openweather = await sim('openweather');
    openweather.setFault({ fault: { kind: 'quota' } });

    const response = await fetch(`${openweather.url}/data/2.5/weather?lat=1&lon=2&appid=${openweather.credentials['apiKey']}`);
    const body = await response.json();
    expect(response.status).toBe(429);
    expect(body.cod).toBe(429);
  });

  it('sends the Supabase 402 service restriction', async () => {
    const supabase = await sim('supabase');
    supabase.setFault({ fault: { kind: 'quota' } });

    const response = await fetch(`${supabase.url}/auth/v1/health`, { headers: { apikey: supabase.credentials['apiKey']! } });
    const body = await response.json();
    expect(response.status).toBe(402);
    expect(body.message).toMatch(/exceed_egress_quota/);
  });
});

describe('server_error fault', () => {
  it('defaults to 500 with the provider body', async () => {
    const stripe = await sim('stripe');
    stripe.setFault({ fault: { kind: 'server_error' } });

    const response = await fetch(`${stripe.url}/v1/balance`, { headers: { authorization: `Bearer ${stripe.credentials['apiKey']}` } });
    const body = await response.json();
    expect(response.status).toBe(500);
    expect(body.error.type).toBe('api_error');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('uses the given status', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'server_error', status: 503 } });

    const response = await openAiProbe(openai);
    const body = await response.json();
    expect(response.status).toBe(503);
    expect(body.error.type).toBe('server_error');
  });
});

describe('body_error fault', () => {
  it('reports Mapbox TokenInvalid inside a 200', async () => {
    const mapbox = await sim('mapbox');
    mapbox.setFault({ fault: { kind: 'body_error' } });

    const response = await fetch(`${mapbox.url}/tokens/v2?access_token=${mapbox.credentials['apiKey']}`);
    expect(response.status).toBe(200);
    expect((await response.json()).code).toBe('TokenInvalid');
  });

  it('reports an OpenWeather string cod inside a 200', async () => {
    const openweather = await sim('openweather');
    openweather.setFault({ fault: { kind: 'body_error' } });

    const response = await fetch(`${openweather.url}/data/2.5/weather?lat=1&lon=2&appid=${openweather.credentials['apiKey']}`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.cod).toBe('500');
  });

  it('falls back to a 500 where the provider has none', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'body_error' } });

    const response = await openAiProbe(openai);
    expect(response.status).toBe(500);
  });
});

describe('invalid_key fault', () => {
  it('rejects the valid key', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'invalid_key' } });

    const response = await openAiProbe(openai);
    const body = await response.json();
    expect(response.status).toBe(401);
    expect(body.error.code).toBe('invalid_api_key');
  });

  it('rejects Amadeus client credentials', async () => {
    const amadeus = await sim('amadeus');
    amadeus.setFault({ fault: { kind: 'invalid_key' } });
    const { clientId, clientSecret } = amadeus.credentials;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId!, client_secret: clientSecret! });

    const response = await fetch(`${amadeus.url}/v1/security/oauth2/token`, { method: 'POST', body: form });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_client');
  });
});

describe('fault rules', () => {
  it('apply only to the given number of requests', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'server_error' }, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await openAiProbe(openai)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('apply until cleared without times', async () => {
    const openai = await sim('openai');
    openai.setFault({ fault: { kind: 'server_error' } });

    const first = await openAiProbe(openai);
    const second = await openAiProbe(openai);
    openai.setFault(null);
    const third = await openAiProbe(openai);
    expect([first.status, second.status, third.status]).toEqual([500, 500, 200]);
  });

  it('reject invalid values with a coded error', async () => {
    const openai = await sim('openai');

    expect(() => openai.setFault({ fault: { kind: 'latency', ms: -1 } })).toThrow(SimulatorError);
    expect(() => openai.setFault({ fault: { kind: 'server_error', status: 404 } })).toThrow(/5xx/);
    expect(() => openai.setFault({ fault: { kind: 'hang' }, times: 0 })).toThrow(/positive integer/);
  });
});

describe('request recording', () => {
  let openai: ProviderSimulator;

  beforeEach(async () => {
    openai = await sim('openai');
  });

  it('records method, path, query, headers and body', async () => {
    await fetch(`${openai.url}/v1/chat/completions?trace=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{"model":"m"}',
    });

    const [recorded] = openai.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.query).toEqual({ trace: '1' });
    expect(recorded?.headers['content-type']).toBe('application/json');
    expect(recorded?.body).toBe('{"model":"m"}');
  });

  it('records faulted requests and clears on demand', async () => {
    openai.setFault({ fault: { kind: 'reset' }, times: 1 });
    await openAiProbe(openai).catch(() => undefined);
    await openAiProbe(openai);
    expect(openai.requests).toHaveLength(2);

    openai.clearRequests();
    expect(openai.requests).toHaveLength(0);
  });

  it('keeps only the last 1000 requests', async () => {
    for (let batch = 0; batch < 11; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${openai.url}/n?i=${batch * 100 + i}`).then((r) => r.text())));
    }

    expect(openai.requests).toHaveLength(1000);
    const indexes = openai.requests.map((request) => Number(request.query['i']));
    expect(Math.min(...indexes)).toBeGreaterThanOrEqual(100);
  });
});

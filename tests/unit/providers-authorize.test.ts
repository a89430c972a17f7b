import { describe, expect, it } from 'vitest';
import {
  PROVIDERS,
  STRIPE_API_VERSION,
  buildProbeRequest,
  needsIdempotencyKey,
} from '../../src/main/core/providers/catalog.ts';
import { ProviderError } from '../../src/main/core/providers/errors.ts';
import type { OutgoingRequest } from '../../src/main/core/providers/types.ts';
import { PROVIDER_IDS } from '../../src/shared/types.ts';

const SECRET = 'FAKE-secret-value-1234';

function occurrences(request: OutgoingRequest, value: string): number {
  return JSON.stringify(request).split(value).length - 1;
}

function authorizeProbe(id: keyof typeof PROVIDERS, credentials: Record<string, string>): OutgoingRequest {
  const definition = PROVIDERS[id];
  return definition.authorize(buildProbeRequest(definition), credentials);
}

describe('authorize', () => {
  it('sends the OpenAI key as a bearer token and nowhere else', () => {
    const request = authorizeProbe('openai', { apiKey: SECRET });

    expect(request.headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(request.query).toEqual({});
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it('sends the Amadeus access token, never the client credentials', () => {
    const request = authorizeProbe('amadeus', {
      clientId: 'FAKE_CLIENT_ID',
      clientSecret: 'FAKE_CLIENT_SECRET',
      accessToken: SECRET,
    });

    expect(request.headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(request.query).toEqual({ airlineCodes: 'BA' });
    expect(occurrences(request, SECRET)).toBe(1);
    expect(occurrences(request, 'FAKE_CLIENT_ID')).toBe(0);
    expect(occurrences(request, 'FAKE_CLIENT_SECRET')).toBe(0);
  });

  it('puts the Mapbox token in access_token and nowhere else', () => {
    const request = authorizeProbe('mapbox', { apiKey: SECRET });

    expect(request.query).toEqual({ access_token: SECRET });
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it('puts the OpenWeather key in appid and nowhere else', () => {
    const request = authorizeProbe('openweather', { apiKey: SECRET });

    expect(request.query).toEqual({ lat: '44.34', lon: '10.99', appid: SECRET });
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it('sends the ElevenLabs key in xi-api-key and nowhere else', () => {
    const request = authorizeProbe('elevenlabs', { apiKey: SECRET });

    expect(request.headers['xi-api-key']).toBe(SECRET);
    expect(request.query).toEqual({});
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it('sends the Supabase key in apikey and nowhere else', () => {
    const request = authorizeProbe('supabase', { apiKey: SECRET });

    expect(request.headers.apikey).toBe(SECRET);
    expect(request.headers.Authorization).toBeUndefined();
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it('sends the Stripe key as a bearer token with a pinned version', () => {
    const request = authorizeProbe('stripe', { apiKey: SECRET });

    expect(request.headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(request.headers['Stripe-Version']).toBe(STRIPE_API_VERSION);
    expect(STRIPE_API_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.[a-z]+$/);
    expect(occurrences(request, SECRET)).toBe(1);
  });

  it.each(PROVIDER_IDS)('%s leaves the caller request unchanged', (id) => {
    const definition = PROVIDERS[id];
    const request = buildProbeRequest(definition);
    const before = structuredClone(request);

    definition.authorize(request, { apiKey: SECRET, accessToken: SECRET });

    expect(request).toEqual(before);
  });

  it('replaces an Authorization header of another letter case', () => {
    const request: OutgoingRequest = {
      method: 'GET',
      path: '/v1/models',
      query: {},
      headers: { authorization: 'Bearer old' },
    };

    const result = PROVIDERS.openai.authorize(request, { apiKey: SECRET });

    expect(result.headers).toEqual({ Authorization: `Bearer ${SECRET}` });
  });

  it.each(PROVIDER_IDS)('%s rejects a missing credential as unconfigured', (id) => {
    const definition = PROVIDERS[id];
    const call = () => definition.authorize(buildProbeRequest(definition), { apiKey: '  ' });

    expect(call).toThrow(ProviderError);
    try {
      call();
    } catch (error) {
      expect((error as ProviderError).errorClass).toBe('unconfigured');
      expect((error as ProviderError).provider).toBe(id);
    }
  });

  it('names the environment variable in the missing-key message', () => {
    const call = () => authorizeProbe('openai', {});

    expect(call).toThrow(/OPENAI_API_KEY/);
  });
});

describe('needsIdempotencyKey', () => {
  it('asks for a key on Stripe POSTs only', () => {
    expect(needsIdempotencyKey(PROVIDERS.stripe, 'POST')).toBe(true);
    expect(needsIdempotencyKey(PROVIDERS.stripe, 'post')).toBe(true);
    expect(needsIdempotencyKey(PROVIDERS.stripe, 'GET')).toBe(false);
    expect(needsIdempotencyKey(PROVIDERS.stripe, 'DELETE')).toBe(false);
    expect(needsIdempotencyKey(PROVIDERS.openai, 'POST')).toBe(false);
  });
});

describe('catalog entries', () => {
  it.each(PROVIDER_IDS)('%s is listed under its own id', (id) => {
    expect(PROVIDERS[id].id).toBe(id);
  });

  it.each(PROVIDER_IDS)('%s lists where its credentials travel', (id) => {
    const definition = PROVIDERS[id];

    expect(definition.secretQueryParams.length + definition.secretHeaders.length).toBeGreaterThan(0);
    for (const header of definition.secretHeaders) expect(header).toBe(header.toLowerCase());
  });

  it('gives Amadeus a client id and secret and the others an API key', () => {
    expect(PROVIDERS.amadeus.credentials.map((field) => field.field)).toEqual(['clientId', 'clientSecret']);
    for (const id of PROVIDER_IDS.filter((provider) => provider !== 'amadeus')) {
      expect(PROVIDERS[id].credentials.map((field) => field.field)).toEqual(['apiKey']);
    }
  });
});

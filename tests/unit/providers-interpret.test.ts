import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import { classifyStatus } from '../../src/main/core/providers/response.ts';
import type { ProviderResponse } from '../../src/main/core/providers/types.ts';

function json(status: number, body: unknown, headers: Record<string, string> = {}): ProviderResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

describe('classifyStatus', () => {
  it.each([
    [200, null],
    [204, null],
    [400, 'client'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'client'],
    [408, 'server'],
    [409, 'client'],
    [422, 'client'],
    [429, 'rate_limit'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
  ])('maps %i to %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe('interpret shared rules', () => {
  it('reports unparseable JSON in a 200 as body_error', () => {
    const result = PROVIDERS.stripe.interpret({ status: 200, headers: {}, body: '{"object": "bal' });

    expect(result.ok).toBe(false);
    expect(result.errorClass).toBe('body_error');
  });

  it('reports an empty 200 body as body_error', () => {
    const result = PROVIDERS.openai.interpret({ status: 200, headers: {}, body: '' });

    expect(result.errorClass).toBe('body_error');
  });

  it('accepts a 204 without a body', () => {
    const result = PROVIDERS.stripe.interpret({ status: 204, headers: {}, body: '' });

    expect(result.ok).toBe(true);
  });

  it('accepts a non-JSON body when the content type says so', () => {
    const result = PROVIDERS.elevenlabs.interpret({
      status: 200,
      headers: { 'content-type': 'audio/mpeg' },
      body: 'ID3\u0003binary',
    });

    expect(result.ok).toBe(true);
  });

  it('drops an HTML error page from the message', () => {
    const result = PROVIDERS.openai.interpret({
      status: 502,
      headers: { 'Content-Type': 'text/html' },
      body: '<html><body>Bad gateway</body></html>',
    });

    expect(result.errorClass).toBe('server');
    expect(result.message).toBeNull();
  });

  it('keeps a short plain-text error body as the message', () => {
    const result = PROVIDERS.mapbox.interpret({
      status: 503,
      headers: { 'Content-Type': 'text/plain' },
      body: 'upstream connect error',
    });

    expect(result.errorClass).toBe('server');
    expect(result.message).toBe('upstream connect error');
  });

  it('classifies 408 as server', () => {
    expect(PROVIDERS.stripe.interpret(json(408, {})).errorClass).toBe('server');
  });

  it('cuts long messages to 300 characters', () => {
    const result = PROVIDERS.openai.interpret(json(400, { error: { message: 'x'.repeat(1000) } }));

    expect(result.message).toHaveLength(300);
    expect(result.message?.endsWith('…')).toBe(true);
  });

  it('redacts a key echoed in a message', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    const result = PROVIDERS.openai.interpret(json(400, { error: { message: `Bad key ${key} sent` } }));

    expect(result.message).toBe('Bad key [REDACTED] sent');
  });

  it('redacts a token in a URL echoed in a message', () => {
    const body = { message: 'Failed https://api.mapbox.com/x?access_token=pk.eyJabc.def&limit=1' };
    const result = PROVIDERS.mapbox.interpret(json(400, body));

    expect(result.message).toBe('Failed https://api.mapbox.com/x?access_token=[REDACTED]&limit=1');
  });
});

describe('OpenAI', () => {
  it('treats a 429 rate_limit_exceeded as rate_limit', () => {
    const body = { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } };

    expect(PROVIDERS.openai.interpret(json(429, body)).errorClass).toBe('rate_limit');
  });

  it('treats a quota type without a code as quota', () => {
    const body = { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: null } };
    const result = PROVIDERS.openai.interpret(json(429, body));

    expect(result.errorClass).toBe('quota');
    expect(result.providerCode).toBe('insufficient_quota');
  });

  it('treats billing_hard_limit_reached as quota', () => {
    const body = { error: { message: 'Billing hard limit has been reached', code: 'billing_hard_limit_reached' } };

    expect(PROVIDERS.openai.interpret(json(400, body)).errorClass).toBe('quota');
  });

  it('reads millisecond resets and skips unusable ones', () => {
    const headers = { 'x-ratelimit-reset-requests': '12ms', 'x-ratelimit-reset-tokens': '-1s' };
    const result = PROVIDERS.openai.interpret(json(200, { data: [] }, headers));

    expect(result.rateLimit).toEqual({ resetRequestsMs: 12 });
  });

  it('leaves rateLimit out when no header is present', () => {
    expect(PROVIDERS.openai.interpret(json(200, { data: [] })).rateLimit).toBeUndefined();
  });
});

describe('OpenWeather', () => {
  it('treats a numeric cod 200 as success', () => {
    expect(PROVIDERS.openweather.interpret(json(200, { cod: 200, name: 'Zocca' })).ok).toBe(true);
  });

  it('treats a string cod 200 with message 0 as success', () => {
    const result = PROVIDERS.openweather.interpret(json(200, { cod: '200', message: 0, cnt: 40, list: [] }));

    expect(result.ok).toBe(true);
  });

  it('reports a string cod 404 inside a 200 as body_error', () => {
    const result = PROVIDERS.openweather.interpret(json(200, { cod: '404', message: 'city not found' }));

    expect(result.errorClass).toBe('body_error');
    expect(result.message).toBe('city not found');
    expect(result.providerCode).toBe('404');
  });

  it('reports a cod 401 inside a 200 as auth', () => {
    const result = PROVIDERS.openweather.interpret(json(200, { cod: 401, message: 'Invalid API key.' }));

    expect(result.errorClass).toBe('auth');
  });

  it('accepts geocoding arrays without cod', () => {
    expect(PROVIDERS.openweather.interpret(json(200, [{ name: 'London' }])).ok).toBe(true);
  });
});

describe('Mapbox', () => {
  it.each(['TokenMalformed', 'TokenRevoked'])('treats %s in a 200 as auth', (code) => {
    const result = PROVIDERS.mapbox.interpret(json(200, { code }));

    expect(result.errorClass).toBe('auth');
    expect(result.message).toMatch(/Mapbox access token/);
  });

  it('treats NoRoute in a 200 as body_error with the Mapbox message', () => {
    const result = PROVIDERS.mapbox.interpret(json(200, { code: 'NoRoute', message: 'No route found' }));

    expect(result.errorClass).toBe('body_error');
    expect(result.message).toBe('No route found');
  });

  it('treats code Ok as success', () => {
    expect(PROVIDERS.mapbox.interpret(json(200, { code: 'Ok', routes: [] })).ok).toBe(true);
  });

  it('treats 429 Too Many Requests as rate_limit', () => {
    const result = PROVIDERS.mapbox.interpret(json(429, { message: 'Too Many Requests' }));

    expect(result.errorClass).toBe('rate_limit');
  });
});

describe('ElevenLabs', () => {
  it('treats too_many_concurrent_requests as rate_limit', () => {
    const body = { detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests' } };

    expect(PROVIDERS.elevenlabs.interpret(json(429, body)).errorClass).toBe('rate_limit');
  });

  it('reads a plain string detail', () => {
    const result = PROVIDERS.elevenlabs.interpret(json(404, { detail: 'Not Found' }));

    expect(result.errorClass).toBe('client');
    expect(result.message).toBe('Not Found');
  });

  it('reads a validation error list', () => {
    const body = { detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] };
    const result = PROVIDERS.elevenlabs.interpret(json(422, body));

    expect(result.message).toBe('field required');
  });

  it('reads quota from /v1/user/subscription', () => {
    const body = { character_count: 10, character_limit: 20 };

    expect(PROVIDERS.elevenlabs.interpret(json(200, body)).quota).toEqual({
      used: 10,
      limit: 20,
      unit: 'characters',
      resetsAt: null,
    });
  });
});

describe('Stripe, Supabase and Amadeus', () => {
  it('treats a Stripe 429 as rate_limit', () => {
    const body = { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } };
    const result = PROVIDERS.stripe.interpret(json(429, body));

    expect(result.errorClass).toBe('rate_limit');
    expect(result.providerCode).toBe('rate_limit');
  });

  it('treats a Stripe card error as client', () => {
    const body = { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } };

    expect(PROVIDERS.stripe.interpret(json(402, body)).errorClass).toBe('client');
  });

  it('reads a Supabase Auth error', () => {
    const body = { code: 400, error_code: 'validation_failed', msg: 'Unsupported provider' };
    const result = PROVIDERS.supabase.interpret(json(400, body));

    expect(result.message).toBe('Unsupported provider');
    expect(result.providerCode).toBe('validation_failed');
  });

  it('reads an Amadeus 500 as server with its detail', () => {
    const body = {
      errors: [{ code: 38189, title: 'Internal error', detail: 'An internal error occured', status: 500 }],
    };
    const result = PROVIDERS.amadeus.interpret(json(500, body));

    expect(result.errorClass).toBe('server');
    expect(result.providerCode).toBe('38189');
  });
});

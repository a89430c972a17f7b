import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import type { ProviderResponse } from '../../src/main/core/providers/types.ts';
import type { ErrorClass, ProviderId } from '../../src/shared/types.ts';

const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'providers');

interface Fixture {
  provider: ProviderId;
  source: string[];
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as Fixture;
}

function toResponse(fixture: Fixture): ProviderResponse {
  const { status, headers, body } = fixture.response;
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

interface Expected {
  ok: boolean;
  errorClass: ErrorClass | null;
  providerCode?: string;
  message?: string | null;
}

const EXPECTED: Record<string, Expected> = {
  'amadeus-401-invalid-access-token.json': {
    ok: false,
    errorClass: 'auth',
    providerCode: '38190',
    message: 'The access token provided in the Authorization header is invalid',
  },
  'amadeus-401-invalid-client.json': {
    ok: false,
    errorClass: 'auth',
    providerCode: 'invalid_client',
    message: 'Client credentials are invalid',
  },
  'amadeus-health-probe-airlines-200.json': { ok: true, errorClass: null },
  'amadeus-oauth-token-200.json': { ok: true, errorClass: null },
  'elevenlabs-401-invalid-api-key.json': {
    ok: false,
    errorClass: 'auth',
    providerCode: 'invalid_api_key',
    message: 'Invalid API key',
  },
  'elevenlabs-401-quota-exceeded.json': { ok: false, errorClass: 'quota', providerCode: 'quota_exceeded' },
  'elevenlabs-health-probe-user-200.json': { ok: true, errorClass: null },
  'mapbox-200-token-expired.json': { ok: false, errorClass: 'auth', providerCode: 'TokenExpired' },
  'mapbox-200-token-invalid.json': { ok: false, errorClass: 'auth', providerCode: 'TokenInvalid' },
  'mapbox-401-invalid-token.json': {
    ok: false,
    errorClass: 'auth',
    message: 'Not Authorized - Invalid Token',
  },
  'mapbox-health-probe-retrieve-token-200.json': { ok: true, errorClass: null },
  'openai-200-rate-limit-headers.json': { ok: true, errorClass: null },
  'openai-401-invalid-api-key.json': { ok: false, errorClass: 'auth', providerCode: 'invalid_api_key' },
  'openai-429-insufficient-quota.json': { ok: false, errorClass: 'quota', providerCode: 'insufficient_quota' },
  'openai-429-rate-limit-tokens.json': {
    ok: false,
    errorClass: 'rate_limit',
    providerCode: 'rate_limit_exceeded',
  },
  'openai-chat-completion-usage-200.json': { ok: true, errorClass: null },
  'openai-health-probe-list-models-200.json': { ok: true, errorClass: null },
  'openweather-401-invalid-api-key.json': { ok: false, errorClass: 'auth', providerCode: '401' },
  'openweather-404-city-not-found.json': {
    ok: false,
    errorClass: 'client',
    providerCode: '404',
    message: 'city not found',
  },
  'openweather-health-probe-current-weather-200.json': { ok: true, errorClass: null },
  'stripe-401-invalid-api-key.json': {
    ok: false,
    errorClass: 'auth',
    message: 'Invalid API Key provided: sk_test_********1234',
  },
  'stripe-health-probe-balance-200.json': { ok: true, errorClass: null },
  'supabase-401-invalid-api-key.json': { ok: false, errorClass: 'auth', message: 'Invalid API key' },
  'supabase-health-probe-auth-health-200.json': { ok: true, errorClass: null },
};

const fixtureNames = readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.json')).sort();

describe('provider fixtures', () => {
  it('has an expectation for every fixture file', () => {
    expect(fixtureNames).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(fixtureNames)('%s names its source', (name) => {
    const fixture = loadFixture(name);
    expect(Array.isArray(fixture.source)).toBe(true);
    expect(fixture.source.length).toBeGreaterThan(0);
  });

  it.each(fixtureNames)('interprets %s', (name) => {
    const fixture = loadFixture(name);
    const expected = EXPECTED[name] as Expected;
    const result = PROVIDERS[fixture.provider].interpret(toResponse(fixture));

    expect(result.ok).toBe(expected.ok);
    expect(result.errorClass).toBe(expected.errorClass);
    if (expected.providerCode !== undefined) expect(result.providerCode).toBe(expected.providerCode);
    if (expected.message !== undefined) expect(result.message).toBe(expected.message);
    if (!expected.ok) expect(result.message?.length ?? 0).toBeLessThanOrEqual(300);
  });
});

describe('hints read from fixtures', () => {
  it('reads the documented OpenAI rate-limit headers', () => {
    const fixture = loadFixture('openai-200-rate-limit-headers.json');
    const result = PROVIDERS.openai.interpret(toResponse(fixture));

    expect(result.rateLimit).toEqual({
      limitRequests: 60,
      limitTokens: 150000,
      remainingRequests: 59,
      remainingTokens: 149984,
      resetRequestsMs: 1000,
      resetTokensMs: 360000,
    });
  });

  it('reads OpenAI token reset on a 429', () => {
    const fixture = loadFixture('openai-429-rate-limit-tokens.json');
    const result = PROVIDERS.openai.interpret(toResponse(fixture));

    expect(result.rateLimit?.remainingTokens).toBe(29367);
    expect(result.rateLimit?.resetTokensMs).toBeCloseTo(51189, 6);
    expect(result.rateLimit?.limitRequests).toBeUndefined();
  });

  it('keeps the OpenAI rate-limit message intact', () => {
    const fixture = loadFixture('openai-429-rate-limit-tokens.json');
    const result = PROVIDERS.openai.interpret(toResponse(fixture));

    expect(result.message).toMatch(/^Rate limit reached for gpt-4o-mini/);
    expect(result.message).toContain('Please try again in 45.19s.');
  });

  it('reads ElevenLabs character quota from /v1/user', () => {
    const fixture = loadFixture('elevenlabs-health-probe-user-200.json');
    const result = PROVIDERS.elevenlabs.interpret(toResponse(fixture));

    expect(result.quota).toEqual({
      used: 17231,
      limit: 100000,
      unit: 'characters',
      resetsAt: 1738356858000,
    });
  });

  it('keeps the masked OpenAI key readable in the message', () => {
    const fixture = loadFixture('openai-401-invalid-api-key.json');
    const result = PROVIDERS.openai.interpret(toResponse(fixture));

    expect(result.message).toContain('sk-test-****-key');
  });
});

import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/main/core/errors.ts';
import {
  PROVIDERS,
  readBaseUrlFromEnv,
  readCredentialsFromEnv,
  resolveUrl,
  unconfiguredReason,
  validateBaseUrl,
} from '../../src/main/core/providers/catalog.ts';
import { ProviderError } from '../../src/main/core/providers/errors.ts';
import { PROVIDER_IDS } from '../../src/shared/types.ts';

describe('resolveUrl', () => {
  it('uses the production host by default', () => {
    const url = resolveUrl(PROVIDERS.openai, null, '/v1/models', {});

    expect(url.href).toBe('https://api.openai.com/v1/models');
  });

  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1/models'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080/v1/models'],
    ['https://proxy.example.test/openai', 'https://proxy.example.test/openai/v1/models'],
    ['https://proxy.example.test/openai/', 'https://proxy.example.test/openai/v1/models'],
    ['HTTPS://Proxy.Example.Test:443', 'https://proxy.example.test/v1/models'],
  ])('keeps the API path under %s', (baseUrl, expected) => {
    expect(resolveUrl(PROVIDERS.openai, baseUrl, '/v1/models', {}).href).toBe(expected);
  });

  it('treats a blank base URL as unset', () => {
    expect(resolveUrl(PROVIDERS.stripe, '  ', '/v1/balance').href).toBe('https://api.stripe.com/v1/balance');
  });

  it.each(PROVIDER_IDS.filter((id) => id !== 'supabase'))('sends the %s probe to the base URL', (id) => {
    const { probe } = PROVIDERS[id];
    const url = resolveUrl(PROVIDERS[id], 'http://127.0.0.1:9000', probe.path, probe.query ?? {});

    expect(url.origin).toBe('http://127.0.0.1:9000');
    expect(url.pathname).toBe(probe.path);
  });

  it('encodes query parameters', () => {
    const url = resolveUrl(PROVIDERS.openweather, null, '/data/2.5/weather', { q: 'São Paulo,BR', appid: 'a&b' });

    expect(url.search).toBe('?q=S%C3%A3o+Paulo%2CBR&appid=a%26b');
  });

  it('sends Supabase requests to the project URL', () => {
    const url = resolveUrl(PROVIDERS.supabase, 'https://abcdefgh.supabase.co', '/auth/v1/health');

    expect(url.href).toBe('https://abcdefgh.supabase.co/auth/v1/health');
  });

  it('rejects Supabase without a project URL as unconfigured', () => {
    const call = () => resolveUrl(PROVIDERS.supabase, null, '/auth/v1/health');

    expect(call).toThrow(ProviderError);
    expect(call).toThrow(/https:\/\/<project-ref>\.supabase\.co/);
    expect(call).toThrow(/SUPABASE_URL/);
  });

  it('rejects an invalid base URL', () => {
    expect(() => resolveUrl(PROVIDERS.openai, 'ftp://x', '/v1/models')).toThrow(HubError);
  });
});

describe('validateBaseUrl', () => {
  it('normalises a valid URL', () => {
    expect(validateBaseUrl(' http://LOCALHOST:80/prefix/ ')).toBe('http://localhost/prefix');
  });

  it.each([
    ['', /enter an absolute http or https URL/],
    ['not a url', /"not a url".*absolute http or https URL/],
    ['api.openai.com', /"api\.openai\.com"/],
    ['ftp://files.example.test', /"ftp:\/\/files\.example\.test".*scheme ftp.*http or https/],
    ['file:///etc/passwd', /scheme file/],
    ['https://example.test/?key=1', /"https:\/\/example\.test\/\?key=1".*remove the query string/],
    ['https://example.test/?', /remove the query string/],
    ['https://example.test/#top', /remove the fragment/],
    ['https://user@example.test', /remove the user name and password/],
  ])('rejects %j', (value, message) => {
    const call = () => validateBaseUrl(value);

    expect(call).toThrow(message);
    try {
      call();
    } catch (error) {
      expect((error as HubError).code).toBe('invalid_argument');
    }
  });

  it('keeps the password out of the message', () => {
    const call = () => validateBaseUrl('https://user:hunter2secret@example.test');

    expect(call).toThrow(/https:\/\/\[REDACTED\]@example\.test/);
    expect(call).not.toThrow(/hunter2secret/);
  });

  it.each([
    ['http://SECRETTOKEN@127.0.0.1:8080', 'SECRETTOKEN'],
    ['http://u:SEC@RETPW@127.0.0.1:8080', 'RETPW'],
    ['http://u:SEC/RETPW@127.0.0.1:8080', 'RETPW'],
  ])('keeps token-like user info of %s out of the message', (value, secret) => {
    expect(() => validateBaseUrl(value)).toThrow(/\[REDACTED\]@127\.0\.0\.1/);
    expect(() => validateBaseUrl(value)).not.toThrow(new RegExp(secret));
  });

  it('rejects an overlong value on one line', () => {
    expect(() => validateBaseUrl(`https://example.test/${'a'.repeat(3000)}`)).toThrow(/at most 2048 characters/);
    expect(() => validateBaseUrl('ftp://a\r\nb')).not.toThrow(/\r|\n/);
  });
});

describe('configuration helpers', () => {
  it('reads credentials from the first environment variable set', () => {
    const env = { OPENWEATHERMAP_API_KEY: 'second', OWM_API_KEY: 'third', OPENWEATHER_API_KEY: '' };

    expect(readCredentialsFromEnv(PROVIDERS.openweather, env)).toEqual({ apiKey: 'second' });
  });

  it('reads both Amadeus credentials', () => {
    const env = { AMADEUS_CLIENT_ID: 'id', AMADEUS_CLIENT_SECRET: 'secret' };

    expect(readCredentialsFromEnv(PROVIDERS.amadeus, env)).toEqual({ clientId: 'id', clientSecret: 'secret' });
  });

  it('reads the Supabase project URL from SUPABASE_URL', () => {
    expect(readBaseUrlFromEnv(PROVIDERS.supabase, { SUPABASE_URL: 'https://ref.supabase.co' })).toBe(
      'https://ref.supabase.co',
    );
    expect(readBaseUrlFromEnv(PROVIDERS.openai, { SUPABASE_URL: 'https://ref.supabase.co' })).toBeNull();
  });

  it('reports what a provider still needs', () => {
    expect(unconfiguredReason(PROVIDERS.supabase, null, { apiKey: 'k' })).toMatch(/project URL/);
    expect(unconfiguredReason(PROVIDERS.supabase, 'https://ref.supabase.co', {})).toMatch(/API key/);
    expect(unconfiguredReason(PROVIDERS.supabase, 'https://ref.supabase.co', { apiKey: 'k' })).toBeNull();
    expect(unconfiguredReason(PROVIDERS.amadeus, null, { clientId: 'id' })).toMatch(/client secret/);
  });

  it('names the command and variable that add a missing key', () => {
    const amadeus = unconfiguredReason(PROVIDERS.amadeus, null, { clientId: 'id' }, { headless: true });
    const openai = unconfiguredReason(PROVIDERS.openai, null, {}, { headless: true });

    expect(amadeus).toContain('`hub secrets set amadeus --field clientSecret`');
    expect(amadeus).toContain('AMADEUS_CLIENT_SECRET');
    expect(openai).toContain('`hub secrets set openai`');
    expect(openai).toContain('OPENAI_API_KEY');
  });

  it('names only the settings in the app', () => {
    const openai = unconfiguredReason(PROVIDERS.openai, null, {});
    const supabase = unconfiguredReason(PROVIDERS.supabase, null, { apiKey: 'k' });

    expect(openai).toBe('OpenAI needs its API key: add it in the provider settings.');
    expect(supabase).not.toContain('SUPABASE_URL');
    expect(unconfiguredReason(PROVIDERS.supabase, null, { apiKey: 'k' }, { headless: true })).toContain('SUPABASE_URL');
  });
});

describe('base URLs that end with the API path', () => {
  it.each([
    ['openai', 'https://api.openai.com/v1', '/v1/models', 'https://api.openai.com/v1/models'],
    ['openai', 'http://127.0.0.1:8080/v1/', '/v1/models', 'http://127.0.0.1:8080/v1/models'],
    ['supabase', 'https://ref.supabase.co/rest/v1', '/rest/v1/items', 'https://ref.supabase.co/rest/v1/items'],
    ['openai', 'https://gw.example/openai', '/v1/models', 'https://gw.example/openai/v1/models'],
    ['openai', 'https://gw.example/v1/openai', '/v1/models', 'https://gw.example/v1/openai/v1/models'],
    ['openai', 'https://gw.example/v1', '/v1', 'https://gw.example/v1/v1'],
    ['openweather', 'https://gw.example/data', '/data/2.5/weather', 'https://gw.example/data/data/2.5/weather'],
    ['openweather', 'https://gw.example/data/2.5', '/data/2.5/weather', 'https://gw.example/data/2.5/weather'],
    ['supabase', 'https://gw.example/auth', '/auth/v1/user', 'https://gw.example/auth/auth/v1/user'],
    ['openai', 'https://gw.example/v1', '/v1/files//content', 'https://gw.example/v1/files//content'],
  ] as const)('joins %s %s and %s without repeating segments', (provider, baseUrl, path, expected) => {
    expect(resolveUrl(PROVIDERS[provider], baseUrl, path).href).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import {
  redactCredentialShapes,
  redactHeaders,
  redactText,
  redactUrl,
} from '../../src/main/core/providers/redact.ts';
import { buildAmadeusTokenRequest } from '../../src/main/core/providers/amadeus-token.ts';

describe('redactText', () => {
  it('replaces every occurrence of a secret', () => {
    expect(redactText('key abc123 and abc123 again', ['abc123'])).toBe('key [REDACTED] and [REDACTED] again');
  });

  it('replaces percent-encoded forms in either hex case', () => {
    const secret = 'a+b/c=d e';

    expect(redactText('x=a%2Bb%2Fc%3Dd%20e', [secret])).toBe('x=[REDACTED]');
    expect(redactText('x=a%2bb%2fc%3dd%20e', [secret])).toBe('x=[REDACTED]');
  });

  it('replaces the form-encoded form', () => {
    const request = buildAmadeusTokenRequest('FAKE_ID', 'se cret/+');

    expect(redactText(request.body ?? '', ['se cret/+'])).toBe(
      'grant_type=client_credentials&client_id=FAKE_ID&client_secret=[REDACTED]',
    );
  });

  it('treats regular-expression characters literally', () => {
    expect(redactText('a.b and axb', ['a.b'])).toBe('[REDACTED] and axb');
  });

  it('replaces a longer secret before a shorter one inside it', () => {
    expect(redactText('token abcdef', ['abc', 'abcdef'])).toBe('token [REDACTED]');
  });

  it('ignores empty secrets', () => {
    expect(redactText('unchanged', [''])).toBe('unchanged');
  });

  it('redacts a secret inside an error message', () => {
    const message = 'Incorrect API key provided: sk-live-VERYSECRET. You can find your API key at https://x';

    expect(redactText(message, ['sk-live-VERYSECRET'])).not.toContain('VERYSECRET');
  });
});

describe('redactUrl', () => {
  it('redacts the OpenWeather appid', () => {
    const url = 'https://api.openweathermap.org/data/2.5/weather?lat=1&appid=FAKE_APPID&lon=2';

    expect(redactUrl(url, PROVIDERS.openweather)).toBe(
      'https://api.openweathermap.org/data/2.5/weather?lat=1&appid=[REDACTED]&lon=2',
    );
  });

  it('redacts the Mapbox access_token from a URL object', () => {
    const url = new URL('https://api.mapbox.com/tokens/v2?access_token=pk.eyJ1Ijoi.sig');

    expect(redactUrl(url, PROVIDERS.mapbox)).toBe('https://api.mapbox.com/tokens/v2?access_token=[REDACTED]');
  });

  it('matches parameter names without regard to case', () => {
    expect(redactUrl('http://h/x?APPID=abc#f', PROVIDERS.openweather)).toBe('http://h/x?APPID=[REDACTED]#f');
  });

  it('redacts known secrets in the path as well', () => {
    const url = 'https://api.mapbox.com/tokens/v2/user/pk.SECRET%2Fx';

    expect(redactUrl(url, PROVIDERS.mapbox, ['pk.SECRET/x'])).toBe('https://api.mapbox.com/tokens/v2/user/[REDACTED]');
  });

  it('redacts a password in the URL', () => {
    expect(redactUrl('https://user:pw@h.test/p', PROVIDERS.openai)).toBe('https://user:[REDACTED]@h.test/p');
  });

  it.each(['', 'http://', '::::', '%E0%A4%A', 'http://h/?appid=%%%', 'not a url at all?appid=x'])(
    'never throws on %j',
    (url) => {
      expect(() => redactUrl(url, PROVIDERS.openweather)).not.toThrow();
      expect(redactUrl(url, PROVIDERS.openweather)).not.toMatch(/appid=(?!\[REDACTED\])/);
    },
  );
});

describe('redactHeaders', () => {
  it('redacts the provider secret headers and Authorization', () => {
    const headers = { 'XI-API-KEY': 'k', Authorization: 'Bearer t', Accept: 'application/json' };

    expect(redactHeaders(headers, PROVIDERS.elevenlabs)).toEqual({
      'XI-API-KEY': '[REDACTED]',
      Authorization: '[REDACTED]',
      Accept: 'application/json',
    });
  });
});

describe('redactCredentialShapes', () => {
  it.each([
    ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [REDACTED]'],
    ['key sk_live_abcdefghijklmnop', 'key [REDACTED]'],
    ['token pk.eyJ1IjoiZmFrZSJ9.abcdefghijkl', 'token [REDACTED]'],
    ['key sb_secret_abcdefghijklmnop', 'key [REDACTED]'],
    ['jwt eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl', 'jwt [REDACTED]'],
  ])('redacts %j', (text, expected) => {
    expect(redactCredentialShapes(text)).toBe(expected);
  });

  it('keeps masked keys readable', () => {
    const text = 'Invalid API Key provided: sk_test_********1234';

    expect(redactCredentialShapes(text)).toBe(text);
  });
});

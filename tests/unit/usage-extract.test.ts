import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import type { ProviderResponse } from '../../src/main/core/providers/types.ts';
import { elevenLabsCharacters, estimateUnits, extractUsage } from '../../src/main/core/usage/extract.ts';

const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'providers');

interface Fixture {
  request: { method: string; path: string; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function fixture(name: string): { request: { method: string; path: string; body?: string }; response: ProviderResponse } {
  const data = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as Fixture;
  const text = (value: unknown) => (typeof value === 'string' || value === null ? (value ?? '') : JSON.stringify(value));
  return {
    request: { method: data.request.method, path: data.request.path, body: data.request.body === undefined ? undefined : text(data.request.body) },
    response: { status: data.response.status, headers: data.response.headers, body: text(data.response.body) },
  };
}

const jsonResponse = (body: unknown, headers: Record<string, string> = {}): ProviderResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('OpenAI usage', () => {
  it('reads prompt, completion and total tokens of a chat completion', () => {
    const { request, response } = fixture('openai-chat-completion-usage-200.json');
    const sample = extractUsage('openai', request, response);

    expect(sample.unit).toBe('tokens');
    expect(sample.inputUnits).toBe(19);
    expect(sample.outputUnits).toBe(10);
    expect(sample.units).toBe(29);
    expect(sample.model).toBe('gpt-5.4');
    expect(sample.measured).toBe(true);
  });

  it('reads input and output tokens of the Responses API', () => {
    const body = { model: 'gpt-4o-mini-2024-07-18', usage: { input_tokens: 36, output_tokens: 87, total_tokens: 123 } };
    const sample = extractUsage('openai', { method: 'POST', path: '/v1/responses' }, jsonResponse(body));

    expect([sample.inputUnits, sample.outputUnits, sample.units]).toEqual([36, 87, 123]);
    expect(sample.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('reads embeddings usage, which has no completion tokens', () => {
    const sample = extractUsage('openai', { method: 'POST', path: '/v1/embeddings' }, jsonResponse({ usage: { prompt_tokens: 8, total_tokens: 8 } }));

    expect([sample.inputUnits, sample.outputUnits, sample.units]).toEqual([8, 0, 8]);
  });

  it('reads the usage chunk of a stream that asked for it', () => {
    const body = [
      'data: {"id":"c1","model":"gpt-4o","choices":[{"delta":{"content":"Hi"}}],"usage":null}',
      '',
      'data: {"id":"c1","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}',
      '',
      'data: [DONE]',
      '',
    ].join('\n');
    const response = { status: 200, headers: { 'content-type': 'text/event-stream' }, body };
    const sample = extractUsage('openai', { method: 'POST', path: '/v1/chat/completions' }, response);

    expect(sample.units).toBe(7);
    expect(sample.model).toBe('gpt-4o');
    expect(sample.measured).toBe(true);
  });

  it('marks a stream without usage as not measured', () => {
    const body = 'data: {"id":"c1","choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n';
    const request = { method: 'POST', path: '/v1/chat/completions', body: '{"model":"gpt-4o","stream":true}' };
    const sample = extractUsage('openai', request, { status: 200, headers: { 'content-type': 'text/event-stream' }, body });

    expect(sample.units).toBe(0);
    expect(sample.measured).toBe(false);
    expect(sample.model).toBe('gpt-4o');
  });

  it('counts no tokens for the list-models probe', () => {
    const { request, response } = fixture('openai-health-probe-list-models-200.json');
    const sample = extractUsage('openai', request, response);

    expect(sample.units).toBe(0);
    expect(sample.measured).toBe(false);
  });
});

describe('ElevenLabs usage', () => {
  const speech = (text: unknown, path = '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM') => ({
    method: 'POST',
    path,
    body: JSON.stringify({ text, model_id: 'eleven_multilingual_v2' }),
  });
  const audio: ProviderResponse = { status: 200, headers: { 'content-type': 'audio/mpeg' }, body: 'ID3' };

  it('bills the characters of the text', () => {
    const sample = extractUsage('elevenlabs', speech('Hello world!'), audio);

    expect(sample.unit).toBe('characters');
    expect(sample.units).toBe(12);
    expect(sample.measured).toBe(true);
  });

  it('counts code points, so an emoji is one character', () => {
    expect(elevenLabsCharacters(speech('Hi 👋'))).toBe(4);
  });

  it('bills the streaming and timestamp variants', () => {
    expect(elevenLabsCharacters(speech('abc', '/v1/text-to-speech/v1/stream'))).toBe(3);
    expect(elevenLabsCharacters(speech('abcd', '/v1/text-to-speech/v1/stream/with-timestamps'))).toBe(4);
  });

  it('bills no characters for reading the subscription', () => {
    const { request, response } = fixture('elevenlabs-health-probe-user-200.json');
    const sample = extractUsage('elevenlabs', request, response);

    expect(sample.units).toBe(0);
    expect(sample.measured).toBe(false);
  });

  it('reads the character quota from the documented user response', () => {
    const { response } = fixture('elevenlabs-health-probe-user-200.json');
    const quota = PROVIDERS.elevenlabs.interpret(response).quota;

    expect(quota).toEqual({ used: 17231, limit: 100000, unit: 'characters', resetsAt: 1738356858 * 1000 });
  });

  it('estimates the characters of a request before it is sent', () => {
    expect(estimateUnits('elevenlabs', speech('twelve chars'))).toBe(12);
    expect(estimateUnits('openai', { method: 'POST', path: '/v1/chat/completions' })).toBe(0);
  });
});

describe('request-priced providers', () => {
  for (const provider of ['mapbox', 'openweather', 'amadeus', 'supabase', 'stripe'] as const) {
    it(`counts one request for ${provider}`, () => {
      const sample = extractUsage(provider, { method: 'GET', path: '/x' }, jsonResponse({}));

      expect(sample).toMatchObject({ unit: 'requests', units: 1, measured: true });
    });
  }
});

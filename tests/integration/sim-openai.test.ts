import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ProviderSimulator } from '../../src/sim/index.ts';
import { formatGoDuration } from '../../src/sim/go-duration.ts';

let openai: ProviderSimulator;

beforeEach(async () => {
  openai = await startSimulator('openai');
});

afterEach(async () => {
  await openai.close();
});

function chat(content: string): Promise<Response> {
  return fetch(`${openai.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${openai.credentials['apiKey']}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });
}

describe('openai chat completions', () => {
  it('return a usage object', async () => {
    const response = await chat('Hello!');
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('reject a body without messages', async () => {
    const response = await fetch(`${openai.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${openai.credentials['apiKey']}` },
      body: JSON.stringify({ model: 'gpt-4o-mini' }),
    });
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error.param).toBe('messages');
  });

  it('reject a body that is not JSON', async () => {
    const response = await fetch(`${openai.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${openai.credentials['apiKey']}` },
      body: 'model=gpt',
    });

    expect(response.status).toBe(400);
  });
});

describe('openai rate-limit headers', () => {
  it('count remaining requests down', async () => {
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${openai.url}/v1/models`, { headers: { authorization: `Bearer ${openai.credentials['apiKey']}` } });
      remaining.push(Number(response.headers.get('x-ratelimit-remaining-requests')));
    }

    expect(remaining[1]).toBe(remaining[0]! - 1);
    expect(remaining[2]).toBe(remaining[1]! - 1);
  });

  it('count remaining tokens down by the usage', async () => {
    const first = await chat('one');
    const second = await chat('two');
    const usage = (await second.json()).usage.total_tokens;

    const before = Number(first.headers.get('x-ratelimit-remaining-tokens'));
    const after = Number(second.headers.get('x-ratelimit-remaining-tokens'));
    expect(before - after).toBe(usage);
  });

  it('carry limits and Go-style reset durations', async () => {
    const response = await chat('Hello!');

    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('500');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('200000');
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);
    expect(response.headers.get('x-ratelimit-reset-tokens')).toMatch(/^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);
  });

  it('are absent on an unauthenticated 401', async () => {
    const response = await fetch(`${openai.url}/v1/models`);

    expect(response.status).toBe(401);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBeNull();
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [12, '12ms'],
    [1000, '1s'],
    [51_189, '51.189s'],
    [1_500, '1.5s'],
    [360_000, '6m0s'],
    [90_050, '1m30.05s'],
    [3_600_000, '1h0m0s'],
  ])('formats %i ms as %s', (ms, expected) => {
    expect(formatGoDuration(ms)).toBe(expected);
  });
});

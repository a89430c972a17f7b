import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ProviderSimulator } from '../../src/sim/index.ts';

let stripe: ProviderSimulator;

beforeEach(async () => {
  stripe = await startSimulator('stripe');
});

afterEach(async () => {
  await stripe.close();
});

function createCustomer(body: string, idempotencyKey?: string): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${stripe.credentials['apiKey']}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

  return fetch(`${stripe.url}/v1/customers`, { method: 'POST', headers, body });
}

describe('stripe customers', () => {
  it('are created from form fields', async () => {
    const response = await createCustomer('email=a%40example.com&name=Ada&metadata%5Bplan%5D=pro');
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.id).toMatch(/^cus_/);
    expect(body.email).toBe('a@example.com');
    expect(body.metadata).toEqual({ plan: 'pro' });
  });

  it('without a key are created anew each time', async () => {
    const first = await (await createCustomer('name=Ada')).json();
    const second = await (await createCustomer('name=Ada')).json();

    expect(first.id).not.toBe(second.id);
  });
});

describe('stripe idempotency', () => {
  it('replays the first response for the same key', async () => {
    const first = await createCustomer('name=Ada', 'key-1');
    const replay = await createCustomer('name=Ada', 'key-1');
    const firstBody = await first.json();

    expect(await replay.json()).toEqual(firstBody);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(replay.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects the same key with other parameters', async () => {
    await createCustomer('name=Ada', 'key-2');
    const response = await createCustomer('name=Grace', 'key-2');
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error.type).toBe('idempotency_error');
    expect(body.error.message).toMatch(/key-2/);
  });

  it('treats different keys as different requests', async () => {
    const first = await (await createCustomer('name=Ada', 'key-3')).json();
    const second = await (await createCustomer('name=Ada', 'key-4')).json();

    expect(first.id).not.toBe(second.id);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from '../../src/sim/control.ts';
import { PROVIDER_IDS } from '../../src/shared/types.ts';
import { DEMO_CREDENTIALS, startSimulators, type SimulatorSet } from '../../src/sim/index.ts';

let sims: SimulatorSet;
let control: ControlServer;

beforeEach(async () => {
  sims = await startSimulators();
  control = await startControlServer(sims);
});

afterEach(async () => {
  await control.close();
  await sims.close();
});

function postFault(body: unknown): Promise<Response> {
  return fetch(`${control.url}/__sim/fault`, { method: 'POST', body: JSON.stringify(body) });
}

function stripeBalance(): Promise<Response> {
  return fetch(`${sims.urls.stripe}/v1/balance`, { headers: { authorization: `Bearer ${sims.credentials.stripe['apiKey']}` } });
}

describe('control server', () => {
  it('sets and clears a fault rule', async () => {
    const set = await postFault({ provider: 'stripe', rule: { fault: { kind: 'server_error', status: 502 } } });
    const faulted = await stripeBalance();
    const clear = await postFault({ provider: 'stripe', rule: null });
    const healthy = await stripeBalance();

    expect(set.status).toBe(204);
    expect(faulted.status).toBe(502);
    expect(clear.status).toBe(204);
    expect(healthy.status).toBe(200);
  });

  it('rejects an unknown fault kind', async () => {
    const response = await postFault({ provider: 'stripe', rule: { fault: { kind: 'meteor' } } });

    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/Invalid fault request/);
  });

  it('rejects an unknown provider', async () => {
    const response = await postFault({ provider: 'twilio', rule: null });

    expect(response.status).toBe(400);
  });

  it('lists and clears recorded requests', async () => {
    await stripeBalance();
    const listed = await (await fetch(`${control.url}/__sim/requests?provider=stripe`)).json();
    await fetch(`${control.url}/__sim/requests?provider=stripe`, { method: 'DELETE' });

    expect(listed).toHaveLength(1);
    expect(listed[0].path).toBe('/v1/balance');
    expect(sims.get('stripe').requests).toHaveLength(0);
  });
});

describe('simulator set', () => {
  it('starts all seven providers with demo credentials', () => {
    expect(Object.keys(sims.urls).sort()).toEqual([...PROVIDER_IDS].sort());
    expect(sims.credentials).toEqual(DEMO_CREDENTIALS);
    for (const id of PROVIDER_IDS) expect(sims.urls[id]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('serve runner', () => {
  it('prints the URLs and stops on SIGTERM', async () => {
    const script = fileURLToPath(new URL('../../src/sim/serve.ts', import.meta.url));
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const started = JSON.parse(line);
      const response = await fetch(`${started.providers.supabase.url}/auth/v1/health`, {
        headers: { apikey: started.providers.supabase.credentials.apiKey },
      });

      expect(response.status).toBe(200);
      expect(started.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGTERM');
    }

    const [code] = await exited;
    expect(code).toBe(0);
  });
});

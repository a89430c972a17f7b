/**
 * Provider simulators: loopback HTTP servers that behave like each provider's
 * public API, for integration tests, end-to-end tests and demo mode. Each
 * simulator keeps the provider's API paths, checks the credential where the
 * provider does, and can play faults (latency, hangs, resets, 429s, quota
 * errors, 5xx, errors inside 200 bodies, rejected keys).
 */
import { PROVIDER_IDS, type ProviderId } from '../shared/types.ts';
import { SimulatorError } from './faults.ts';
import type { HandlerContext, ProviderHandler } from './http.ts';
import { createAmadeusHandler } from './providers/amadeus.ts';
import { createElevenLabsHandler } from './providers/elevenlabs.ts';
import { createMapboxHandler } from './providers/mapbox.ts';
import { createOpenAiHandler } from './providers/openai.ts';
import { createOpenWeatherHandler } from './providers/openweather.ts';
import { createStripeHandler } from './providers/stripe.ts';
import { createSupabaseHandler } from './providers/supabase.ts';
import { startSimServer, type ProviderSimulator } from './server.ts';

export type { Fault, FaultKind, FaultRule } from './faults.ts';
export { FAULT_KINDS, SimulatorError, validateFaultRule } from './faults.ts';
export type { ProviderSimulator, RecordedRequest } from './server.ts';
export { MAX_RECORDED_REQUESTS } from './server.ts';

/** All seven simulators, started together. */
export interface SimulatorSet {
  get(provider: ProviderId): ProviderSimulator;
  readonly urls: Record<ProviderId, string>;
  readonly credentials: Record<ProviderId, Record<string, string>>;
  /** Closes every simulator; resolves when all are closed. */
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The valid credential fields; defaults to `DEMO_CREDENTIALS[provider]`. */
  credentials?: Record<string, string>;
  /** Lifetime in seconds of issued OAuth access tokens (Amadeus). Default 1799, as Amadeus issues. */
  tokenTtlSec?: number;
}

export interface SimulatorSetOptions {
  credentials?: Partial<Record<ProviderId, Record<string, string>>>;
  /** When set, provider `i` of `PROVIDER_IDS` listens on `portBase + i`, else on free ports. */
  portBase?: number;
}

const DEFAULT_TOKEN_TTL_SEC = 1799;

const mapboxPayload = Buffer.from(
  JSON.stringify({ u: 'demo', a: 'cdemo0000000000000000000' }),
).toString('base64url');

/**
 * Fake credentials the simulators accept by default. They are not keys of any
 * real account; demo mode stores them so every panel works without real keys.
 */
export const DEMO_CREDENTIALS: Record<ProviderId, Record<string, string>> = {
  openai: { apiKey: 'sk-demo-0000000000000000000000000000000000000000' },
  amadeus: { clientId: 'demo-amadeus-client-id', clientSecret: 'demo-amadeus-client-secret' },
  mapbox: { apiKey: `pk.${mapboxPayload}.demo-signature` },
  openweather: { apiKey: 'demo0000000000000000000000000000' },
  elevenlabs: { apiKey: 'sk_demo00000000000000000000000000000000000000000000' },
  supabase: { apiKey: 'sb_publishable_demo_000000000000000000000000' },
  stripe: { apiKey: 'sk_test_demo000000000000000000000000' },
};

/** Credential field names each provider's simulator requires. */
export const CREDENTIAL_FIELDS: Record<ProviderId, readonly string[]> = {
  openai: ['apiKey'],
  amadeus: ['clientId', 'clientSecret'],
  mapbox: ['apiKey'],
  openweather: ['apiKey'],
  elevenlabs: ['apiKey'],
  supabase: ['apiKey'],
  stripe: ['apiKey'],
};

const HANDLERS: Record<ProviderId, (context: HandlerContext) => ProviderHandler> = {
  openai: createOpenAiHandler,
  amadeus: createAmadeusHandler,
  mapbox: createMapboxHandler,
  openweather: createOpenWeatherHandler,
  elevenlabs: createElevenLabsHandler,
  supabase: createSupabaseHandler,
  stripe: createStripeHandler,
};

function checkCredentials(provider: ProviderId, credentials: Record<string, string>): void {
  for (const field of CREDENTIAL_FIELDS[provider]) {
    if (typeof credentials[field] !== 'string' || credentials[field] === '') {
      throw new SimulatorError(
        'invalid_option',
        `Credential field "${field}" for the ${provider} simulator is missing; ` +
          'pass a non-empty string.',
      );
    }
  }
}

/**
 * Starts the simulator of one provider on 127.0.0.1 and resolves once it
 * listens. Throws `SimulatorError` (`invalid_option`) for missing credential
 * fields or a negative token TTL.
 */
export async function startSimulator(
  provider: ProviderId,
  options: SimulatorOptions = {},
): Promise<ProviderSimulator> {
  const credentials = options.credentials ?? DEMO_CREDENTIALS[provider];
  checkCredentials(provider, credentials);

  const tokenTtlSec = options.tokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC;
  if (!(tokenTtlSec >= 0)) {
    const message = `tokenTtlSec ${tokenTtlSec} is invalid; use a non-negative number of seconds.`;
    throw new SimulatorError('invalid_option', message);
  }

  const handler = HANDLERS[provider]({ credentials, tokenTtlSec });
  return startSimServer({ provider, handler, credentials, port: options.port ?? 0 });
}

/** Starts all seven simulators. If one fails to start, closes the others and raises its error. */
export async function startSimulators(options: SimulatorSetOptions = {}): Promise<SimulatorSet> {
  const started = await Promise.allSettled(
    PROVIDER_IDS.map((provider, index) =>
      startSimulator(provider, {
        credentials: options.credentials?.[provider],
        port: options.portBase === undefined ? 0 : options.portBase + index,
      }),
    ),
  );

  const simulators = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    throw failure.reason;
  }

  return createSet(simulators);
}

function createSet(simulators: ProviderSimulator[]): SimulatorSet {
  const byProvider = new Map(simulators.map((simulator) => [simulator.provider, simulator]));
  const entries = <T>(pick: (simulator: ProviderSimulator) => T) => {
    const pairs = simulators.map((simulator) => [simulator.provider, pick(simulator)]);
    return Object.fromEntries(pairs) as Record<ProviderId, T>;
  };

  return {
    get(provider) {
      const simulator = byProvider.get(provider);
      if (!simulator) {
        throw new SimulatorError('invalid_option', `No simulator for provider "${provider}".`);
      }

      return simulator;
    },
    urls: entries((simulator) => simulator.url),
    credentials: entries((simulator) => simulator.credentials),
    async close() {
      await Promise.all(simulators.map((simulator) => simulator.close()));
    },
  };
}

/**
 * A large, varied call log written straight into a data folder before the
 * hub opens it. Every row is a pure function of its index, so a test can
 * recompute what the UI must show without reading the file back.
 *
 * Rows come in blocks of six: one call with three attempts (two 503s, then
 * a success or a final 500) and three single-attempt calls whose outcome,
 * status and error cycle through success, 429, 401, a breaker rejection and
 * a cancellation. Every 5,000th row is a network failure whose message
 * contains the rare word `quasar`, for full-text search.
 */
import { HubStore } from '../../src/main/core/store/store.ts';
import { PROVIDER_IDS, type AttemptRecord, type ProviderId } from '../../src/shared/types.ts';

/** Milliseconds between two seeded attempts, unless the shape sets its own. */
export const SEED_SPACING_MS = 1500;

/** A word that only the rare network failures contain. */
export const RARE_WORD = 'quasar';

/** Rows between two rare network failures. */
const RARE_EVERY = 5000;

/** Rows per insert transaction. */
const SEED_BATCH = 10_000;

const OPERATIONS: Record<ProviderId, readonly string[]> = {
  openai: ['chat.completions', 'models', 'embeddings'],
  amadeus: ['flight-offers', 'oauth-token'],
  mapbox: ['geocode', 'directions'],
  openweather: ['current-weather', 'forecast'],
  elevenlabs: ['text-to-speech', 'voices'],
  supabase: ['select', 'insert'],
  stripe: ['create-payment-intent', 'list-charges'],
};

/** Where the seeded rows end: the newest attempt's time and the number of rows. */
export interface SeedShape {
  /** Rows written; a multiple of 6 keeps the newest call whole. */
  count: number;
  /** Time of the newest row, epoch milliseconds. */
  newestTime: number;
  /** Milliseconds between two rows. Default `SEED_SPACING_MS`. */
  spacingMs?: number;
}

type Outcome = Pick<AttemptRecord, 'outcome' | 'httpStatus' | 'errorClass' | 'errorMessage' | 'breakerState'>;

const SUCCESS: Outcome = { outcome: 'success', httpStatus: 200, errorClass: null, errorMessage: null, breakerState: 'closed' };

const SINGLE_OUTCOMES: readonly Outcome[] = [
  SUCCESS,
  SUCCESS,
  SUCCESS,
  SUCCESS,
  SUCCESS,
  SUCCESS,
  { outcome: 'failure', httpStatus: 429, errorClass: 'rate_limit', errorMessage: 'Rate limit reached for requests per minute', breakerState: 'closed' },
  { outcome: 'failure', httpStatus: 401, errorClass: 'auth', errorMessage: 'Invalid API key provided', breakerState: 'closed' },
  { outcome: 'rejected', httpStatus: null, errorClass: 'breaker_open', errorMessage: 'Breaker open after 5 consecutive failures', breakerState: 'open' },
  { outcome: 'cancelled', httpStatus: null, errorClass: 'cancelled', errorMessage: 'The call was cancelled by the caller', breakerState: 'closed' },
];

const UNAVAILABLE: Outcome = {
  outcome: 'failure',
  httpStatus: 503,
  errorClass: 'server',
  errorMessage: 'Service unavailable: the upstream is overloaded',
  breakerState: 'closed',
};

const GAVE_UP: Outcome = {
  outcome: 'failure',
  httpStatus: 500,
  errorClass: 'server',
  errorMessage: 'Internal server error after every retry',
  breakerState: 'closed',
};

const RARE: Outcome = {
  outcome: 'failure',
  httpStatus: null,
  errorClass: 'network',
  errorMessage: `TLS handshake with the ${RARE_WORD} gateway failed`,
  breakerState: 'closed',
};

function outcomeOf(index: number): Outcome {
  const block = Math.floor(index / 6);
  const position = index % 6;
  if (index % RARE_EVERY === RARE_EVERY - 1) return RARE;
  if (position < 2) return UNAVAILABLE;
  if (position === 2) return block % 3 === 0 ? GAVE_UP : SUCCESS;

  return SINGLE_OUTCOMES[(block * 3 + position) % SINGLE_OUTCOMES.length] as Outcome;
}

/** Returns the seeded attempt at `index` (0 is the oldest; its id is `index + 1`). */
export function seededAttempt(index: number, shape: SeedShape): AttemptRecord {
  const block = Math.floor(index / 6);
  const position = index % 6;
  const retried = position < 3;
  const provider = PROVIDER_IDS[(retried ? block : block + position) % PROVIDER_IDS.length] as ProviderId;
  const operations = OPERATIONS[provider];
  const operation = operations[(retried ? block : block + position) % operations.length] as string;

  return {
    id: index + 1,
    time: shape.newestTime - (shape.count - 1 - index) * (shape.spacingMs ?? SEED_SPACING_MS),
    callId: retried ? `seed-${block}-r` : `seed-${block}-${position}`,
    provider,
    operation,
    method: operation.startsWith('create') || operation === 'insert' ? 'POST' : 'GET',
    url: `https://${provider}.example.test/v1/${operation}?page=${block % 50}`,
    latencyMs: 20 + ((index * 37) % 900),
    attempt: retried ? position + 1 : 1,
    requestHeaders: { accept: 'application/json', authorization: '[REDACTED]' },
    ...outcomeOf(index),
  };
}

/** Writes `shape.count` seeded attempts into `<dataDir>/hub.sqlite`, oldest first, and closes the file. */
export function seedCallLog(dataDir: string, shape: SeedShape): void {
  const store = HubStore.open(dataDir);
  try {
    for (let start = 0; start < shape.count; start += SEED_BATCH) {
      const end = Math.min(shape.count, start + SEED_BATCH);
      const rows = Array.from({ length: end - start }, (_, offset) => seededAttempt(start + offset, shape));
      store.insertAttempts(rows);
    }
  } finally {
    store.close();
  }
}

/** Returns the seeded attempts, newest first, for which `keep` is true; at most `limit` of them. */
export function newestSeeded(shape: SeedShape, keep: (record: AttemptRecord) => boolean, limit: number): AttemptRecord[] {
  const found: AttemptRecord[] = [];
  for (let index = shape.count - 1; index >= 0 && found.length < limit; index -= 1) {
    const record = seededAttempt(index, shape);
    if (keep(record)) found.push(record);
  }

  return found;
}

/** Counts the seeded attempts for which `keep` is true. */
export function countSeeded(shape: SeedShape, keep: (record: AttemptRecord) => boolean): number {
  let count = 0;
  for (let index = 0; index < shape.count; index += 1) {
    if (keep(seededAttempt(index, shape))) count += 1;
  }

  return count;
}

/**
 * Reads the usage of one successful call in the provider's own unit: tokens
 * from OpenAI's `usage` object, characters of the text ElevenLabs turned into
 * speech, and one request for every other provider.
 */
import type { ProviderId, UsageUnit } from '../../../shared/types.ts';
import { headerValue, isRecord, numberField, readJsonBody, stringField, type JsonBody } from '../providers/response.ts';
import type { ProviderResponse } from '../providers/types.ts';

/** The request as the caller sent it, before credentials were added. */
export interface UsageRequest {
  method: string;
  path: string;
  body?: string;
}

/** Usage of one call. */
export interface UsageSample {
  unit: UsageUnit;
  /** Total units; for OpenAI the sum of input and output tokens. */
  units: number;
  inputUnits: number;
  outputUnits: number;
  /** The model that served the call (OpenAI), or null. */
  model: string | null;
  /** False when the response carried no usage figures, so `units` is 0 by default, not measured. */
  measured: boolean;
}

/** Unit each provider bills in. */
export const PROVIDER_UNITS: Record<ProviderId, UsageUnit> = {
  openai: 'tokens',
  elevenlabs: 'characters',
  amadeus: 'requests',
  mapbox: 'requests',
  openweather: 'requests',
  supabase: 'requests',
  stripe: 'requests',
};

/** ElevenLabs endpoints that bill the characters of `text`: plain, streaming and with timestamps. */
const ELEVENLABS_TTS_PATH = /^\/v1\/text-to-speech\/[^/]+(?:\/stream)?(?:\/with-timestamps)?\/?$/;

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;

  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function jsonValue(body: JsonBody): unknown {
  return body.kind === 'json' ? body.value : undefined;
}

function requestModel(body: string | undefined): string | null {
  const json = parseJson(body);
  return isRecord(json) ? (stringField(json.model) ?? null) : null;
}

/**
 * Reads an OpenAI `usage` object. Chat completions and embeddings name the
 * fields `prompt_tokens` and `completion_tokens`; the Responses API names
 * them `input_tokens` and `output_tokens`. Returns null when neither is there.
 */
export function readOpenAiUsage(usage: unknown): { input: number; output: number; total: number } | null {
  if (!isRecord(usage)) return null;

  const input = numberField(usage.prompt_tokens) ?? numberField(usage.input_tokens);
  const output = numberField(usage.completion_tokens) ?? numberField(usage.output_tokens) ?? 0;
  const total = numberField(usage.total_tokens) ?? (input === undefined ? undefined : input + output);
  if (input === undefined || total === undefined) return null;

  return { input, output, total };
}

/**
 * Finds the usage of a streamed response (`text/event-stream`). OpenAI sends
 * it in the last chunk only when the request set
 * `stream_options.include_usage`, so a stream without it has no usage.
 */
function streamedOpenAiChunk(body: string): Record<string, unknown> | null {
  let found: Record<string, unknown> | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;

    const chunk = parseJson(line.slice(5).trim());
    if (isRecord(chunk) && isRecord(chunk.usage)) found = chunk;
    // The Responses API nests usage in the final `response.completed` event.
    if (isRecord(chunk) && isRecord(chunk.response) && isRecord(chunk.response.usage)) found = chunk.response;
  }
  return found;
}

function openAiSample(request: UsageRequest, response: ProviderResponse): UsageSample {
  const streamed = headerValue(response.headers, 'content-type')?.includes('text/event-stream') ?? false;
  const json = streamed ? streamedOpenAiChunk(response.body) : jsonValue(readJsonBody(response));
  const usage = isRecord(json) ? readOpenAiUsage(json.usage) : null;
  const model = (isRecord(json) ? stringField(json.model) : undefined) ?? requestModel(request.body);
  if (!usage) return { unit: 'tokens', units: 0, inputUnits: 0, outputUnits: 0, model, measured: false };

  return { unit: 'tokens', units: usage.total, inputUnits: usage.input, outputUnits: usage.output, model, measured: true };
}

/**
 * Counts the characters ElevenLabs bills for a text-to-speech request: the
 * length of `text` in Unicode code points. Other endpoints bill no characters.
 */
export function elevenLabsCharacters(request: UsageRequest): number | null {
  if (request.method !== 'POST' || !ELEVENLABS_TTS_PATH.test(request.path)) return null;

  const json = parseJson(request.body);
  const text = isRecord(json) ? json.text : undefined;
  return typeof text === 'string' ? [...text].length : null;
}

function elevenLabsSample(request: UsageRequest): UsageSample {
  const characters = elevenLabsCharacters(request);
  const units = characters ?? 0;
  return { unit: 'characters', units, inputUnits: units, outputUnits: 0, model: null, measured: characters !== null };
}

/** Reads the usage of one successful call to `provider`. */
export function extractUsage(provider: ProviderId, request: UsageRequest, response: ProviderResponse): UsageSample {
  if (provider === 'openai') return openAiSample(request, response);
  if (provider === 'elevenlabs') return elevenLabsSample(request);

  return { unit: 'requests', units: 1, inputUnits: 1, outputUnits: 0, model: null, measured: true };
}

/**
 * Estimates the units a request will use before it is sent, for the hard
 * stop: the text length for ElevenLabs speech, one for request-priced
 * providers, and 0 for OpenAI, whose token count is known only afterwards.
 */
export function estimateUnits(provider: ProviderId, request: UsageRequest): number {
  if (provider === 'openai') return 0;
  if (provider === 'elevenlabs') return elevenLabsCharacters(request) ?? 0;

  return 1;
}

/**
 * Building blocks for `interpret`: the default status classification, JSON
 * body reading and message clean-up. Each provider file composes them with
 * its own error-body rules through `createInterpreter`.
 */
import type { ErrorClass } from '../../../shared/types.ts';
import { redactCredentialShapes } from './redact.ts';
import type { Interpretation, ProviderResponse } from './types.ts';

/** Maximum length of `Interpretation.message`, in characters. */
export const MAX_MESSAGE_LENGTH = 300;

/** Returns a header value, matching the name without regard to case. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const expected = name.toLowerCase();
  // The HTTP client stores names in lower case, so the direct lookup usually finds the header.
  const direct = headers[expected];
  if (direct !== undefined) return direct;

  // Keys instead of entries: this runs for several headers of every response.
  for (const key of Object.keys(headers)) {
    if (key === expected || key.toLowerCase() === expected) return headers[key];
  }
  return undefined;
}

/**
 * Classifies an HTTP status the way the providers' docs do: 401 and 403 are
 * `auth`, 429 `rate_limit`, 408 and 5xx `server`, any other status outside
 * 2xx `client`. Returns null for 2xx.
 */
export function classifyStatus(status: number): ErrorClass | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status >= 500) return 'server';
  return 'client';
}

export type JsonBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; text: string }
  | { kind: 'empty' }
  /** A body whose content type is not JSON, such as audio or an image. */
  | { kind: 'other'; text: string };

function declaresNonJson(contentType: string | undefined): boolean {
  if (!contentType) return false;

  const type = contentType.toLowerCase();
  return !type.includes('json') && !type.startsWith('text/plain');
}

// The parsed body, kept on the response itself, because the interpretation
// and the usage reading both need it for every successful call. A WeakMap
// entry per response cost about 1 µs per call in CPU profiles of the call path.
const PARSED_BODY = Symbol('parsedBody');

/**
 * Reads the body as JSON unless its content type names another format. A
 * missing content type counts as JSON. The result is kept for the life of
 * the response object, which must not change after it is read.
 */
export function readJsonBody(response: ProviderResponse): JsonBody {
  const holder = response as ProviderResponse & { [PARSED_BODY]?: JsonBody };
  let body = holder[PARSED_BODY];
  if (!body) {
    body = parseBody(response);
    if (Object.isExtensible(response)) holder[PARSED_BODY] = body;
  }
  return body;
}

function parseBody(response: ProviderResponse): JsonBody {
  const text = response.body ?? '';
  const contentType = headerValue(response.headers, 'content-type');
  if (declaresNonJson(contentType)) return { kind: 'other', text };
  if (text.trim() === '') return { kind: 'empty' };

  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'invalid', text };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a string as is and a finite number as a string. Anything else becomes undefined. */
export function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Returns a finite number as is and a numeric string as a number, else undefined. */
export function numberField(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;

  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Turns a provider message into one short line: credential-shaped text
 * redacted, whitespace collapsed, cut to 300 characters with an ellipsis.
 * Returns null for anything that is not a non-empty string.
 */
export function shortMessage(value: unknown): string | null {
  if (typeof value !== 'string') return null;

  const line = redactCredentialShapes(value).replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  if (line.length <= MAX_MESSAGE_LENGTH) return line;
  return `${line.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

/** Message for a body that is not JSON: short plain text is kept, HTML error pages are not. */
function textMessage(text: string): string | null {
  if (/^\s*</.test(text)) return null;
  return shortMessage(text);
}

/** Message and code read from a provider's error body. */
export interface ErrorDetails {
  message: string | null;
  code?: string;
}

/** The provider-specific rules that `createInterpreter` applies. */
export interface InterpreterSpec {
  /** Reads the message and code of a non-2xx JSON body. */
  errorDetails(json: unknown): ErrorDetails;
  /** Overrides the status class for documented codes, such as quota errors sent with a 429. */
  classify?(status: number, details: ErrorDetails): ErrorClass | null;
  /** Finds a failure inside a 2xx JSON body, or returns null when the body is a success. */
  bodyFailure?(json: unknown): (ErrorDetails & { errorClass: ErrorClass }) | null;
  /** Adds rate-limit or quota hints from any response. */
  hints?(response: ProviderResponse, json: unknown): Pick<Interpretation, 'rateLimit' | 'quota'>;
}

function failure(errorClass: ErrorClass, details: ErrorDetails): Interpretation {
  const result: Interpretation = { ok: false, errorClass, message: details.message };
  if (details.code !== undefined) result.providerCode = details.code;
  return result;
}

function interpretSuccess(
  spec: InterpreterSpec,
  response: ProviderResponse,
  body: JsonBody,
): Interpretation {
  if (body.kind === 'invalid') {
    return failure('body_error', { message: 'The response body is not valid JSON.' });
  }
  if (body.kind === 'empty' && response.status !== 204 && response.status !== 205) {
    return failure('body_error', { message: 'The response body is empty; JSON was expected.' });
  }

  const json = body.kind === 'json' ? body.value : undefined;
  const inner = json === undefined ? null : (spec.bodyFailure?.(json) ?? null);
  if (inner) return failure(inner.errorClass, inner);

  return { ok: true, errorClass: null, message: null };
}

function interpretFailure(
  spec: InterpreterSpec,
  response: ProviderResponse,
  body: JsonBody,
): Interpretation {
  let details: ErrorDetails = { message: null };
  if (body.kind === 'json') details = spec.errorDetails(body.value);
  if (body.kind === 'invalid' || body.kind === 'other') {
    details = { message: textMessage(body.text) };
  }

  const errorClass = spec.classify?.(response.status, details) ?? classifyStatus(response.status);
  return failure(errorClass ?? 'client', details);
}

/** Builds an `interpret` function from a provider's rules. */
export function createInterpreter(
  spec: InterpreterSpec,
): (response: ProviderResponse) => Interpretation {
  return (response) => {
    const body = readJsonBody(response);
    const success = response.status >= 200 && response.status < 300;
    const result = success
      ? interpretSuccess(spec, response, body)
      : interpretFailure(spec, response, body);

    const hints = spec.hints?.(response, body.kind === 'json' ? body.value : undefined) ?? {};
    if (hints.rateLimit) result.rateLimit = hints.rateLimit;
    if (hints.quota) result.quota = hints.quota;
    return result;
  };
}

/**
 * Base URLs: validation of the user's value and the rule that joins it with
 * an API path.
 *
 * Rule: every API path in the catalog is absolute (`/v1/models`) and every
 * default base URL is a bare origin. A base URL replaces the scheme, host and
 * port and keeps the API path, so `http://127.0.0.1:8080` sends OpenAI's
 * model list to `http://127.0.0.1:8080/v1/models`. A base URL with a path
 * keeps it as a prefix for proxies: `https://gw.example/openai` gives
 * `https://gw.example/openai/v1/models`. A base URL that already ends with
 * the start of the API path, as in the SDKs' `https://api.openai.com/v1`,
 * is not repeated: it also gives `https://api.openai.com/v1/models`.
 */
import { invalidArgument } from '../errors.ts';
import { ProviderError } from './errors.ts';
import type { ProviderDefinition } from './types.ts';

/** Maximum length of a rejected value that an error message repeats. */
const MAX_DISPLAY_LENGTH = 200;

/**
 * Returns the value for an error message: on one line, cut to 200
 * characters, and with everything between `://` and the last `@` replaced,
 * because that part may be a token or a password however it is spelled.
 */
function displayValue(value: string): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ');
  const short = oneLine.length > MAX_DISPLAY_LENGTH ? `${oneLine.slice(0, MAX_DISPLAY_LENGTH)}…` : oneLine;
  return short.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/i, '$1[REDACTED]@');
}

/** Maximum length of a base URL, as in the bridge contract. */
export const MAX_BASE_URL_LENGTH = 2048;

const ENTER_URL = 'enter an absolute http or https URL, such as https://api.example.com.';
const CREDENTIALS_GO_ELSEWHERE = "credentials go in the provider's credential fields.";

function reject(value: string, reason: string): never {
  throw invalidArgument(`Invalid base URL "${displayValue(value)}": ${reason}`);
}

function parse(value: string): URL {
  try {
    return new URL(value);
  } catch {
    return reject(value, ENTER_URL);
  }
}

/**
 * Returns the base URL normalised to `scheme://host[:port][/prefix]`, with
 * the host in lower case, a default port dropped and no trailing slash.
 * Throws a `HubError` with code `invalid_argument`, naming the value and the
 * fix, when the value is not an absolute http or https URL, carries a user
 * name or password, or has a query string or fragment.
 */
export function validateBaseUrl(value: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') reject(String(value ?? ''), ENTER_URL);
  if (text.length > MAX_BASE_URL_LENGTH) reject(text, `use at most ${MAX_BASE_URL_LENGTH} characters.`);

  const url = parse(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    reject(text, `the scheme ${url.protocol.slice(0, -1)} is not supported; use http or https.`);
  }
  if (url.username !== '' || url.password !== '') {
    reject(text, `remove the user name and password; ${CREDENTIALS_GO_ELSEWHERE}`);
  }
  if (url.search !== '' || text.includes('?')) {
    reject(text, `remove the query string; ${CREDENTIALS_GO_ELSEWHERE}`);
  }
  if (url.hash !== '' || text.includes('#')) reject(text, 'remove the fragment after "#".');

  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Returns the base URL a request goes to: the validated user value, else the
 * provider's default, else null when the provider has none (Supabase).
 */
export function effectiveBaseUrl(
  definition: ProviderDefinition,
  baseUrl: string | null,
): string | null {
  if (baseUrl !== null && baseUrl.trim() !== '') return validatedBaseUrl(baseUrl);
  return definition.defaultBaseUrl === '' ? null : definition.defaultBaseUrl;
}

// Valid base URLs by the user's value: every attempt resolves its URL, and
// parsing the same few values each time costs more than the join itself.
const validated = new Map<string, string>();
const MAX_VALIDATED = 64;

function validatedBaseUrl(value: string): string {
  let result = validated.get(value);
  if (result === undefined) {
    result = validateBaseUrl(value);
    if (validated.size >= MAX_VALIDATED) validated.clear();
    validated.set(value, result);
  }
  return result;
}

/**
 * Returns the sentence that explains how to set a required base URL. The
 * environment variables are named only for the `hub` command (`headless`),
 * because the app does not read them.
 */
export function baseUrlHint(definition: ProviderDefinition, options: { headless?: boolean } = { headless: true }): string {
  const variables = definition.baseUrlEnv.join(' or ');
  const env = variables === '' || !options.headless ? '' : ` or set ${variables}`;
  const example =
    definition.id === 'supabase'
      ? 'the project URL, https://<project-ref>.supabase.co'
      : 'the API URL';
  return `${definition.name} has no default host: set its base URL to ${example}${env}.`;
}

/**
 * Joins the base URL (see the rule in this file's header) with an API path
 * and query parameters. Throws `invalid_argument` for a bad base URL and a
 * `ProviderError` of class `unconfigured` when the provider needs a base URL
 * and none is set.
 */
export function resolveUrl(
  definition: ProviderDefinition,
  baseUrl: string | null,
  path: string,
  query: Record<string, string> = {},
): URL {
  const base = effectiveBaseUrl(definition, baseUrl);
  if (base === null) {
    throw new ProviderError(definition.id, 'unconfigured', baseUrlHint(definition));
  }

  const names = Object.keys(query);
  if (names.length === 0) return new URL(joinedHref(base, path));

  const url = new URL(joinedHref(base, path));
  for (const name of names) url.searchParams.set(name, query[name] as string);
  return url;
}

// Joined URLs by base and path: most calls go to the same few endpoints,
// and parsing one finished URL costs less than building it again.
const joined = new Map<string, string>();
const MAX_JOINED = 256;

/** A path segment that names an API version, such as `v1` or `2.5`. */
const VERSION_SEGMENT = /^(?:v\d+(?:\.\d+)*|\d+(?:\.\d+)+)$/;

/**
 * Joins a base URL path and an API path. When the end of `prefix` repeats
 * the start of `path` up to a version segment (`/v1` and `/v1/models`, or
 * `/rest/v1` and `/rest/v1/items`), the repeated segments appear once. Any
 * other prefix, such as a proxy's `/data`, is kept in front of the API path.
 */
function joinPaths(prefix: string, path: string): string {
  const base = prefix.split('/').filter(Boolean);
  const api = path.split('/').filter(Boolean);
  for (let overlap = Math.min(base.length, api.length - 1); overlap > 0; overlap -= 1) {
    const tail = base.slice(base.length - overlap);
    const repeated = tail.every((segment, index) => segment === api[index]);
    if (repeated && VERSION_SEGMENT.test(tail.at(-1) as string)) return `${prefix}${dropSegments(path, tail)}`;
  }
  return `${prefix}${path}`;
}

/** Returns `path` without its leading `segments`, keeping the rest of it exactly as written. */
function dropSegments(path: string, segments: readonly string[]): string {
  let rest = path;
  for (const segment of segments) rest = rest.slice(rest.indexOf(segment) + segment.length);
  return rest;
}

function joinedHref(base: string, path: string): string {
  const key = `${base}\n${path}`;
  let href = joined.get(key);
  if (href === undefined) {
    const url = new URL(base);
    const prefix = url.pathname.replace(/\/+$/, '');
    url.pathname = joinPaths(prefix, path.startsWith('/') ? path : `/${path}`);
    href = url.href;
    if (joined.size >= MAX_JOINED) joined.clear();
    joined.set(key, href);
  }
  return href;
}

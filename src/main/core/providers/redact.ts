/**
 * Redaction of credentials from text, URLs and headers before anything is
 * logged or shown. URLs are treated as plain text, so a malformed URL is
 * redacted like any other and never makes a function here throw.
 */
import type { ProviderDefinition } from './types.ts';

export const REDACTED = '[REDACTED]';

/** Query parameters redacted for every provider, on top of each definition's own. */
const COMMON_SECRET_PARAMS = [
  'access_token',
  'api_key',
  'apikey',
  'appid',
  'client_secret',
  'key',
  'token',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes an encoded form so that its `%XX` escapes match in either letter case. */
function encodedPattern(encoded: string): string {
  return escapeRegExp(encoded).replace(/%([0-9A-F]{2})/g, (_, hex: string) => {
    return `%(?:${hex}|${hex.toLowerCase()})`;
  });
}

/** Returns patterns for the raw secret and the forms it takes in URLs and form bodies. */
function secretForms(secret: string): string[] {
  const forms = new Set([escapeRegExp(secret)]);
  forms.add(encodedPattern(encodeURIComponent(secret)));
  forms.add(encodedPattern(new URLSearchParams({ s: secret }).toString().slice(2)));
  forms.add(encodedPattern(encodeURI(secret)));
  return [...forms];
}

// Compiled patterns by secret or parameter list: every attempt record is
// redacted on the call path, and building the patterns costs more than using them.
const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 256;

function cachedPattern(key: string, build: () => RegExp): RegExp {
  let pattern = patterns.get(key);
  if (!pattern) {
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    pattern = build();
    patterns.set(key, pattern);
  }
  return pattern;
}

// Results by input, for the texts the call path redacts on every attempt: the
// same few URLs and header values recur with the same credentials. Bounded
// like the patterns; both already hold the credential values as keys.
const MAX_RESULTS = 512;

/** Texts longer than this are redacted each time rather than kept as cache keys. */
const MAX_CACHED_TEXT = 2048;

function cachedResult(cache: Map<string, string>, key: string, redact: () => string): string {
  let result = cache.get(key);
  if (result === undefined) {
    if (cache.size >= MAX_RESULTS) cache.clear();
    result = redact();
    cache.set(key, result);
  }
  return result;
}

const textResults = new Map<string, string>();

/** An unambiguous key of secrets and text: each secret prefixed with its length. */
function resultKey(secrets: readonly string[], text: string): string {
  let key = '';
  for (const secret of secrets) key += `${secret.length}:${secret}`;
  return `${key}|${text}`;
}

/**
 * Replaces every occurrence of each secret with `[REDACTED]`, in raw,
 * percent-encoded (either hex case) and form-encoded form. Empty secrets are
 * ignored; longer secrets are replaced first, so one secret that contains
 * another is still removed whole.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const input = String(text);
  if (secrets.length === 0) return input;
  if (input.length > MAX_CACHED_TEXT) return redactTextNow(input, secrets);

  return cachedResult(textResults, resultKey(secrets, input), () => redactTextNow(input, secrets));
}

function redactTextNow(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets.filter((secret) => secret.length > 0))];
  values.sort((a, b) => b.length - a.length);

  let result = String(text);
  for (const secret of values) {
    const pattern = cachedPattern(`secret:${secret}`, () => new RegExp(secretForms(secret).join('|'), 'g'));
    result = result.replace(pattern, REDACTED);
  }
  return result;
}

/** Replaces the values of the named query parameters, matched without regard to case. */
function redactQueryParams(url: string, names: readonly string[]): string {
  // Parameters follow `?`, so a text without one has nothing to replace.
  if (!url.includes('?') && !url.includes('&') && !url.includes(';')) return url;

  const alternatives = names.map(escapeRegExp).join('|');
  const pattern = cachedPattern(`params:${alternatives}`, () => new RegExp(`([?&;](?:${alternatives})=)[^&#;\\s]*`, 'gi'));
  return url.replace(pattern, `$1${REDACTED}`);
}

// The secret parameter names of each provider, with the common ones, by the definition's list.
const paramNames = new WeakMap<readonly string[], readonly string[]>();

function secretParamNames(definitionParams: readonly string[]): readonly string[] {
  let names = paramNames.get(definitionParams);
  if (!names) {
    names = [...new Set([...definitionParams, ...COMMON_SECRET_PARAMS])];
    paramNames.set(definitionParams, names);
  }
  return names;
}

const urlResults = new WeakMap<readonly string[], Map<string, string>>();

/** Replaces the password of `scheme://user:password@host` URLs. */
function redactUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)[^/@\s]*@/i, `$1${REDACTED}@`);
}

/**
 * Returns the URL with the values of the provider's secret query parameters
 * (and of common ones such as `access_token` and `key`) replaced by
 * `[REDACTED]`, any password in the URL removed, and every value in `secrets`
 * redacted wherever it appears. Works on malformed URLs as plain text.
 */
export function redactUrl(
  url: string | URL,
  definition: Pick<ProviderDefinition, 'secretQueryParams'>,
  secrets: readonly string[] = [],
): string {
  const input = String(url);
  if (input.length > MAX_CACHED_TEXT) return redactUrlNow(input, definition.secretQueryParams, secrets);

  let results = urlResults.get(definition.secretQueryParams);
  if (!results) {
    results = new Map();
    urlResults.set(definition.secretQueryParams, results);
  }
  return cachedResult(results, resultKey(secrets, input), () => redactUrlNow(input, definition.secretQueryParams, secrets));
}

function redactUrlNow(url: string, definitionParams: readonly string[], secrets: readonly string[]): string {
  const text = redactUserInfo(redactQueryParams(url, secretParamNames(definitionParams)));
  return redactTextNow(text, secrets);
}

/** Returns a copy of `headers` with the provider's secret headers replaced by `[REDACTED]`. */
export function redactHeaders(
  headers: Record<string, string>,
  definition: Pick<ProviderDefinition, 'secretHeaders'>,
): Record<string, string> {
  const secret = secretHeaderNames(definition.secretHeaders);
  const entries = Object.entries(headers).map(([name, value]) => {
    return [name, secret.has(name.toLowerCase()) ? REDACTED : value];
  });
  return Object.fromEntries(entries) as Record<string, string>;
}

const headerNames = new WeakMap<readonly string[], ReadonlySet<string>>();

function secretHeaderNames(definitionHeaders: readonly string[]): ReadonlySet<string> {
  let names = headerNames.get(definitionHeaders);
  if (!names) {
    names = new Set(['authorization', ...definitionHeaders]);
    headerNames.set(definitionHeaders, names);
  }
  return names;
}

const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** Shapes of well-known credentials that a provider might echo in an error message. */
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b(?:pk|sk|tk)\.eyJ[A-Za-z0-9._-]{16,}/g,
  /\bsb_(?:secret|publishable)_[A-Za-z0-9_-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/**
 * Redacts text that looks like a credential when the values themselves are
 * unknown: bearer tokens, Stripe, OpenAI, Mapbox and Supabase keys, JWTs,
 * and secret query parameters. Masked keys such as `sk-test-****-key` stay
 * readable. Callers that know the credential values should also apply
 * `redactText`, because a key of an unknown shape passes through here.
 */
export function redactCredentialShapes(text: string): string {
  const input = String(text);
  if (input.length > MAX_CACHED_TEXT) return redactShapesNow(input);

  return cachedResult(shapeResults, input, () => redactShapesNow(input));
}

const shapeResults = new Map<string, string>();

function redactShapesNow(text: string): string {
  let result = redactQueryParams(text, COMMON_SECRET_PARAMS);
  result = result.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
  for (const shape of CREDENTIAL_SHAPES) {
    result = result.replace(shape, REDACTED);
  }
  return result;
}

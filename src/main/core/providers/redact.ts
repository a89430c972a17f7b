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

/**
 * Replaces every occurrence of each secret with `[REDACTED]`, in raw,
 * percent-encoded (either hex case) and form-encoded form. Empty secrets are
 * ignored; longer secrets are replaced first, so one secret that contains
 * another is still removed whole.
 */
export function redactText(text: string, secrets: readonly string[]): string {
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
  const alternatives = names.map(escapeRegExp).join('|');
  const pattern = cachedPattern(`params:${alternatives}`, () => new RegExp(`([?&;](?:${alternatives})=)[^&#;\\s]*`, 'gi'));
  return url.replace(pattern, `$1${REDACTED}`);
}

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
  const names = [...new Set([...definition.secretQueryParams, ...COMMON_SECRET_PARAMS])];
  const text = redactUserInfo(redactQueryParams(String(url), names));
  return redactText(text, secrets);
}

/** Returns a copy of `headers` with the provider's secret headers replaced by `[REDACTED]`. */
export function redactHeaders(
  headers: Record<string, string>,
  definition: Pick<ProviderDefinition, 'secretHeaders'>,
): Record<string, string> {
  const secret = new Set(['authorization', ...definition.secretHeaders]);
  const entries = Object.entries(headers).map(([name, value]) => {
    return [name, secret.has(name.toLowerCase()) ? REDACTED : value];
  });
  return Object.fromEntries(entries) as Record<string, string>;
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
  let result = redactQueryParams(String(text), COMMON_SECRET_PARAMS);
  result = result.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
  for (const shape of CREDENTIAL_SHAPES) {
    result = result.replace(shape, REDACTED);
  }
  return result;
}

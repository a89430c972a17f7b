/**
 * Copy-on-write helpers for `OutgoingRequest`, so `authorize` never changes
 * the caller's request.
 */
import type { OutgoingRequest } from './types.ts';

/**
 * Returns a copy with the headers set. A header already present under
 * another letter case is replaced, so a request never carries two
 * `Authorization` headers.
 */
export function withHeaders(
  request: OutgoingRequest,
  headers: Record<string, string>,
): OutgoingRequest {
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const otherHeaders = Object.entries(request.headers).filter(
    ([name]) => !names.has(name.toLowerCase()),
  );
  const merged = { ...Object.fromEntries(otherHeaders), ...headers };
  return { ...request, query: { ...request.query }, headers: merged };
}

/** Returns a copy with the query parameters set. */
export function withQuery(
  request: OutgoingRequest,
  query: Record<string, string>,
): OutgoingRequest {
  return { ...request, query: { ...request.query, ...query }, headers: { ...request.headers } };
}

/**
 * Call ids: UUID version 7 (RFC 9562), whose first 48 bits are the Unix time
 * in milliseconds. Ids of calls made close together sort close together, so
 * the call log's `call_id` index grows at its end instead of touching a
 * random page of the index for every attempt it writes.
 */
import { randomUUID } from 'node:crypto';

/** Returns a new UUIDv7 for a call started at `now` (epoch milliseconds; default: the system time). */
export function newCallId(now: number = Date.now()): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  // The random UUID supplies the 74 random bits and the RFC variant; only the version changes.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/**
 * Faults a simulator can inject, and the rule state that counts how many
 * requests a fault still applies to.
 */

/** A failure the simulator plays instead of, or on top of, the normal response. */
export type Fault =
  /** Sends the normal response after `ms` milliseconds. */
  | { kind: 'latency'; ms: number }
  /** Accepts the request and never responds, until the client gives up or the simulator closes. */
  | { kind: 'hang' }
  /** Destroys the socket before any response byte. */
  | { kind: 'reset' }
  /** The provider's documented 429 with `Retry-After` and the provider's own retry headers. */
  | { kind: 'rate_limit'; retryAfterSec: number }
  /** The provider's non-transient quota or billing error. */
  | { kind: 'quota' }
  /** A 5xx (500 by default) with the provider's body. */
  | { kind: 'server_error'; status?: number }
  /** A failure inside a 200 body where the provider does that, else a 500. */
  | { kind: 'body_error' }
  /** Rejects every credential as invalid. */
  | { kind: 'invalid_key' };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  fault: Fault;
  /** How many requests the fault applies to; every request until cleared when omitted. */
  times?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'hang',
  'reset',
  'rate_limit',
  'quota',
  'server_error',
  'body_error',
  'invalid_key',
];

/** Raised for an invalid fault rule or simulator option, with a code callers can test. */
export class SimulatorError extends Error {
  readonly code: 'invalid_fault' | 'invalid_option';

  constructor(code: 'invalid_fault' | 'invalid_option', message: string) {
    super(message);
    this.name = 'SimulatorError';
    this.code = code;
  }
}

/** Throws a `SimulatorError` when `rule` has values no fault can use. */
export function validateFaultRule(rule: FaultRule): void {
  const { fault, times } = rule;
  if (!FAULT_KINDS.includes(fault.kind)) {
    invalidFault(`Unknown fault kind "${String(fault.kind)}"; use one of ${FAULT_KINDS.join(', ')}.`);
  }
  if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
    invalidFault(`Fault times ${times} is invalid; use a positive integer or omit it.`);
  }
  if (fault.kind === 'latency' && !(fault.ms >= 0)) {
    invalidFault(`Latency ${fault.ms} ms is invalid; use a non-negative number.`);
  }
  if (fault.kind === 'rate_limit' && !(fault.retryAfterSec >= 0)) {
    invalidFault(`retryAfterSec ${fault.retryAfterSec} is invalid; use a non-negative number.`);
  }
  if (fault.kind === 'server_error' && fault.status !== undefined && !isServerStatus(fault.status)) {
    invalidFault(`Server error status ${fault.status} is invalid; use a 5xx status.`);
  }
}

function isServerStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 500 && status <= 599;
}

function invalidFault(message: string): never {
  throw new SimulatorError('invalid_fault', message);
}

/** The active rule of one simulator, consumed one request at a time. */
export class FaultState {
  private rule: FaultRule | null = null;
  private remaining = Infinity;

  set(rule: FaultRule | null): void {
    if (rule) validateFaultRule(rule);

    this.rule = rule;
    this.remaining = rule?.times ?? Infinity;
  }

  /** Returns the fault for the next request and counts it against `times`. */
  take(): Fault | null {
    if (!this.rule) return null;

    const { fault } = this.rule;
    this.remaining -= 1;
    if (this.remaining <= 0) this.rule = null;

    return fault;
  }
}

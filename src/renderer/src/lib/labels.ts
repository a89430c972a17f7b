/**
 * Words for the codes the hub stores, such as "Rate limited" for the error
 * class `rate_limit`. Filters and exports keep the codes, and only the text
 * on screen uses these labels.
 */
import type { ErrorClass, ResilienceEventType } from '../../../shared/types.ts';

const ERROR_CLASS_LABELS: Readonly<Record<ErrorClass, string>> = {
  auth: 'Auth failed',
  rate_limit: 'Rate limited',
  quota: 'Quota exceeded',
  client: 'Client error',
  server: 'Server error',
  timeout: 'Timed out',
  network: 'Network error',
  body_error: 'Error in body',
  breaker_open: 'Breaker open',
  unconfigured: 'Missing credential',
  cancelled: 'Cancelled',
};

const EVENT_TYPE_LABELS: Readonly<Record<ResilienceEventType, string>> = {
  retry: 'Retry',
  break: 'Breaker opened',
  'half-open': 'Breaker half-open',
  reset: 'Breaker closed',
  'give-up': 'Gave up',
  throttle: 'Throttled',
};

/** Returns the label of an error class, such as "Rate limited" for `rate_limit`. */
export function errorClassLabel(errorClass: ErrorClass): string {
  return ERROR_CLASS_LABELS[errorClass];
}

/** Returns the label of a resilience event type, such as "Gave up" for `give-up`. */
export function eventTypeLabel(type: ResilienceEventType): string {
  return EVENT_TYPE_LABELS[type];
}

/** Mapping of settings errors to the form field they concern. */

/** Error text per settings field. `form` contains errors that name no field. */
export interface SettingsErrors {
  baseUrl?: string;
  enabled?: string;
  probeIntervalSec?: string;
  form?: string;
}

/** Limits of the probe interval in seconds, as the bridge contract checks them. */
export const PROBE_INTERVAL_MIN_SEC = 5;
export const PROBE_INTERVAL_MAX_SEC = 86_400;

const FIELD_PATTERNS: [keyof SettingsErrors, RegExp][] = [
  ['baseUrl', /base ?url/i],
  ['probeIntervalSec', /probe ?interval/i],
  ['enabled', /\benabled\b/i],
];

/**
 * Returns the field an error message names, such as `baseUrl` for
 * `patch.baseUrl: Invalid URL`, or `form` when it names none.
 */
export function fieldOfError(message: string): keyof SettingsErrors {
  const match = FIELD_PATTERNS.find(([, pattern]) => pattern.test(message));

  return match ? match[0] : 'form';
}

/**
 * Parses the probe interval input. Returns whole seconds, or an error message
 * naming the value and the range when the text is empty, not a whole number
 * or outside the range the bridge accepts.
 */
export function parseProbeInterval(text: string): number | string {
  const seconds = Number(text.trim());
  const inRange = seconds >= PROBE_INTERVAL_MIN_SEC && seconds <= PROBE_INTERVAL_MAX_SEC;
  if (text.trim() === '' || !Number.isInteger(seconds) || !inRange) {
    const range = `${PROBE_INTERVAL_MIN_SEC} to ${PROBE_INTERVAL_MAX_SEC} (24 hours)`;
    return `Invalid probe interval "${text}": enter whole seconds, from ${range}.`;
  }

  return seconds;
}

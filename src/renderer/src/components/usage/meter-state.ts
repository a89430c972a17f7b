/** States of a quota bar, and the text that names the state as well as its colour. */

/** State of a meter: below the warning level, at or past it, or at or past the limit. */
export type MeterState = 'normal' | 'warning' | 'exceeded';

/**
 * Returns the state of a meter at `percent` of its limit. It is exceeded from
 * 100 %, a warning from the lowest alert threshold below 100 (none when every
 * threshold is 100 or more), and normal otherwise.
 */
export function meterState(percent: number, thresholds: readonly number[]): MeterState {
  if (percent >= 100) return 'exceeded';

  const warningFrom = Math.min(...thresholds);
  return percent >= warningFrom ? 'warning' : 'normal';
}

/** Formats the share of a limit used, rounded down, such as "85%". Any use of a zero limit reads "over 100%". */
export function formatPercent(percent: number): string {
  return Number.isFinite(percent) ? `${Math.floor(percent)}%` : 'over 100%';
}

const STATE_NOTES: Record<MeterState, string> = {
  normal: '',
  warning: 'near the limit',
  exceeded: 'limit reached',
};

/** Returns the visible status of a meter, such as "85%, near the limit" or "150%, over the limit". */
export function meterStatus(percent: number, state: MeterState): string {
  // Any use of a zero limit is infinitely many percent, so only the words are shown.
  if (!Number.isFinite(percent)) return 'over the limit';

  const share = formatPercent(percent);
  if (state === 'exceeded' && percent > 100) return `${share}, over the limit`;

  return STATE_NOTES[state] === '' ? share : `${share}, ${STATE_NOTES[state]}`;
}

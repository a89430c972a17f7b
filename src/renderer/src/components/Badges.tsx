/**
 * State badges. Each shows its state as text next to the colour, so the
 * meaning never rests on colour alone.
 */
import { STATUS_LABELS } from '../../../shared/status.ts';
import type { AttemptOutcome, BreakerState, HealthStatus } from '../../../shared/types.ts';
import { STATUS_DESCRIPTIONS } from '../lib/status.ts';

interface StatusBadgeProps {
  status: HealthStatus;
  testId?: string;
}

/** Health status pill, such as a green "up" or a red "down". Its text is the status label. */
export function StatusBadge({ status, testId }: StatusBadgeProps) {
  return (
    <span className={`badge status-${status}`} title={STATUS_DESCRIPTIONS[status]}>
      <span className="badge-dot" aria-hidden="true" />
      <span data-testid={testId}>{STATUS_LABELS[status]}</span>
    </span>
  );
}

interface BreakerBadgeProps {
  state: BreakerState;
  testId?: string;
}

/** Breaker state pill. Its text is the state word: closed, open or half-open. */
export function BreakerBadge({ state, testId }: BreakerBadgeProps) {
  return (
    <span className={`badge breaker-${state}`} data-testid={testId}>
      {state}
    </span>
  );
}

/** Attempt outcome label for the call log. */
export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  return <span className={`badge outcome-${outcome}`}>{outcome}</span>;
}

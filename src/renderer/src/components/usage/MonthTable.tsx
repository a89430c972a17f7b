/** Usage of each provider in the chosen month, its limits and the headroom the provider reports. */
import type { ProviderHeadroom, ProviderUsage, QuotaMeter, UsageSummary } from '../../../../shared/types.ts';
import { formatDateTime, NONE } from '../../lib/format.ts';
import { formatCost, formatInZone, formatMeterValue, formatMonth, formatUnits, meterLabel, providerName } from './format.ts';
import { meterState, meterStatus } from './meter-state.ts';

interface MeterProps {
  meter: QuotaMeter;
  currency: string;
  timeZone: string;
  thresholds: readonly number[];
  /** The month shown when it is over, `YYYY-MM`, or null for the current month. */
  pastMonth: string | null;
}

function Meter({ meter, currency, timeZone, thresholds, pastMonth }: MeterProps) {
  const state = meterState(meter.percent, thresholds);
  const label = meterLabel(meter.metric, pastMonth);
  const status = meterStatus(meter.percent, state);
  const filled = Number.isFinite(meter.percent) ? Math.min(100, Math.max(0, meter.percent)) : 100;
  return (
    <div className={`meter meter-${state}`} data-testid={`meter-${meter.metric}`} data-state={state}>
      <span className="meter-label">
        {label}: {formatMeterValue(meter, meter.used, currency)} of {formatMeterValue(meter, meter.limit, currency)}
      </span>
      <span className="meter-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(filled)} aria-valuetext={status}>
        <span className="meter-fill" style={{ width: `${filled}%` }} />
      </span>
      <span className="meter-status" data-testid={`meter-${meter.metric}-status`}>
        {status}
      </span>
      <span className="muted">
        {pastMonth === null ? 'resets' : 'ended'} {formatInZone(meter.resetsAt, timeZone)}
      </span>
    </div>
  );
}

function Headroom({ headroom }: { headroom: ProviderHeadroom }) {
  const parts: string[] = [];
  if (headroom.requests) parts.push(`${formatUnits(headroom.requests.remaining)}${headroom.requests.limit === null ? '' : ` of ${formatUnits(headroom.requests.limit)}`} requests left`);
  if (headroom.tokens) parts.push(`${formatUnits(headroom.tokens.remaining)}${headroom.tokens.limit === null ? '' : ` of ${formatUnits(headroom.tokens.limit)}`} tokens left`);
  if (headroom.allowance) {
    const resets = headroom.allowance.resetsAt === null ? '' : `, resets ${formatDateTime(headroom.allowance.resetsAt)}`;
    parts.push(`${formatUnits(headroom.allowance.remaining)} of ${formatUnits(headroom.allowance.limit)} ${headroom.allowance.unit} left${resets}`);
  }
  if (parts.length === 0) return <span className="muted">{NONE}</span>;

  return <span title={headroom.observedAt === null ? undefined : `Reported ${formatDateTime(headroom.observedAt)}`}>{parts.join('; ')}</span>;
}

interface RowProps {
  usage: ProviderUsage;
  timeZone: string;
  thresholds: readonly number[];
  pastMonth: string | null;
}

function Row({ usage, timeZone, thresholds, pastMonth }: RowProps) {
  return (
    <tr data-testid={`usage-row-${usage.provider}`}>
      <th scope="row">{providerName(usage.provider)}</th>
      <td className="num" data-testid={`usage-calls-${usage.provider}`}>{formatUnits(usage.calls)}</td>
      <td className="num" data-testid={`usage-units-${usage.provider}`}>
        {formatUnits(usage.units)} {usage.unit}
        {usage.unit === 'tokens' && usage.units > 0 && (
          <div className="muted">
            {formatUnits(usage.inputUnits)} in, {formatUnits(usage.outputUnits)} out
          </div>
        )}
      </td>
      <td className="num" data-testid={`usage-cost-${usage.provider}`}>{formatCost(usage.cost, usage.currency)}</td>
      <td data-testid={`usage-meters-${usage.provider}`}>
        {usage.meters.length === 0 ? (
          <span className="muted">{pastMonth === null ? 'No limits' : 'No monthly limits'}</span>
        ) : (
          usage.meters.map((meter) => <Meter key={meter.metric} meter={meter} currency={usage.currency} timeZone={timeZone} thresholds={thresholds} pastMonth={pastMonth} />)
        )}
      </td>
      {pastMonth === null && (
        <td data-testid={`usage-headroom-${usage.provider}`}>
          <Headroom headroom={usage.headroom} />
        </td>
      )}
    </tr>
  );
}

/**
 * Renders the month table with a total row. The month in progress shows its
 * meters in the current windows and the headroom the providers report now.
 * A past month shows its monthly limits measured against its own totals,
 * with no daily meters and no headroom, so no figure of today mixes in.
 * Meters are coloured by state from the lowest of `thresholds`, the alert thresholds.
 */
export function MonthTable({ summary, thresholds }: { summary: UsageSummary; thresholds: readonly number[] }) {
  const pastMonth = summary.month === summary.currentMonth ? null : summary.month;
  return (
    <table className="usage-table" data-testid="usage-table">
      <caption data-testid="usage-table-caption">
        {formatMonth(summary.month)} in {summary.timeZone}, costs in {summary.currency}.
        {pastMonth !== null && ' A past month: its totals against the current monthly limits.'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Calls</th>
          <th scope="col">Units</th>
          <th scope="col">Cost</th>
          <th scope="col">{pastMonth === null ? 'Budget and quotas' : 'Monthly budget and quotas'}</th>
          {pastMonth === null && <th scope="col">Provider headroom</th>}
        </tr>
      </thead>
      <tbody>
        {summary.providers.map((usage) => (
          <Row key={usage.provider} usage={usage} timeZone={summary.timeZone} thresholds={thresholds} pastMonth={pastMonth} />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-testid="usage-total-calls">{formatUnits(summary.total.calls)}</td>
          <td />
          <td className="num" data-testid="usage-total-cost">{formatCost(summary.total.cost, summary.currency)}</td>
          <td colSpan={pastMonth === null ? 2 : 1} />
        </tr>
      </tfoot>
    </table>
  );
}

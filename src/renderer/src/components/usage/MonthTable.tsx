/** Usage of each provider in the chosen month, its limits and the headroom the provider reports. */
import type { ProviderHeadroom, ProviderUsage, QuotaMeter, UsageSummary } from '../../../../shared/types.ts';
import { formatDateTime, NONE } from '../../lib/format.ts';
import { formatCost, formatInZone, formatMeterValue, formatUnits, meterLabel, providerName } from './format.ts';

function Meter({ meter, currency, timeZone }: { meter: QuotaMeter; currency: string; timeZone: string }) {
  const percent = Number.isFinite(meter.percent) ? meter.percent : 100;
  let level = 'ok';
  if (percent >= 80) level = 'near';
  if (percent >= 100) level = 'over';
  return (
    <div className={`meter meter-${level}`} data-testid={`meter-${meter.metric}`}>
      <span className="meter-label">
        {meterLabel(meter.metric)}: {formatMeterValue(meter, meter.used, currency)} of {formatMeterValue(meter, meter.limit, currency)}
      </span>
      <progress max={100} value={Math.min(100, percent)} aria-label={`${meterLabel(meter.metric)} ${Math.floor(percent)}%`} />
      <span className="muted"> resets {formatInZone(meter.resetsAt, timeZone)}</span>
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

function Row({ usage, timeZone }: { usage: ProviderUsage; timeZone: string }) {
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
      <td>
        {usage.meters.length === 0 ? <span className="muted">No limits</span> : usage.meters.map((meter) => <Meter key={meter.metric} meter={meter} currency={usage.currency} timeZone={timeZone} />)}
      </td>
      <td>
        <Headroom headroom={usage.headroom} />
      </td>
    </tr>
  );
}

/** Renders the month table with a total row. */
export function MonthTable({ summary }: { summary: UsageSummary }) {
  return (
    <table className="usage-table" data-testid="usage-table">
      <caption>
        {summary.month} in {summary.timeZone}, costs in {summary.currency}
      </caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Calls</th>
          <th scope="col">Units</th>
          <th scope="col">Cost</th>
          <th scope="col">Budget and quotas</th>
          <th scope="col">Provider headroom</th>
        </tr>
      </thead>
      <tbody>
        {summary.providers.map((usage) => (
          <Row key={usage.provider} usage={usage} timeZone={summary.timeZone} />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-testid="usage-total-calls">{formatUnits(summary.total.calls)}</td>
          <td />
          <td className="num" data-testid="usage-total-cost">{formatCost(summary.total.cost, summary.currency)}</td>
          <td colSpan={2} />
        </tr>
      </tfoot>
    </table>
  );
}

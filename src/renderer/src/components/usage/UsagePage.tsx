/**
 * The Usage page: the month against budgets and quotas, charts of calls,
 * units (one chart per unit) and cost per provider, the CSV export, and the
 * editable settings, budgets and prices.
 */
import { useEffect } from 'react';
import { formatCount } from '../../lib/format.ts';
import { CHART_RANGES, useUsageStore, type ChartRange } from '../../stores/usage.ts';
import { BudgetTable } from './BudgetTable.tsx';
import { chartUnits } from './chart-data.ts';
import { formatMonth, unitTitle } from './format.ts';
import { MonthTable } from './MonthTable.tsx';
import { PriceTable } from './PriceTable.tsx';
import { UsageChart } from './UsageChart.tsx';
import { UsageSettingsForm } from './UsageSettingsForm.tsx';
import './usage.css';

function MonthPicker() {
  const month = useUsageStore((state) => state.month);
  const summary = useUsageStore((state) => state.summary);
  const setMonth = useUsageStore((state) => state.setMonth);
  const current = summary?.currentMonth ?? null;
  const selected = month ?? current ?? '';
  // The selected month stays listed even when it has no usage, so the picker never shows blank.
  const months = summary ? [...new Set([...summary.months, selected])].filter((label) => label !== '').toSorted().toReversed() : [];

  return (
    <>
      <label htmlFor="usage-month">Month</label>
      <select
        id="usage-month"
        className="input usage-month"
        value={selected}
        disabled={summary === null}
        data-testid="usage-month"
        onChange={(event) => void setMonth(event.target.value === current ? null : event.target.value)}
      >
        {months.map((label) => (
          <option key={label} value={label}>
            {formatMonth(label)}
            {label === current ? ' (current)' : ''}
          </option>
        ))}
      </select>
    </>
  );
}

function Toolbar() {
  const run = useUsageStore((state) => state.exportRun);
  const exportCsv = useUsageStore((state) => state.exportCsv);

  return (
    <div className="toolbar">
      <MonthPicker />
      <button type="button" className="button" disabled={run.running} data-testid="usage-export" onClick={() => void exportCsv()}>
        Export CSV
      </button>
      <span className="toolbar-note" role="status">
        {run.result && (
          <span data-testid="usage-export-result">
            Saved {formatCount(run.result.rows)} {run.result.rows === 1 ? 'row' : 'rows'} to <code>{run.result.path}</code>
          </span>
        )}
        {run.error && <span className="error-text">Export failed: {run.error}</span>}
      </span>
    </div>
  );
}

function Charts() {
  const series = useUsageStore((state) => state.series);
  const span = useUsageStore((state) => state.seriesSpan);
  const range = useUsageStore((state) => state.range);
  const setRange = useUsageStore((state) => state.setRange);

  return (
    <section aria-labelledby="usage-charts-title">
      <div className="toolbar">
        <h3 id="usage-charts-title">Over time</h3>
        <select className="input narrow" aria-label="Chart range" value={range} data-testid="usage-range" onChange={(event) => void setRange(event.target.value as ChartRange)}>
          {Object.entries(CHART_RANGES).map(([key, { label }]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {series && series.starts.length === 0 && <p className="muted">No usage in this range yet.</p>}
      {series && span && series.starts.length > 0 && (
        <div className="usage-charts">
          <UsageChart series={series} span={span} metric="calls" title="Calls" />
          {chartUnits(series).map((unit) => (
            <UsageChart key={unit} series={series} span={span} metric="units" unit={unit} title={unitTitle(unit)} />
          ))}
          <UsageChart series={series} span={span} metric="cost" title={`Cost (${series.currency})`} />
        </div>
      )}
    </section>
  );
}

/** Renders the page and loads its data when it opens. */
export function UsagePage() {
  const summary = useUsageStore((state) => state.summary);
  const settings = useUsageStore((state) => state.settings);
  const loadError = useUsageStore((state) => state.loadError);
  const load = useUsageStore((state) => state.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="usage-page" aria-labelledby="usage-title" data-testid="usage-page">
      <h2 id="usage-title">Usage and cost</h2>
      <Toolbar />
      {loadError && (
        <p className="error-text" role="alert">
          Could not load usage: {loadError}
        </p>
      )}
      {summary && <MonthTable summary={summary} thresholds={settings?.settings.thresholds ?? []} />}
      <Charts />
      {settings && (
        <>
          <h3>Time zone and alerts</h3>
          <UsageSettingsForm key={`${settings.settings.timeZone}-${settings.settings.thresholds.join()}`} view={settings} />
          <h3>Budgets and quotas</h3>
          <BudgetTable view={settings} />
          <h3>Prices</h3>
          <PriceTable prices={settings.prices} currency={settings.currency} />
        </>
      )}
    </section>
  );
}

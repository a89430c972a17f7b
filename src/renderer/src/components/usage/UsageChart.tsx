/**
 * One uPlot chart over time, a line per provider: calls, cost, or the units
 * of the providers that bill in one unit (tokens, characters or requests),
 * since units of different kinds share no scale. uPlot draws to a canvas
 * from one array per column, so months of hourly buckets stay fast.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UsageSeries, UsageUnit } from '../../../../shared/types.ts';
import { MINIMUM_SPAN, valueAxisRange } from './axis-range.ts';
import { chartProviders, type ChartMetric } from './chart-data.ts';
import { formatCost, formatCostTick, formatCountTick, formatUnits, providerName } from './format.ts';

const COLORS = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2', '#ca8a04'];
const HEIGHT = 220;


export interface UsageChartProps {
  series: UsageSeries;
  metric: ChartMetric;
  /** Unit whose providers a `units` chart shows. Calls and cost charts ignore it. */
  unit?: UsageUnit;
  title: string;
  /** Requested span, epoch milliseconds `[since, until)`. */
  span: [number, number];
}

function buildData(series: UsageSeries, providers: UsageSeries['providers'], metric: ChartMetric): uPlot.AlignedData {
  const xs = series.starts.map((start) => start / 1000);
  return [xs, ...providers.map((row) => row[metric])];
}

/**
 * Axis colours from the page's theme variables. uPlot draws on a canvas
 * with black labels by default, which vanish in dark mode.
 */
function axisColors(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
  const style = getComputedStyle(document.documentElement);
  const text = style.getPropertyValue('--muted').trim() || '#5b6575';
  const line = style.getPropertyValue('--border').trim() || '#d9dde3';
  return { stroke: text, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
}

interface Formats {
  /** Name of the value axis: the unit, `calls` or the currency. */
  axisLabel: string;
  tick: (value: number) => string;
  /** Value in the legend, which uPlot updates as the cursor moves, with its unit. */
  value: (value: number) => string;
}

function formatsOf(series: UsageSeries, metric: ChartMetric, unit: UsageUnit | undefined): Formats {
  if (metric === 'cost') {
    return { axisLabel: series.currency, tick: (value) => formatCostTick(value, series.currency), value: (value) => formatCost(value, series.currency) };
  }

  const name = metric === 'calls' ? 'calls' : (unit ?? 'units');
  return { axisLabel: name, tick: formatCountTick, value: (value) => `${formatUnits(value)} ${name}` };
}

function buildOptions(props: UsageChartProps, providers: UsageSeries['providers'], width: number, element: HTMLElement): uPlot.Options {
  const { series, metric, unit, title, span } = props;
  const formats = formatsOf(series, metric, unit);
  return {
    title,
    width,
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), series.timeZone),
    scales: {
      // The requested span, not the data, sets the x range, so a single bucket still reads as a date.
      x: { time: true, range: () => [span[0] / 1000, span[1] / 1000] },
      y: { range: (_chart, dataMin, dataMax) => valueAxisRange(dataMin, dataMax, MINIMUM_SPAN[metric]) },
    },
    axes: [
      { ...axisColors() },
      {
        ...axisColors(),
        label: formats.axisLabel,
        size: 80,
        values: (_chart, ticks) => {
          const labels = ticks.map(formats.tick);
          // uPlot draws the labels on a canvas, so the element also carries them as text that tests can read.
          element.dataset.axisLabels = labels.join('|');
          return labels;
        },
      },
    ],
    series: [
      {},
      ...providers.map((row) => ({
        label: metric === 'units' ? `${providerName(row.provider)} (${row.unit})` : providerName(row.provider),
        stroke: COLORS[series.providers.indexOf(row) % COLORS.length],
        width: 2,
        points: { show: series.starts.length < 60 },
        value: (_chart: uPlot, value: number | null) => (value === null ? '' : formats.value(value)),
      })),
    ],
  };
}

/** Renders the chart, rebuilds it when its props change, and resizes it with its container. */
export function UsageChart(props: UsageChartProps) {
  const { series, metric, unit, title, span } = props;
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;

    const providers = chartProviders(series, metric, unit);
    const options = buildOptions({ series, metric, unit, title, span }, providers, element.clientWidth || 600, element);
    const chart = new uPlot(options, buildData(series, providers, metric), element);
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth || 600, height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [series, metric, unit, title, span]);

  const testId = metric === 'units' ? `usage-chart-units-${unit ?? 'all'}` : `usage-chart-${metric}`;
  return <div className="usage-chart" ref={container} data-testid={testId} />;
}

/**
 * One uPlot chart of calls, units or cost over time, a line per provider.
 * uPlot draws to a canvas from one array per column, so months of hourly
 * buckets stay fast.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UsageSeries } from '../../../../shared/types.ts';
import { formatCost, formatUnits, providerName } from './format.ts';

export type ChartMetric = 'calls' | 'units' | 'cost';

const COLORS = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2', '#ca8a04'];
const HEIGHT = 220;

function buildData(series: UsageSeries, metric: ChartMetric): uPlot.AlignedData {
  const xs = series.starts.map((start) => start / 1000);
  return [xs, ...series.providers.map((row) => row[metric])];
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

function buildOptions(series: UsageSeries, metric: ChartMetric, width: number, title: string, span: [number, number]): uPlot.Options {
  const format = (value: number) => (metric === 'cost' ? formatCost(value, series.currency) : formatUnits(value));
  return {
    title,
    width,
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), series.timeZone),
    // The requested span, not the data, sets the x range, so a single bucket still reads as a date.
    scales: { x: { time: true, range: () => [span[0] / 1000, span[1] / 1000] } },
    axes: [
      { ...axisColors() },
      { ...axisColors(), values: (_chart, ticks) => ticks.map(format), size: 70 },
    ],
    series: [
      {},
      ...series.providers.map((row, index) => ({
        label: metric === 'units' ? `${providerName(row.provider)} (${row.unit})` : providerName(row.provider),
        stroke: COLORS[index % COLORS.length],
        width: 2,
        points: { show: series.starts.length < 60 },
        value: (_chart: uPlot, value: number | null) => (value === null ? '' : format(value)),
      })),
    ],
  };
}

/** Renders the chart, rebuilds it when the series or metric change, and resizes it with its container. */
export function UsageChart({ series, metric, title, span }: { series: UsageSeries; metric: ChartMetric; title: string; span: [number, number] }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;

    const chart = new uPlot(buildOptions(series, metric, element.clientWidth || 600, title, span), buildData(series, metric), element);
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth || 600, height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [series, metric, title, span]);

  return <div className="usage-chart" ref={container} data-testid={`usage-chart-${metric}`} />;
}

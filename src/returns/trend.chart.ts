import { periodLabel } from './periods.ts';
import type { ServiceReturn } from './returns.service.ts';

/**
 * The service page's trend as small charts drawn on the server: one inline SVG per figure (no JavaScript),
 * its quarters evenly spaced oldest first, from 0 to the largest value (100 for percentages), a flagged
 * value drawn as a larger square. Each chart has a text alternative saying every value; the table beside it
 * gives the same figures. Pure.
 */
export interface TrendFigure {
  readonly key: string;
  readonly label: string;
  readonly percent: boolean;
}

export interface FigureChart {
  readonly id: string;
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  readonly axis: { readonly top: string; readonly bottom: string };
  readonly path: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly flagged: boolean; readonly label: string }[];
  readonly first: string;
  readonly last: string;
  /** Every value in words, for the chart's text alternative. */
  readonly summary: string;
}

const WIDTH = 320;
const HEIGHT = 140;
const PLOT = { left: 40, top: 10, width: WIDTH - 40 - 16, height: HEIGHT - 10 - 30 };
const round = (n: number) => Math.round(n * 10) / 10;

/** The newest version of each quarter with a return sent, the last eight, oldest first. */
export function trendPeriods(sent: readonly ServiceReturn[]): ServiceReturn[] {
  const byPeriod = new Map<string, ServiceReturn>();
  for (const r of sent) if (!byPeriod.has(`${r.year}-${r.quarter}`)) byPeriod.set(`${r.year}-${r.quarter}`, r);
  return [...byPeriod.values()].slice(0, 8).reverse();
}

export function figureCharts(periods: readonly ServiceReturn[], figures: readonly TrendFigure[]): FigureChart[] {
  if (periods.length < 2) return [];
  const step = PLOT.width / (periods.length - 1);
  return figures.flatMap((f) => {
    const values = periods.map((r) => r.answers[f.key]).map((v) => (typeof v === 'number' ? v : undefined));
    if (values.every((v) => v === undefined)) return [];
    const high = f.percent ? 100 : Math.max(1, ...values.map((v) => v ?? 0));
    const yOf = (v: number) => round(PLOT.top + PLOT.height - (v / high) * PLOT.height);
    const unit = f.percent ? '%' : '';
    const points = periods.flatMap((r, i) => {
      const v = values[i];
      if (v === undefined) return [];
      const flagged = r.flags.some((x) => x.key === f.key);
      return [{ x: round(PLOT.left + i * step), y: yOf(v), flagged, label: `${periodLabel(r)}: ${v}${unit}${flagged ? ' (flagged)' : ''}` }];
    });
    return [
      {
        id: `trend-${f.key}`,
        label: f.label,
        width: WIDTH,
        height: HEIGHT,
        plot: PLOT,
        axis: { top: `${high}${unit}`, bottom: `0${unit}` },
        path: points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' '),
        points,
        first: periodLabel(periods[0]!),
        last: periodLabel(periods.at(-1)!),
        summary: `${f.label} over ${periods.length} ${periods.some((r) => r.kind === 'half_yearly' || r.kind === 'annual') ? 'periods' : 'quarters'}: ${points.map((p) => p.label).join('; ')}.`,
      },
    ];
  });
}

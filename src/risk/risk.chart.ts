import { ukDateText } from './dates.ts';
import type { RiskMatrix } from './matrix.ts';
import { formatPrr, prrRange } from './prr.ts';

/**
 * The PRR history as a chart drawn on the server: inline SVG with the bands as shaded zones and one point
 * per rating, oldest on the left. Ratings are spaced evenly rather than by date, so several ratings in one
 * week stay readable; the table beside the chart gives every date and value.
 */

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly prr: string;
  readonly ratedOn: string;
  readonly label: string;
}

export interface ChartZone {
  readonly y: number;
  readonly height: number;
  readonly label: string;
  readonly key: string;
}

export interface RiskChart {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  readonly zones: readonly ChartZone[];
  readonly points: readonly ChartPoint[];
  readonly path: string;
  readonly ticks: readonly { readonly y: number; readonly label: string }[];
  readonly summary: string;
}

const WIDTH = 640;
const HEIGHT = 280;
const PLOT = { left: 48, top: 12, width: WIDTH - 48 - 96, height: HEIGHT - 12 - 36 };

const round = (n: number) => Math.round(n * 10) / 10;

export function riskChart(matrix: RiskMatrix, ratings: readonly { prr: number; ratedOn: string }[]): RiskChart | null {
  if (!ratings.length) return null;
  const oldestFirst = [...ratings].reverse();
  const { min, max } = prrRange(matrix);
  const low = Math.floor(Math.min(min, ...oldestFirst.map((r) => r.prr)));
  const high = Math.ceil(Math.max(max, ...oldestFirst.map((r) => r.prr)));
  const yOf = (prr: number) => round(PLOT.top + PLOT.height - ((prr - low) / (high - low || 1)) * PLOT.height);

  const zones = matrix.bands.map((band, i) => {
    const next = matrix.bands[i + 1];
    const from = Math.max(low, band.fromPrr ?? low);
    const to = Math.min(high, next?.fromPrr ?? high);
    const top = yOf(to);
    return { y: top, height: round(Math.max(0, yOf(from) - top)), label: band.label, key: band.key };
  });

  const step = oldestFirst.length > 1 ? PLOT.width / (oldestFirst.length - 1) : 0;
  const points = oldestFirst.map((r, i) => {
    const x = round(PLOT.left + (oldestFirst.length > 1 ? i * step : PLOT.width / 2));
    return { x, y: yOf(r.prr), prr: formatPrr(r.prr), ratedOn: r.ratedOn, label: `${formatPrr(r.prr)} on ${ukDateText(r.ratedOn)}` };
  });
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  const tickValues = [...new Set([low, ...matrix.bands.flatMap((b) => (b.fromPrr !== null && b.fromPrr > low && b.fromPrr < high ? [b.fromPrr] : [])), high])];
  const ticks = tickValues.map((v) => ({ y: yOf(v), label: formatPrr(v) }));

  const first = oldestFirst[0]!;
  const last = oldestFirst.at(-1)!;
  const summary =
    oldestFirst.length === 1
      ? `One rating: ${formatPrr(first.prr)} on ${ukDateText(first.ratedOn)}.`
      : `${oldestFirst.length} ratings from ${ukDateText(first.ratedOn)} to ${ukDateText(last.ratedOn)}, from ${formatPrr(first.prr)} to ${formatPrr(last.prr)}; highest ${formatPrr(Math.max(...oldestFirst.map((r) => r.prr)))}, lowest ${formatPrr(Math.min(...oldestFirst.map((r) => r.prr)))}.`;
  return { width: WIDTH, height: HEIGHT, plot: PLOT, zones, points, path, ticks, summary };
}

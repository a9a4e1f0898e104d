/**
 * The dashboards' charts, drawn on the server as inline SVG (views/charts.njk renders these models, escaping
 * every text). What makes them meet WCAG 2.2 AA: each has a title and a description that states its figures
 * (role="img", aria-labelledby), every bar and point carries its value as text, bars are told apart by their
 * label and by a fill pattern and series by marker shape and line dash (never by colour alone), the drawing
 * scales with its box so it stays readable at 200 % zoom, and a table with the same figures sits beside it.
 * Pure: figures in, geometry out.
 */

export const PATTERNS = ['solid', 'hatch', 'dots', 'cross', 'backhatch'] as const;
export type Pattern = (typeof PATTERNS)[number];

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface BarRow {
  readonly label: string;
  readonly valueText: string;
  /** Top of the bar and the text baseline of its label and value. */
  readonly y: number;
  readonly textY: number;
  readonly width: number;
  readonly valueX: number;
  readonly pattern: Pattern;
}

export interface BarChart {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  readonly width: number;
  readonly height: number;
  readonly plotLeft: number;
  readonly plotWidth: number;
  readonly barHeight: number;
  readonly rows: readonly BarRow[];
  readonly ticks: readonly { readonly x: number; readonly label: string }[];
  readonly axisY: number;
  /** A line across the bars at a target (visits per officer), labelled. */
  readonly target: { readonly x: number; readonly label: string } | null;
}

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly valueText: string;
}

export interface LineSeries {
  readonly name: string;
  readonly marker: 'circle' | 'square';
  /** SVG stroke-dasharray: solid for the first series, dashed for the second. */
  readonly dash: string;
  readonly points: readonly LinePoint[];
  /** One path per run of quarters with a figure: a quarter without one leaves a gap, not a line to nought. */
  readonly paths: readonly string[];
}

export interface LineChart {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  readonly xLabels: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly series: readonly LineSeries[];
  readonly legend: readonly { readonly x: number; readonly name: string; readonly marker: 'circle' | 'square'; readonly dash: string }[];
}

const WIDTH = 640;
const ROW = 34;
const BAR = 22;
const TOP = 8;
const AXIS = 28;
const round = (n: number) => Math.round(n * 10) / 10;

/** The smallest "nice" number (1, 2 or 5 times a power of ten) at or above the value: the axis' end. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Axis ticks from nought to the end, at most six, on whole numbers. */
export function ticksTo(max: number): number[] {
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000].find((s) => max / s <= 5) ?? Math.ceil(max / 5);
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return ticks;
}

const describe = (bars: readonly Bar[], format: (n: number) => string) => bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ');

/** Horizontal bars, one a row, each labelled with its name on the left and its value at its end. */
export function barChart(options: {
  readonly id: string;
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly format?: (n: number) => string;
  readonly target?: { readonly value: number; readonly label: string };
  readonly labelWidth?: number;
}): BarChart {
  const format = options.format ?? ((n: number) => String(n));
  const plotLeft = options.labelWidth ?? 220;
  const plotWidth = WIDTH - plotLeft - 70;
  const max = niceMax(Math.max(0, ...options.bars.map((b) => b.value), options.target?.value ?? 0));
  const xOf = (n: number) => round((Math.max(0, n) / max) * plotWidth);
  const rows = options.bars.map((b, i) => {
    const y = TOP + i * ROW;
    const width = xOf(b.value);
    return { label: b.label, valueText: format(b.value), y, textY: y + BAR / 2 + 5, width, valueX: plotLeft + width + 6, pattern: PATTERNS[i % PATTERNS.length]! };
  });
  const axisY = TOP + options.bars.length * ROW;
  const target = options.target ? { x: round(plotLeft + xOf(options.target.value)), label: options.target.label } : null;
  const desc = `${describe(options.bars, format)}.${options.target ? ` ${options.target.label}.` : ''}`;
  return {
    id: options.id,
    title: options.title,
    desc: options.bars.length ? desc : 'Nothing to show.',
    width: WIDTH,
    height: axisY + AXIS,
    plotLeft,
    plotWidth,
    barHeight: BAR,
    rows,
    ticks: ticksTo(max).map((t) => ({ x: round(plotLeft + xOf(t)), label: String(t) })),
    axisY,
    target,
  };
}

const LINE_PLOT = { left: 48, top: 40, width: WIDTH - 48 - 24, height: 200 };
const SERIES_STYLE = [
  { marker: 'circle', dash: '' },
  { marker: 'square', dash: '8 5' },
] as const;

/** Percentages (0 to 100) over quarters, a line per series; a quarter without a figure is a gap. */
export function percentLineChart(options: {
  readonly id: string;
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}): LineChart {
  const plot = LINE_PLOT;
  const step = options.labels.length > 1 ? plot.width / (options.labels.length - 1) : 0;
  const xOf = (i: number) => round(plot.left + (options.labels.length > 1 ? i * step : plot.width / 2));
  const yOf = (v: number) => round(plot.top + plot.height - (Math.min(100, Math.max(0, v)) / 100) * plot.height);
  const series = options.series.map((s, n) => {
    const style = SERIES_STYLE[n % SERIES_STYLE.length]!;
    const points: LinePoint[] = [];
    const paths: string[] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length > 1) paths.push(run.join(' '));
        run = [];
        return;
      }
      const point = { x: xOf(i), y: yOf(v), valueText: `${v.toFixed(1)}%` };
      points.push(point);
      run.push(`${run.length ? 'L' : 'M'}${point.x},${point.y}`);
    });
    if (run.length > 1) paths.push(run.join(' '));
    return { name: s.name, marker: style.marker, dash: style.dash, points, paths };
  });
  const spoken = (v: number | null) => (v === null ? 'none' : `${v.toFixed(1)}%`);
  const desc = options.series.map((s) => `${s.name}: ${options.labels.map((l, i) => `${l} ${spoken(s.values[i] ?? null)}`).join(', ')}`).join('. ');
  return {
    id: options.id,
    title: options.title,
    desc: `${desc}.`,
    width: WIDTH,
    height: plot.top + plot.height + 40,
    plot,
    xLabels: options.labels.map((label, i) => ({ x: xOf(i), label })),
    yTicks: [0, 25, 50, 75, 100].map((t) => ({ y: yOf(t), label: `${t}%` })),
    series,
    legend: series.map((s, i) => ({ x: plot.left + i * 260, name: s.name, marker: s.marker, dash: s.dash })),
  };
}

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

// ---------------------------------------------------------------------------------------------------------
// The drawings: SVG text from the models above, every text escaped.

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Fills told apart by shape as well as by shade: solid, diagonal lines, dots, a grid, the other diagonal. */
function patternDefs(id: string): string {
  const p = (name: Pattern, body: string) => `<pattern id="${id}-${name}" width="8" height="8" patternUnits="userSpaceOnUse">${body}</pattern>`;
  return `<defs>${[
    p('solid', '<rect width="8" height="8" fill="#1d70b8"/>'),
    p('hatch', '<rect width="8" height="8" fill="#ffffff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#003078" stroke-width="2.5"/>'),
    p('dots', '<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="2.2" fill="#0b0c0c"/>'),
    p('cross', '<rect width="8" height="8" fill="#ffffff"/><path d="M0,4 h8 M4,0 v8" stroke="#505a5f" stroke-width="2"/>'),
    p('backhatch', '<rect width="8" height="8" fill="#ffffff"/><path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#6f72af" stroke-width="2.5"/>'),
  ].join('')}</defs>`;
}

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-dashboard-chart__svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}

export function barChartSvg(c: BarChart): string {
  const parts: string[] = [patternDefs(c.id)];
  for (const t of c.ticks) {
    parts.push(`<line x1="${t.x}" y1="0" x2="${t.x}" y2="${c.axisY}" stroke="#b1b4b6" stroke-width="1"/>`);
    parts.push(`<text x="${t.x}" y="${c.axisY + 18}" text-anchor="middle" class="app-dashboard-chart__tick">${escapeXml(t.label)}</text>`);
  }
  for (const r of c.rows) {
    parts.push(`<text x="${c.plotLeft - 8}" y="${r.textY}" text-anchor="end" class="app-dashboard-chart__label">${escapeXml(r.label)}</text>`);
    parts.push(`<rect x="${c.plotLeft}" y="${r.y}" width="${r.width}" height="${c.barHeight}" fill="url(#${c.id}-${r.pattern})" stroke="#0b0c0c" stroke-width="1"/>`);
    parts.push(`<text x="${r.valueX}" y="${r.textY}" class="app-dashboard-chart__value">${escapeXml(r.valueText)}</text>`);
  }
  parts.push(`<line x1="${c.plotLeft}" y1="0" x2="${c.plotLeft}" y2="${c.axisY}" stroke="#0b0c0c" stroke-width="2"/>`);
  if (c.target) {
    parts.push(`<line x1="${c.target.x}" y1="0" x2="${c.target.x}" y2="${c.axisY}" stroke="#d4351c" stroke-width="3" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${c.target.x}" y="${c.axisY + 18}" text-anchor="middle" class="app-dashboard-chart__target">${escapeXml(c.target.label)}</text>`);
  }
  return frame(c.id, c.title, c.desc, c.width, c.height + (c.target ? 4 : 0), parts.join(''));
}

function marker(shape: 'circle' | 'square', x: number, y: number): string {
  return shape === 'circle'
    ? `<circle cx="${x}" cy="${y}" r="5.5" fill="#ffffff" stroke="#0b0c0c" stroke-width="2.5"/>`
    : `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="#0b0c0c"/>`;
}

export function lineChartSvg(c: LineChart): string {
  const { plot } = c;
  const parts: string[] = [];
  for (const t of c.yTicks) {
    parts.push(`<line x1="${plot.left}" y1="${t.y}" x2="${plot.left + plot.width}" y2="${t.y}" stroke="#b1b4b6" stroke-width="1"/>`);
    parts.push(`<text x="${plot.left - 6}" y="${t.y + 4}" text-anchor="end" class="app-dashboard-chart__tick">${escapeXml(t.label)}</text>`);
  }
  for (const l of c.xLabels) parts.push(`<text x="${l.x}" y="${plot.top + plot.height + 20}" text-anchor="middle" class="app-dashboard-chart__tick">${escapeXml(l.label)}</text>`);
  for (const l of c.legend) {
    parts.push(`<line x1="${l.x}" y1="14" x2="${l.x + 36}" y2="14" stroke="#0b0c0c" stroke-width="3"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`);
    parts.push(marker(l.marker, l.x + 18, 14));
    parts.push(`<text x="${l.x + 44}" y="19" class="app-dashboard-chart__label">${escapeXml(l.name)}</text>`);
  }
  for (const s of c.series) {
    for (const d of s.paths) parts.push(`<path d="${d}" fill="none" stroke="#0b0c0c" stroke-width="3"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const p of s.points) parts.push(`<g>${marker(s.marker, p.x, p.y)}<title>${escapeXml(`${s.name}: ${p.valueText}`)}</title></g>`);
  }
  return frame(c.id, c.title, c.desc, c.width, c.height, parts.join(''));
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { barChart, barChartSvg, lineChartSvg, niceMax, percentLineChart, ticksTo } from './charts.ts';

describe('the axis', () => {
  const ends: [number, number][] = [
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [300, 500],
    [291, 500],
    [501, 1000],
  ];
  for (const [value, end] of ends) test(`${value} ends at ${end}`, () => assert.equal(niceMax(value), end));
  const ticks: [number, number[]][] = [
    [1, [0, 1]],
    [5, [0, 1, 2, 3, 4, 5]],
    [20, [0, 5, 10, 15, 20]],
    [500, [0, 100, 200, 300, 400, 500]],
  ];
  for (const [max, expected] of ticks) test(`ticks to ${max}`, () => assert.deepEqual(ticksTo(max), expected));
});

describe('a bar chart', () => {
  const chart = barChart({ id: 'c', title: 'Services by rating', bars: [{ label: 'Good', value: 10 }, { label: 'Inadequate', value: 5 }, { label: 'None', value: 0 }], target: { value: 8, label: 'Target: 8' } });
  test('bars in proportion on a nice axis, each with its value written', () => {
    assert.deepEqual(
      chart.rows.map((r) => [r.label, r.width, r.valueText]),
      [
        ['Good', chart.plotWidth, '10'],
        ['Inadequate', chart.plotWidth / 2, '5'],
        ['None', 0, '0'],
      ],
    );
  });
  test('each bar its own pattern, so colour is never the only difference', () => assert.deepEqual(chart.rows.map((r) => r.pattern), ['solid', 'hatch', 'dots']));
  test('the target is a labelled line at its place', () => assert.deepEqual(chart.target, { x: chart.plotLeft + chart.plotWidth * 0.8, label: 'Target: 8' }));
  test('the description states every figure', () => assert.equal(chart.desc, 'Good: 10; Inadequate: 5; None: 0. Target: 8.'));
  test('the drawing is an image named by its title and description', () => {
    const svg = barChartSvg(chart);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="c-title c-desc"/);
    assert.match(svg, /<title id="c-title">Services by rating<\/title><desc id="c-desc">Good: 10; Inadequate: 5; None: 0. Target: 8.<\/desc>/);
    assert.match(svg, /fill="url\(#c-hatch\)"/);
  });
  test('text is escaped', () => {
    const svg = barChartSvg(barChart({ id: 'x', title: 'A & B <script>', bars: [{ label: '"Quoted" <b>', value: 1 }] }));
    assert.ok(!svg.includes('<script>') && !svg.includes('<b>'));
    assert.match(svg, /A &amp; B &lt;script&gt;/);
    assert.match(svg, /&quot;Quoted&quot; &lt;b&gt;/);
  });
  test('no bars', () => assert.equal(barChart({ id: 'e', title: 'Empty', bars: [] }).desc, 'Nothing to show.'));
});

describe('a percent line chart', () => {
  const chart = percentLineChart({
    id: 'l',
    title: 'Good or better',
    labels: ['Q1', 'Q2', 'Q3', 'Q4'],
    series: [
      { name: 'Ours', values: [50, null, 100, 75] },
      { name: 'CQC', values: [0, 25, 50, 100] },
    ],
  });
  test('a quarter without a figure is a gap, not a line to nought', () => {
    assert.equal(chart.series[0]!.points.length, 3);
    assert.equal(chart.series[0]!.paths.length, 1, 'only Q3–Q4 are joined');
    assert.equal(chart.series[1]!.paths.length, 1);
  });
  test('series differ by marker and dash, not colour alone', () =>
    assert.deepEqual(
      chart.series.map((s) => [s.marker, s.dash]),
      [
        ['circle', ''],
        ['square', '8 5'],
      ],
    ));
  test('100 % at the top of the plot, nought at the bottom', () => {
    const cqc = chart.series[1]!.points;
    assert.equal(cqc[0]!.y, chart.plot.top + chart.plot.height);
    assert.equal(cqc[3]!.y, chart.plot.top);
  });
  test('the description gives every quarter of every series', () =>
    assert.equal(chart.desc, 'Ours: Q1 50.0%, Q2 none, Q3 100.0%, Q4 75.0%. CQC: Q1 0.0%, Q2 25.0%, Q3 50.0%, Q4 100.0%.'));
  test('drawn with a legend', () => {
    const svg = lineChartSvg(chart);
    assert.match(svg, /role="img"/);
    assert.match(svg, />Ours<\/text>/);
    assert.match(svg, /stroke-dasharray="8 5"/);
  });
});

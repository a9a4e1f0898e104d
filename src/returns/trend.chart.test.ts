import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServiceReturn } from './returns.service.ts';
import { figureCharts, trendPeriods } from './trend.chart.ts';

const ret = (year: number, quarter: number, version: number, answers: Record<string, number>, flagged: string[] = []) =>
  ({ year, quarter, version, answers, flags: flagged.map((key) => ({ key, value: answers[key]!, threshold: 20, message: 'flag' })) }) as unknown as ServiceReturn;

describe('the trend charts of a service’s returns', () => {
  // Newest first, as the service's returns are listed; Q2 has two versions (the newer one counts).
  const sent = [ret(2026, 2, 2, { agency_hours_percent: 25, complaints_received: 4 }, ['agency_hours_percent']), ret(2026, 2, 1, { agency_hours_percent: 40 }), ret(2026, 1, 1, { agency_hours_percent: 10, complaints_received: 2 }), ret(2025, 4, 1, { agency_hours_percent: 0 })];
  const figures = [
    { key: 'agency_hours_percent', label: 'Agency hours', percent: true },
    { key: 'complaints_received', label: 'Complaints', percent: false },
    { key: 'beds_occupied', label: 'Beds', percent: false },
  ];

  test('one quarter each, the newest version, oldest first', () => {
    assert.deepEqual(trendPeriods(sent).map((r) => [r.year, r.quarter, r.version]), [[2025, 4, 1], [2026, 1, 1], [2026, 2, 2]]);
  });

  test('one chart per figure answered; a percentage runs 0 to 100; a flagged value is marked and said', () => {
    const charts = figureCharts(trendPeriods(sent), figures);
    assert.deepEqual(charts.map((c) => c.id), ['trend-agency_hours_percent', 'trend-complaints_received']);
    const agency = charts[0]!;
    assert.deepEqual(agency.axis, { top: '100%', bottom: '0%' });
    // The plot is 264 wide and 100 high from (40, 10): 0 % at the bottom (y 110), 25 % a quarter of the way up.
    assert.deepEqual(agency.points.map((p) => [p.x, p.y, p.flagged]), [[40, 110, false], [172, 100, false], [304, 85, true]]);
    assert.equal(agency.path, 'M40 110 L172 100 L304 85');
    assert.equal(agency.summary, 'Agency hours over 3 quarters: Q4 2025/26: 0%; Q1 2026/27: 10%; Q2 2026/27: 25% (flagged).');
    // A count runs 0 to its largest value; a quarter without the figure has no point.
    const complaints = charts[1]!;
    assert.deepEqual(complaints.axis, { top: '4', bottom: '0' });
    assert.deepEqual(complaints.points.map((p) => [p.x, p.y]), [[172, 60], [304, 10]]);
  });

  test('fewer than two quarters: no chart', () => {
    assert.deepEqual(figureCharts(trendPeriods(sent.slice(0, 2)), figures), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MATRIX } from './matrix.ts';
import { cleanRegisterQuery } from './risk.schemas.ts';
import { urgencyOf } from './work-list.service.ts';
import { riskChart } from './risk.chart.ts';
import type { Rating } from './risk.domain.ts';
import type { Schedule } from './schedule.ts';

describe('PRR chart', () => {
  test('no ratings, no chart', () => assert.equal(riskChart(DEFAULT_MATRIX, []), null));

  test('oldest on the left, higher PRR higher up, bands as zones covering the plot', () => {
    const chart = riskChart(DEFAULT_MATRIX, [
      { prr: 40, ratedOn: '2026-11-01' },
      { prr: 24, ratedOn: '2026-06-01' },
      { prr: 12, ratedOn: '2026-01-01' },
    ])!;
    assert.deepEqual(chart.points.map((p) => p.ratedOn), ['2026-01-01', '2026-06-01', '2026-11-01']);
    const [first, second, third] = chart.points;
    assert.ok(first!.x < second!.x && second!.x < third!.x);
    assert.ok(first!.y > second!.y && second!.y > third!.y);
    assert.equal(chart.path.split(' L').length, 3);
    assert.deepEqual(chart.zones.map((z) => z.key), ['minor', 'low', 'medium', 'high', 'very_high']);
    const covered = chart.zones.reduce((sum, z) => sum + z.height, 0);
    assert.ok(Math.abs(covered - chart.plot.height) < 0.5, `zones cover ${covered} of ${chart.plot.height}`);
    assert.equal(chart.summary, '3 ratings from 1 January 2026 to 1 November 2026, from 12 to 40; highest 40, lowest 12.');
    assert.deepEqual(chart.ticks.map((t) => t.label), ['10', '12', '22.5', '33.5', '40', '53']);
  });

  test('one rating is centred and described', () => {
    const chart = riskChart(DEFAULT_MATRIX, [{ prr: 27.5, ratedOn: '2026-03-03' }])!;
    assert.equal(chart.points[0]!.x, chart.plot.left + chart.plot.width / 2);
    assert.equal(chart.summary, 'One rating: 27.5 on 3 March 2026.');
    assert.equal(chart.points[0]!.label, '27.5 on 3 March 2026');
  });
});

describe('register filters from the query string', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['nothing', {}, { category: undefined, band: undefined, team: undefined, officer: undefined, page: 1 }],
    ['every filter', { category: 'home_care', band: 'very_high', team: ' North ', officer: '0b6d9c1e-2f7a-4c55-9f3e-1a2b3c4d5e6f', page: '3' }, { category: 'home_care', band: 'very_high', team: 'North', officer: '0b6d9c1e-2f7a-4c55-9f3e-1a2b3c4d5e6f', page: 3 }],
    ['not rated', { band: 'unrated' }, { category: undefined, band: 'unrated', team: undefined, officer: undefined, page: 1 }],
    ['unknown values dropped', { category: 'hotel', band: 'extreme', officer: 'me', page: '-2' }, { category: undefined, band: undefined, team: undefined, officer: undefined, page: 1 }],
    ['a page that is not a number', { page: 'two' }, { category: undefined, band: undefined, team: undefined, officer: undefined, page: 1 }],
  ];
  for (const [name, query, expected] of cases) test(name, () => assert.deepEqual(cleanRegisterQuery(query), expected));
});

describe('work list urgency', () => {
  const rating = { id: 'r' } as Rating;
  const due = (status: 'overdue' | 'due_soon' | 'scheduled') => ({ dueOn: '2026-12-01', status });
  const schedule = (contact: ReturnType<typeof due> | null, meeting = due('scheduled')): Schedule => ({ fullAssessment: null, selfAssessment: null, monitoringMeeting: meeting, contact });
  const change = [{ area: 'complaints' as const, was: 1 as const, now: 4 as const, explanation: '' }];
  const cases: [string, Rating | null, Schedule | null, typeof change | [], string][] = [
    ['never rated', null, null, [], 'not_rated'],
    ['something overdue beats re-rating', rating, schedule(due('overdue')), change, 'overdue'],
    ['re-rating beats due soon', rating, schedule(due('due_soon')), change, 'rerate'],
    ['due soon', rating, schedule(due('due_soon')), [], 'due_soon'],
    ['all scheduled', rating, schedule(null), [], 'scheduled'],
  ];
  for (const [name, r, s, changes, expected] of cases) test(name, () => assert.equal(urgencyOf(r, s, changes), expected));
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { periodLabel, previousQuarter, quarterEnded, quarterLabel, quarterOf, quarterPeriod, quartersEndingWith, type Quarter } from './quarter.ts';
import {
  assessmentsPublishedIn,
  categoryFigures,
  notCommissionedCounts,
  percent,
  percentChange,
  recordsOf,
  type AssessmentFact,
  type Band,
  type QuarterRecords,
} from './quarterly.rules.ts';

const Q4_2017: Quarter = { year: 2017, quarter: 4 };
const period = quarterPeriod(Q4_2017);

let next = 0;
function assessment(band: Band, publishedOn: string | null, extra: Partial<AssessmentFact> = {}): AssessmentFact {
  next++;
  return {
    id: `a${String(next).padStart(4, '0')}`,
    serviceId: `s${next}`,
    category: 'care_home_older_people',
    kind: 'full',
    supersedesId: null,
    completedOn: publishedOn,
    publishedOn,
    band,
    domains: [],
    ...extra,
  };
}

const none: QuarterRecords = { assessments: [], visits: [], actionPlans: [], suspensions: [], concernsCases: [], intelligence: [] };

describe('financial quarters', () => {
  test('each quarter covers its days; Q4 is January to March of the next calendar year', () => {
    const cases: [Quarter, string, string][] = [
      [{ year: 2017, quarter: 1 }, '2017-04-01', '2017-06-30'],
      [{ year: 2017, quarter: 2 }, '2017-07-01', '2017-09-30'],
      [{ year: 2017, quarter: 3 }, '2017-10-01', '2017-12-31'],
      [{ year: 2017, quarter: 4 }, '2018-01-01', '2018-03-31'],
      [{ year: 2023, quarter: 4 }, '2024-01-01', '2024-03-31'],
    ];
    for (const [q, from, to] of cases) assert.deepEqual(quarterPeriod(q), { from, to }, quarterLabel(q));
  });

  test('a day belongs to one quarter; the quarter before Q1 is Q4 of the year before', () => {
    const cases: [string, Quarter][] = [
      ['2018-03-31', { year: 2017, quarter: 4 }],
      ['2018-04-01', { year: 2018, quarter: 1 }],
      ['2018-01-01', { year: 2017, quarter: 4 }],
      ['2017-12-31', { year: 2017, quarter: 3 }],
      ['2017-09-30', { year: 2017, quarter: 2 }],
    ];
    for (const [day, q] of cases) assert.deepEqual(quarterOf(day), q, day);
    assert.deepEqual(previousQuarter({ year: 2018, quarter: 1 }), { year: 2017, quarter: 4 });
    assert.deepEqual(previousQuarter({ year: 2017, quarter: 4 }), { year: 2017, quarter: 3 });
    assert.deepEqual(quartersEndingWith({ year: 2018, quarter: 2 }, 4).map(quarterLabel), ['Q3 2017/18', 'Q4 2017/18', 'Q1 2018/19', 'Q2 2018/19']);
  });

  test('labels and whether a quarter has ended', () => {
    assert.equal(quarterLabel(Q4_2017), 'Q4 2017/18');
    assert.equal(quarterLabel({ year: 2099, quarter: 1 }), 'Q1 2099/00');
    assert.equal(periodLabel(period), '1 January to 31 March 2018');
    assert.equal(periodLabel(quarterPeriod({ year: 2017, quarter: 3 })), '1 October to 31 December 2017');
    assert.equal(quarterEnded(Q4_2017, '2018-03-31'), false);
    assert.equal(quarterEnded(Q4_2017, '2018-04-01'), true);
  });
});

describe('percentages, rounded once from exact figures', () => {
  test('percent good or better: one decimal place, half away from zero; none published is null', () => {
    const cases: [number, number, number][] = [
      [13, 28, 46.4], // seed 000, older people's care homes, Q4 2017/18
      [23, 53, 43.4],
      [18, 20, 90],
      [13, 17, 76.5],
      [1, 8, 12.5],
      [1, 16, 6.3], // 6.25 rounds up
      [0, 3, 0],
      [3, 3, 100],
    ];
    for (const [n, d, expected] of cases) assert.equal(percent({ numerator: n, denominator: d }), expected, `${n}/${d}`);
    assert.equal(percent(null), null);
  });

  test('change from the previous quarter: from the unrounded figures, not the rounded ones', () => {
    // 46.43 - 43.40 = 3.03 → 3.0
    assert.equal(percentChange({ numerator: 13, denominator: 28 }, { numerator: 23, denominator: 53 }), 3);
    // Rounded first, 33.3 - 16.7 would be 16.6; exactly it is 16.666… → 16.7.
    assert.equal(percentChange({ numerator: 1, denominator: 3 }, { numerator: 1, denominator: 6 }), 16.7);
    assert.equal(percentChange({ numerator: 1, denominator: 6 }, { numerator: 1, denominator: 3 }), -16.7);
    assert.equal(percentChange({ numerator: 1, denominator: 8 }, { numerator: 1, denominator: 4 }), -12.5);
    assert.equal(percentChange({ numerator: 2, denominator: 4 }, { numerator: 1, denominator: 2 }), 0);
    assert.equal(percentChange(null, { numerator: 1, denominator: 2 }), null);
    assert.equal(percentChange({ numerator: 1, denominator: 2 }, null), null);
  });
});

describe('assessments published in a quarter', () => {
  test('full published assessments dated in the quarter count, by band; self-assessments, drafts and other quarters do not', () => {
    const counted = assessmentsPublishedIn(
      [
        assessment('good', '2018-01-01'),
        assessment('requires_improvement', '2018-03-31'),
        assessment('good', '2017-12-31'),
        assessment('good', '2018-04-01'),
        assessment('excellent', '2018-02-02', { kind: 'self' }),
        assessment('poor', null),
      ],
      period,
    );
    assert.deepEqual(counted.map((a) => a.band), ['good', 'requires_improvement']);
  });

  test('a correction counts instead of the report it corrects, never beside it', () => {
    const original = assessment('requires_improvement', '2018-01-10');
    const sameQuarter = assessment('good', '2018-02-01', { supersedesId: original.id, serviceId: original.serviceId });
    const counted = assessmentsPublishedIn([original, sameQuarter], period);
    assert.deepEqual(counted.map((a) => [a.id, a.band]), [[sameQuarter.id, 'good']]);

    // Corrected after the quarter ended: the quarter stays as it was reported, and the correction adds nothing later.
    const later = assessment('good', '2018-05-01', { supersedesId: original.id, serviceId: original.serviceId });
    assert.deepEqual(assessmentsPublishedIn([original, later], period).map((a) => a.band), ['requires_improvement']);
    assert.deepEqual(assessmentsPublishedIn([original, later], quarterPeriod({ year: 2018, quarter: 1 })), []);

    // Two corrections on one day: the later version wins.
    const first = assessment('poor', '2018-02-05', { supersedesId: original.id });
    const second = assessment('excellent', '2018-02-05', { supersedesId: first.id });
    assert.deepEqual(assessmentsPublishedIn([second, original, first], period).map((a) => a.band), ['excellent']);
  });
});

describe('every figure of a category', () => {
  const recordsQ4: QuarterRecords = {
    assessments: [
      assessment('good', '2018-01-15', {
        completedOn: '2017-12-20',
        domains: [
          { name: 'Staffing', band: 'good' },
          { name: 'Management', band: 'requires_improvement' },
        ],
      }),
      assessment('requires_improvement', '2018-02-15', {
        completedOn: '2018-02-01',
        domains: [
          { name: 'Staffing', band: 'requires_improvement' },
          { name: 'Management', band: 'poor' },
          { name: 'Care planning', band: 'requires_improvement' },
        ],
      }),
      assessment('good', null, { completedOn: '2018-03-30' }),
    ],
    visits: [
      { serviceId: 's1', category: 'care_home_older_people', kind: 'full', visitedOn: '2018-01-10' },
      { serviceId: 's1', category: 'care_home_older_people', kind: 'drop_in', visitedOn: '2018-03-31' },
      { serviceId: 's2', category: 'care_home_older_people', kind: 'drop_in', visitedOn: '2018-02-01' },
      { serviceId: 's2', category: 'care_home_older_people', kind: 'relatives_surgery', visitedOn: '2018-02-01' },
      { serviceId: 's2', category: 'care_home_older_people', kind: 'joint', visitedOn: '2017-12-31' },
    ],
    actionPlans: [
      { serviceId: 's1', category: 'care_home_older_people', draftedOn: '2017-11-01', closedOn: null },
      { serviceId: 's2', category: 'care_home_older_people', draftedOn: '2017-11-01', closedOn: '2018-02-01' },
      { serviceId: 's3', category: 'care_home_older_people', draftedOn: '2018-03-31', closedOn: null },
      { serviceId: 's4', category: 'care_home_older_people', draftedOn: '2018-04-01', closedOn: null },
    ],
    suspensions: [
      { serviceId: 's1', category: 'care_home_older_people', startsOn: '2017-10-01', liftedOn: '2018-01-31' },
      { serviceId: 's2', category: 'care_home_older_people', startsOn: '2018-02-01', liftedOn: null },
      { serviceId: 's3', category: 'care_home_older_people', startsOn: '2018-03-01', liftedOn: '2018-04-30' },
    ],
    concernsCases: [
      { serviceId: 's2', category: 'care_home_older_people', openedOn: '2018-02-01' },
      { serviceId: 's2', category: 'care_home_older_people', openedOn: '2018-03-01' },
      { serviceId: 's3', category: 'care_home_older_people', openedOn: '2017-12-01' },
    ],
    intelligence: [
      { serviceId: 's1', category: 'care_home_older_people', receivedOn: '2018-01-02', themes: ['staffing', 'staffing', 'medication'] },
      { serviceId: 's2', category: 'care_home_older_people', receivedOn: '2018-02-02', themes: ['staffing'] },
      { serviceId: 's2', category: 'care_home_older_people', receivedOn: '2017-12-02', themes: ['management'] },
    ],
  };

  test('counts each figure by its own date rule', () => {
    const figures = categoryFigures(recordsQ4, period);
    assert.deepEqual(figures.assessmentsPublished, { excellent: 0, good: 1, requiresImprovement: 1, poor: 0 });
    assert.deepEqual(figures.goodOrBetter, { numerator: 1, denominator: 2 });
    assert.deepEqual(figures.visits, { full: 1, dropIn: 2, support: 0, followUp: 0, joint: 0, relativesSurgery: 1 });
    assert.equal(figures.reportsCompleted, 2, 'completed in the quarter, published or not');
    assert.equal(figures.reportsPublished, 2);
    assert.equal(figures.actionPlansOpen, 2, 'drafted by the end and not closed by then');
    assert.equal(figures.actionPlansDrafted, 1);
    assert.equal(figures.suspensionsStarted, 2);
    assert.equal(figures.suspensionsLifted, 1);
    assert.equal(figures.suspensionsInForce, 2, 'started by the end, not lifted by then');
    assert.equal(figures.servicesReferredToConcerns, 1, 'services, not cases');
    assert.deepEqual(figures.themes, [
      { source: 'assessment', theme: 'Management', count: 2 },
      { source: 'assessment', theme: 'Care planning', count: 1 },
      { source: 'assessment', theme: 'Staffing', count: 1 },
      { source: 'intelligence', theme: 'staffing', count: 2 },
      { source: 'intelligence', theme: 'medication', count: 1 },
    ]);
  });

  test('a category with nothing has zeros and no percentage; a category sees only its own records', () => {
    const empty = categoryFigures(none, period);
    assert.deepEqual(empty.assessmentsPublished, { excellent: 0, good: 0, requiresImprovement: 0, poor: 0 });
    assert.equal(empty.goodOrBetter, null);
    assert.equal(empty.themes.length, 0);
    assert.equal(categoryFigures(recordsOf(recordsQ4, 'home_care'), period).reportsPublished, 0);
    assert.equal(categoryFigures(recordsOf(recordsQ4, 'care_home_older_people'), period).reportsPublished, 2);
  });

  test('seed 000: older people’s care homes in Q4 2017/18, 13 good and 15 requiring improvement, 46.4 %, up 3.0 from Q3', () => {
    const q4 = [...Array.from({ length: 13 }, () => assessment('good', '2018-02-01')), ...Array.from({ length: 15 }, () => assessment('requires_improvement', '2018-03-01'))];
    const q3 = [...Array.from({ length: 23 }, () => assessment('good', '2017-11-01')), ...Array.from({ length: 30 }, () => assessment('requires_improvement', '2017-11-01'))];
    const records = { ...none, assessments: [...q4, ...q3] };
    const now = categoryFigures(records, period);
    const before = categoryFigures(records, quarterPeriod(previousQuarter(Q4_2017)));
    assert.deepEqual(now.assessmentsPublished, { excellent: 0, good: 13, requiresImprovement: 15, poor: 0 });
    assert.equal(percent(now.goodOrBetter), 46.4);
    assert.equal(percent(before.goodOrBetter), 43.4);
    assert.equal(percentChange(now.goodOrBetter, before.goodOrBetter), 3);
  });

  test('the same records in any order give the same figures', () => {
    const shuffled: QuarterRecords = {
      assessments: [...recordsQ4.assessments].reverse(),
      visits: [...recordsQ4.visits].reverse(),
      actionPlans: [...recordsQ4.actionPlans].reverse(),
      suspensions: [...recordsQ4.suspensions].reverse(),
      concernsCases: [...recordsQ4.concernsCases].reverse(),
      intelligence: [...recordsQ4.intelligence].reverse(),
    };
    assert.deepEqual(categoryFigures(shuffled, period), categoryFigures(recordsQ4, period));
  });
});

describe('services the council does not commission, counted apart', () => {
  const facts = [
    { serviceId: 'a', category: 'care_home_older_people', cqcRating: 'inadequate' },
    { serviceId: 'b', category: 'care_home_older_people', cqcRating: null },
    { serviceId: 'c', category: 'care_home_older_people', cqcRating: 'good' },
    { serviceId: 'd', category: 'home_care', cqcRating: 'inadequate' },
  ];
  test('by CQC rating, in their own category only', () =>
    assert.deepEqual(notCommissionedCounts(facts, 'care_home_older_people'), { services: 3, byCqcRating: { outstanding: 0, good: 1, requiresImprovement: 0, inadequate: 1, notRated: 1 } }));
  test('a category with none', () => assert.deepEqual(notCommissionedCounts(facts, 'day_services_older_people'), { services: 0, byCqcRating: { outstanding: 0, good: 0, requiresImprovement: 0, inadequate: 0, notRated: 0 } }));
});

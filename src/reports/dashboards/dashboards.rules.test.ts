import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  careHomesFigures,
  cqcChangesIn,
  cqcRatingOn,
  goodOrBetterByQuarter,
  officerVisits,
  parsePeriod,
  performanceFigures,
  periodChoices,
  triageFigures,
  visitsTargetFor,
  type CareHomesRecords,
  type CqcRatingFact,
  type PerformanceRecords,
} from './dashboards.rules.ts';

const FY2025 = { from: '2025-04-01', to: '2026-03-31' };
const service = (id: string, beds: number | null = null) => ({ id, name: `Home ${id}`, category: 'care_home_older_people', beds });
const history = (...ratings: [string, string][]): CqcRatingFact[] => ratings.map(([overall, publishedOn]) => ({ overall, publishedOn }));

describe('a service’s CQC rating on a day', () => {
  const h = history(['inadequate', '2024-01-10'], ['insufficient_evidence', '2024-06-01'], ['good', '2025-02-01']);
  const cases: [string, string, string | null][] = [
    ['before any rating', '2024-01-09', null],
    ['the day it is published', '2024-01-10', 'inadequate'],
    ['a later "insufficient evidence" does not undo a rating', '2024-07-01', 'inadequate'],
    ['the next rating replaces it', '2025-02-01', 'good'],
  ];
  for (const [name, day, expected] of cases) test(name, () => assert.equal(cqcRatingOn(h, day), expected));
  test('no history', () => assert.equal(cqcRatingOn(undefined, '2025-01-01'), null));
});

describe('CQC rating changes in a period', () => {
  const records = {
    services: [service('a'), service('b'), service('c'), service('d')],
    cqc: new Map([
      ['a', history(['good', '2024-05-01'], ['requires_improvement', '2026-02-10'])],
      ['b', history(['inadequate', '2025-01-15'], ['good', '2025-11-20'])],
      ['c', history(['good', '2025-05-01'])],
      ['d', history(['good', '2024-01-01'], ['good', '2025-06-01'], ['outstanding', '2025-03-31'])],
    ]),
  };
  test('a first rating is not a change; the same rating again is not; one before the period is not', () => {
    assert.deepEqual(
      cqcChangesIn(records, FY2025).map((c) => [c.serviceId, c.from, c.to, c.on, c.direction]),
      [
        ['a', 'good', 'requires_improvement', '2026-02-10', 'worse'],
        ['b', 'inadequate', 'good', '2025-11-20', 'better'],
      ],
    );
  });
});

describe('percent good or better over eight quarters', () => {
  const records = {
    services: [service('a'), service('b'), service('c')],
    cqc: new Map([
      ['a', history(['good', '2024-05-01'], ['requires_improvement', '2026-02-10'])],
      ['b', history(['inadequate', '2025-01-15'], ['good', '2025-11-20'])],
      ['c', history(['outstanding', '2023-03-01'])],
    ]),
    assessments: [
      { id: '1', serviceId: 'a', supersedesId: null, assessedOn: '2025-05-01', publishedOn: '2025-05-10', band: 'good' as const },
      { id: '2', serviceId: 'b', supersedesId: null, assessedOn: '2025-05-02', publishedOn: '2025-05-20', band: 'requires_improvement' as const },
      { id: '3', serviceId: 'c', supersedesId: null, assessedOn: '2025-11-01', publishedOn: '2025-11-02', band: 'poor' as const },
      // A correction published in the same quarter counts instead of the report it corrects.
      { id: '4', serviceId: 'c', supersedesId: '3', assessedOn: '2025-11-01', publishedOn: '2025-11-20', band: 'excellent' as const },
    ],
  };
  const quarters = goodOrBetterByQuarter(records, '2026-03-20');
  const cases: [string, number | null, number | null][] = [
    ['Q1 2024/25', null, 100],
    ['Q2 2024/25', null, 100],
    ['Q3 2024/25', null, 100],
    ['Q4 2024/25', null, 66.7],
    ['Q1 2025/26', 50, 66.7],
    ['Q2 2025/26', null, 66.7],
    ['Q3 2025/26', 100, 100],
    ['Q4 2025/26', null, 66.7],
  ];
  test('eight quarters, oldest first, ending with the one the day falls in', () => assert.deepEqual(quarters.map((q) => q.label), cases.map((c) => c[0])));
  for (const [label, ours, cqc] of cases) {
    test(`${label}: ours ${ours}, CQC ${cqc}`, () => {
      const q = quarters.find((x) => x.label === label)!;
      assert.equal(q.oursPercent, ours);
      assert.equal(q.cqcPercent, cqc);
    });
  }
});

describe('the care homes figures', () => {
  const records: CareHomesRecords = {
    services: [service('a', 30), service('b', 40), service('c', 20), service('d', null)],
    cqc: new Map([
      ['a', history(['requires_improvement', '2026-02-10'])],
      ['b', history(['outstanding', '2023-03-01'])],
    ]),
    riskBands: [
      { key: 'low', label: 'Low' },
      { key: 'high', label: 'High' },
    ],
    riskBandOf: new Map([
      ['a', 'high'],
      ['b', 'low'],
      ['c', 'high'],
    ]),
    inConcerns: new Set(['a', 'elsewhere']),
    suspensions: [
      { serviceId: 'b', scope: 'full' },
      { serviceId: 'c', scope: 'partial' },
      { serviceId: 'd', scope: 'partial' },
      { serviceId: 'elsewhere', scope: 'full' },
    ],
    contractProcesses: [{ serviceId: 'a' }, { serviceId: 'a' }, { serviceId: 'elsewhere' }],
    assessments: [],
  };
  const labels = { outstanding: 'Outstanding', requires_improvement: 'Requires improvement', good: 'Good', inadequate: 'Inadequate', not_rated: 'Not rated' };
  const f = careHomesFigures(records, FY2025, '2026-03-20', labels);
  test('by CQC rating, every rating listed, services without one as not rated', () =>
    assert.deepEqual(
      f.byCqcRating.map((c) => [c.key, c.count]),
      [
        ['outstanding', 1],
        ['good', 0],
        ['requires_improvement', 1],
        ['inadequate', 0],
        ['not_rated', 2],
      ],
    ));
  test('by risk band, lowest risk first, then not rated', () =>
    assert.deepEqual(
      f.byRiskBand.map((c) => [c.label, c.count]),
      [
        ['Low', 1],
        ['High', 2],
        ['Not rated', 1],
      ],
    ));
  test('suspended services in scope, in full or in part, and their beds (a home without a bed count adds none)', () => assert.deepEqual(f.suspended, { services: 3, full: 1, partial: 2, beds: 60 }));
  test('care homes the council does not commission are counted apart, never in the commissioned figures', () => {
    assert.deepEqual([f.services, f.notCommissioned.services, f.notCommissioned.beds], [4, 0, 0]);
    // A self-funded home rated Inadequate, with 60 beds, a high risk band and (wrongly recorded) a suspension, a case and a remedy.
    const e = { ...service('e', 60), notCommissioned: true };
    const apart = careHomesFigures(
      {
        ...records,
        services: [...records.services, e, { ...service('f'), notCommissioned: true }],
        cqc: new Map([...records.cqc, ['e', history(['good', '2024-01-01'], ['inadequate', '2025-06-01'])]]),
        riskBandOf: new Map([...records.riskBandOf, ['e', 'high']]),
        inConcerns: new Set([...records.inConcerns, 'e']),
        suspensions: [...records.suspensions, { serviceId: 'e', scope: 'full' }],
        contractProcesses: [...records.contractProcesses, { serviceId: 'e' }],
        assessments: [{ id: 'x', serviceId: 'e', supersedesId: null, assessedOn: '2025-05-01', publishedOn: '2025-05-02', band: 'poor' }],
      },
      FY2025,
      '2026-03-20',
      labels,
    );
    const { notCommissioned, ...commissioned } = apart;
    const { notCommissioned: _none, ...before } = f;
    assert.deepEqual(commissioned, before, 'every commissioned figure as it was without them');
    assert.deepEqual([notCommissioned.services, notCommissioned.beds], [2, 60]);
    assert.deepEqual(
      notCommissioned.byCqcRating.map((c) => [c.key, c.count]),
      [
        ['outstanding', 0],
        ['good', 0],
        ['requires_improvement', 0],
        ['inadequate', 1],
        ['not_rated', 1],
      ],
    );
  });
  test('in the concerns procedure and under contract remedies, each service once, only those in scope', () => {
    assert.equal(f.inConcerns, 1);
    assert.equal(f.underContractRemedies, 1);
  });
});

describe('the yearly visits target for a period', () => {
  const cases: [string, number, { from: string; to: string }, string, number][] = [
    ['a whole year that has ended', 300, FY2025, '2026-06-01', 300],
    ['a quarter that has ended: 91 of 365 days', 300, { from: '2025-04-01', to: '2025-06-30' }, '2026-01-01', 75],
    ['the year so far: 354 of 365 days', 300, FY2025, '2026-03-20', 291],
    ['the old target of 250 for the same days', 250, FY2025, '2026-03-20', 242],
    ['its first day', 300, FY2025, '2025-04-01', 1],
    ['a period not yet begun', 300, { from: '2026-04-01', to: '2027-03-31' }, '2026-03-20', 0],
    ['a leap year has 366 days', 366, { from: '2027-04-01', to: '2028-03-31' }, '2030-01-01', 366],
  ];
  for (const [name, yearly, period, today, expected] of cases) test(name, () => assert.equal(visitsTargetFor(yearly, period, today), expected));
});

describe('visits per officer', () => {
  const officers = [
    { id: 'o1', name: 'Ann' },
    { id: 'o2', name: 'Bob' },
  ];
  test('officers with none still show; others who made visits are added; visits without an officer come last', () => {
    const rows = officerVisits(
      {
        officers,
        visitsByOfficer: [
          { officerId: 'o1', officerName: 'Ann', count: 150 },
          { officerId: 'o3', officerName: 'Cat', count: 2 },
          { officerId: null, officerName: null, count: 4 },
        ],
      },
      300,
    );
    assert.deepEqual(
      rows.map((r) => [r.name, r.made, r.target, r.percentOfTarget]),
      [
        ['Ann', 150, 300, 50],
        ['Bob', 0, 300, 0],
        ['Cat', 2, 300, 0.7],
        ['No officer recorded', 4, 300, 1.3],
      ],
    );
  });
  test('no percentage against a target of nought', () => assert.equal(officerVisits({ officers, visitsByOfficer: [] }, 0)[0]!.percentOfTarget, null));
});

describe('days from a concern’s receipt to its triage', () => {
  const cases: [string, { receivedOn: string; triagedOn: string | null }[], Partial<ReturnType<typeof triageFigures>>, number[]][] = [
    ['none received', [], { received: 0, triaged: 0, waiting: 0, medianDays: null, meanDays: null, longestDays: null, oldestWaitingDays: null }, [0, 0, 0, 0, 0]],
    [
      'odd count: the middle one',
      [
        { receivedOn: '2025-06-02', triagedOn: '2025-06-02' },
        { receivedOn: '2025-07-01', triagedOn: '2025-07-04' },
        { receivedOn: '2025-08-01', triagedOn: '2025-08-11' },
        { receivedOn: '2026-03-10', triagedOn: null },
      ],
      { received: 4, triaged: 3, waiting: 1, medianDays: 3, meanDays: 4.3, longestDays: 10, oldestWaitingDays: 10 },
      [1, 0, 1, 1, 1],
    ],
    [
      'even count: halfway between the middle two; next day and a week are their own buckets',
      [
        { receivedOn: '2025-06-02', triagedOn: '2025-06-03' },
        { receivedOn: '2025-06-02', triagedOn: '2025-06-09' },
        { receivedOn: '2025-06-02', triagedOn: '2025-06-10' },
        { receivedOn: '2025-06-02', triagedOn: '2025-06-02' },
      ],
      { received: 4, triaged: 4, waiting: 0, medianDays: 4, meanDays: 4, longestDays: 8 },
      [1, 1, 1, 1, 0],
    ],
  ];
  for (const [name, concerns, expected, buckets] of cases) {
    test(name, () => {
      const t = triageFigures(concerns, '2026-03-20');
      for (const [key, value] of Object.entries(expected)) assert.equal(t[key as keyof typeof t], value, key);
      assert.deepEqual(
        t.buckets.map((b) => b.count),
        buckets,
      );
    });
  }
});

describe('the performance figures', () => {
  const records: PerformanceRecords = {
    officers: [{ id: 'o1', name: 'Ann' }],
    visitsByOfficer: [{ officerId: 'o1', officerName: 'Ann', count: 3 }],
    visitsTargetPerYear: 300,
    fullAssessmentsDue: [
      { serviceId: 'a', name: 'Alpha', dueOn: '2025-11-20' },
      { serviceId: 'b', name: 'Beta', dueOn: '2026-03-20' },
      { serviceId: 'c', name: 'Gamma', dueOn: '2026-03-19' },
    ],
    openActions: [
      { planId: 'p1', serviceId: 'a', dueOn: '2026-01-31', overdue: true },
      { planId: 'p1', serviceId: 'a', dueOn: '2026-02-28', overdue: true },
      { planId: 'p2', serviceId: 'b', dueOn: '2199-01-01', overdue: false },
      { planId: 'p3', serviceId: 'c', dueOn: '2026-01-01', overdue: true },
    ],
    suspensionReviews: [
      { serviceId: 'a', reviewOn: '2026-03-19' },
      { serviceId: 'b', reviewOn: '2026-03-20' },
      { serviceId: 'c', reviewOn: null },
    ],
    processReviews: [{ serviceId: 'a', reviewOn: '2026-02-01' }],
    concerns: [],
  };
  const f = performanceFigures(records, FY2025, '2026-03-20');
  test('full assessments overdue: due before today, longest overdue first (due today is not overdue)', () =>
    assert.deepEqual(
      f.fullAssessmentsOverdue.map((a) => [a.name, a.daysOverdue]),
      [
        ['Alpha', 120],
        ['Gamma', 1],
      ],
    ));
  test('action plans with an overdue action, and the overdue actions', () => {
    assert.equal(f.actionPlansOverdue, 2);
    assert.equal(f.actionsOverdue, 3);
  });
  test('reviews overdue once their day has passed; none set is never overdue', () => {
    assert.equal(f.suspensionReviewsOverdue, 1);
    assert.equal(f.processReviewsOverdue, 1);
  });
  test('visits against the target to date', () => {
    assert.equal(f.targetPerOfficer, 291);
    assert.equal(f.visitsMade, 3);
    assert.equal(f.visits[0]!.percentOfTarget, 1);
  });
});

describe('periods', () => {
  const cases: [string, { label: string; from: string; to: string } | null][] = [
    ['2025', { label: '2025/26', from: '2025-04-01', to: '2026-03-31' }],
    ['2017-q4', { label: 'Q4 2017/18', from: '2018-01-01', to: '2018-03-31' }],
    ['2023-q4', { label: 'Q4 2023/24', from: '2024-01-01', to: '2024-03-31' }],
    ['2025-q5', null],
    ['last year', null],
    ['', null],
  ];
  for (const [key, expected] of cases) {
    test(`"${key}"`, () => {
      const p = parsePeriod(key);
      assert.deepEqual(p && { label: p.label, from: p.from, to: p.to }, expected);
    });
  }
  test('the choices: this financial year and two before, then eight quarters, newest first', () =>
    assert.deepEqual(
      periodChoices('2026-03-20').map((p) => p.key),
      ['2025', '2024', '2023', '2025-q4', '2025-q3', '2025-q2', '2025-q1', '2024-q4', '2024-q3', '2024-q2', '2024-q1'],
    ));
});

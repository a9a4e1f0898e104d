import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import {
  compareAssessments,
  dateErrors,
  difference,
  enteredDate,
  domainProgress,
  providerOverrated,
  reviewEndsOn,
  reviewWindow,
  unansweredQuestions,
} from './assessment.rules.ts';
import { assembleDomains, publicationProblems, toScoringFramework, type FrameworkVersion } from './frameworks.ts';
import type { Answer } from './scoring.ts';

function version(id: string, scoring: 'percentage' | 'rating', layout: number[][], lineage = (d: number, q: number) => `L${d}.${q}`): FrameworkVersion {
  const domains = layout.map((_, d) => ({ id: `${id}d${d}`, lineage_id: `D${d}`, position: d + 1, name: `Domain ${d + 1}`, description: null }));
  const standards = layout.flatMap((counts, d) => counts.map((_, s) => ({ id: `${id}d${d}s${s}`, domain_id: `${id}d${d}`, position: s + 1, name: `Standard ${s}` })));
  const questions = layout.flatMap((counts, d) =>
    counts.flatMap((n, s) =>
      Array.from({ length: n }, (_, q) => ({
        id: `${id}d${d}s${s}q${q}`,
        lineage_id: lineage(d, s * 10 + q),
        domain_id: `${id}d${d}`,
        standard_id: `${id}d${d}s${s}`,
        // Positions deliberately out of insertion order: assembly sorts them.
        position: n - q,
        text: `Question ${q}`,
        guidance: null,
        weight: 1,
      })),
    ),
  );
  return {
    id,
    frameworkId: 'f',
    councilId: 'c',
    version: 1,
    name: 'Test',
    description: null,
    scoring,
    categories: ['home_care'],
    requiresImprovementLabel: 'Requires improvement',
    status: 'published',
    changeNote: null,
    publishedAt: null,
    domains: assembleDomains(domains, standards, questions),
  };
}

describe('dates', () => {
  test('today is the UK date, whatever the server’s zone', () => {
    assert.equal(today(new Date('2026-06-30T23:30:00Z')), '2026-07-01', 'British Summer Time');
    assert.equal(today(new Date('2026-12-31T23:30:00Z')), '2026-12-31', 'Greenwich Mean Time');
  });
  test('adding days crosses months, years and leap days', () => {
    assert.equal(addDays('2026-11-20', 14), '2026-12-04');
    assert.equal(addDays('2026-12-25', 14), '2027-01-08');
    assert.equal(addDays('2028-02-20', 14), '2028-03-05');
    assert.equal(addDays('2026-03-01', 0), '2026-03-01');
  });
});

describe('the factual accuracy window', () => {
  const base = { kind: 'full' as const, status: 'completed' as const, reviewEndsOn: '2026-12-04', accuracyConfirmed: false };
  const cases: [string, Parameters<typeof reviewWindow>[0], string, string][] = [
    ['open on the day of completion', base, '2026-11-20', 'open'],
    ['open on its last day', base, '2026-12-04', 'open'],
    ['closed the day after', base, '2026-12-05', 'closed'],
    ['closed once the provider confirms accuracy', { ...base, accuracyConfirmed: true }, '2026-11-21', 'closed'],
    ['closed once published', { ...base, status: 'published' }, '2026-11-21', 'closed'],
    ['not started while a draft', { ...base, status: 'draft', reviewEndsOn: null }, '2026-11-21', 'not_started'],
    ['none for a self-assessment', { ...base, kind: 'self' }, '2026-11-21', 'not_started'],
    ['closed when there is no window (0 days or a correction)', { ...base, reviewEndsOn: null }, '2026-11-20', 'closed'],
  ];
  for (const [name, assessment, today, expected] of cases) test(name, () => assert.equal(reviewWindow(assessment, today), expected));

  test('its last day', () => {
    assert.equal(reviewEndsOn('2026-11-20', 14, false), '2026-12-04');
    assert.equal(reviewEndsOn('2026-11-20', 0, false), null);
    assert.equal(reviewEndsOn('2026-11-20', 14, true), null);
  });
});

describe('progress', () => {
  const v = version('a', 'percentage', [[2, 1], [1], []]);
  test('a domain is not started, in progress or completed', () => {
    const [d1, d2, d3] = v.domains as [FrameworkVersion['domains'][0], FrameworkVersion['domains'][0], FrameworkVersion['domains'][0]];
    assert.equal(domainProgress(d1, new Map()), 'not_started');
    assert.equal(domainProgress(d1, new Map([[d1.questions[0]!.id, 'met']])), 'in_progress');
    assert.equal(domainProgress(d1, new Map(d1.questions.map((q) => [q.id, 'met']))), 'completed');
    assert.equal(domainProgress(d2, new Map([[d2.questions[0]!.id, 'not_applicable']])), 'completed');
    assert.equal(domainProgress(d3, new Map()), 'completed', 'a domain with no questions has nothing to do');
  });
  test('unanswered questions are listed in framework order', () => {
    const answered = new Map([[v.domains[0]!.questions[1]!.id, 'met']]);
    assert.deepEqual(unansweredQuestions(v, answered).map((q) => q.number), ['1.1', '1.3', '2.1']);
  });
});

describe('assembling a version', () => {
  test('domains and questions are numbered in position order across standards', () => {
    const v = version('a', 'rating', [[2, 2], [1]]);
    assert.deepEqual(v.domains[0]!.questions.map((q) => [q.number, q.id]), [
      ['1.1', 'ad0s0q1'],
      ['1.2', 'ad0s0q0'],
      ['1.3', 'ad0s1q1'],
      ['1.4', 'ad0s1q0'],
    ]);
    assert.equal(v.domains[1]!.questions[0]!.number, '2.1');
    assert.deepEqual(toScoringFramework(v).domains.map((d) => d.questions.length), [4, 1]);
  });

  test('a draft can be published only with categories, domains, standards and questions', () => {
    assert.deepEqual(publicationProblems(version('a', 'rating', [[1]])), []);
    assert.deepEqual(publicationProblems({ ...version('a', 'rating', [[1]]), categories: [] }), ['Select at least one service category the framework applies to']);
    assert.deepEqual(publicationProblems(version('a', 'rating', [])), ['Add at least one domain']);
    assert.deepEqual(publicationProblems(version('a', 'rating', [[]])), ['Add a standard to the domain “Domain 1”']);
    assert.deepEqual(publicationProblems(version('a', 'rating', [[1, 0]])), ['Add a question to the standard “Standard 1”']);
  });
});

describe('comparing a self-assessment with the officer’s', () => {
  const cases: [Answer | undefined, Answer | undefined, string][] = [
    ['met', 'met', 'same'],
    ['met', 'partly_met', 'provider_higher'],
    ['not_met', 'partly_met', 'provider_lower'],
    ['excellent', 'good', 'provider_higher'],
    ['poor', 'requires_improvement', 'provider_lower'],
    ['not_applicable', 'met', 'different'],
    ['good', 'not_applicable', 'different'],
    [undefined, 'good', 'missing'],
    ['good', undefined, 'missing'],
  ];
  for (const [provider, officer, expected] of cases) {
    test(`${provider ?? 'no answer'} against ${officer ?? 'no answer'}: ${expected}`, () => assert.equal(difference(provider, officer), expected));
  }

  test('questions are matched by lineage across versions; domains carry both bands', () => {
    const officerVersion = version('o', 'rating', [[2], [1]]);
    // The provider used an older version with one question fewer in the first domain.
    const providerVersion = version('p', 'rating', [[1], [1]]);
    const o = officerVersion.domains;
    const p = providerVersion.domains;
    const result = compareAssessments(
      {
        version: officerVersion,
        answers: new Map<string, Answer>([[o[0]!.questions[0]!.id, 'good'], [o[0]!.questions[1]!.id, 'poor'], [o[1]!.questions[0]!.id, 'good']]),
        domainBands: new Map([[o[0]!.id, 'requires_improvement'], [o[1]!.id, 'good']]),
      },
      {
        version: providerVersion,
        answers: new Map<string, Answer>([[p[0]!.questions[0]!.id, 'excellent'], [p[1]!.questions[0]!.id, 'good']]),
        domainBands: new Map([[p[0]!.id, 'excellent'], [p[1]!.id, 'good']]),
      },
    );
    assert.equal(result.comparable, true);
    // Officer question 1.1 has lineage L0.1 (position order), which the provider's only question 1.1 (L0.0) does not share.
    assert.deepEqual(result.domains[0]!.rows.map((r) => [r.question.lineageId, r.provider, r.officer, r.difference]), [
      ['L0.1', undefined, 'good', 'missing'],
      ['L0.0', 'excellent', 'poor', 'provider_higher'],
    ]);
    assert.deepEqual([result.domains[0]!.provider, result.domains[0]!.officer], ['excellent', 'requires_improvement']);
    assert.equal(result.domains[1]!.differences, 0);
    assert.equal(result.differences, 2);
    assert.equal(providerOverrated('excellent', 'requires_improvement'), true);
    assert.equal(providerOverrated('good', 'good'), false);
    assert.equal(providerOverrated(null, 'good'), false);
  });

  test('different scoring methods cannot be compared answer by answer', () => {
    const a = version('o', 'rating', [[1]]);
    const b = version('p', 'percentage', [[1]]);
    const result = compareAssessments(
      { version: a, answers: new Map([[a.domains[0]!.questions[0]!.id, 'good']]), domainBands: new Map() },
      { version: b, answers: new Map([[b.domains[0]!.questions[0]!.id, 'met']]), domainBands: new Map() },
    );
    assert.equal(result.comparable, false);
    assert.equal(result.domains[0]!.rows[0]!.difference, 'different');
  });
});

describe('dates entered for the past', () => {
  const TODAY = '2026-12-05';
  const visit = '2018-03-01';
  const cases: { name: string; dates: Parameters<typeof dateErrors>[0]; entering: Parameters<typeof dateErrors>[1]; errors: Record<string, string> }[] = [
    { name: 'completed today after a visit last week', dates: { visitedOn: '2026-11-28', completedOn: TODAY }, entering: ['completedOn'], errors: {} },
    { name: 'completed in 2018, a week after the visit', dates: { visitedOn: visit, completedOn: '2018-03-08' }, entering: ['completedOn'], errors: {} },
    { name: 'completed on the day of the visit', dates: { visitedOn: visit, completedOn: visit }, entering: ['completedOn'], errors: {} },
    {
      name: 'completed tomorrow',
      dates: { visitedOn: visit, completedOn: '2026-12-06' },
      entering: ['completedOn'],
      errors: { completedOn: 'The date the assessment was completed must be today or in the past' },
    },
    {
      name: 'completed the day before the visit',
      dates: { visitedOn: visit, completedOn: '2018-02-28' },
      entering: ['completedOn'],
      errors: { completedOn: 'The date the assessment was completed must be the same as or after the date of the visit (1 March 2018)' },
    },
    {
      name: 'a visit in the future and a completion before it: each date its own message',
      dates: { visitedOn: '2027-01-01', completedOn: '2026-12-01' },
      entering: ['visitedOn', 'completedOn'],
      errors: {
        visitedOn: 'The date of the visit must be today or in the past',
        completedOn: 'The date the assessment was completed must be the same as or after the date of the visit (1 January 2027)',
      },
    },
    { name: 'published the day it was completed', dates: { visitedOn: visit, completedOn: '2018-03-08', publishedOn: '2018-03-08' }, entering: ['publishedOn'], errors: {} },
    {
      name: 'published before it was completed',
      dates: { visitedOn: visit, completedOn: '2018-03-08', publishedOn: '2018-03-07' },
      entering: ['publishedOn'],
      errors: { publishedOn: 'The date the report was published must be the same as or after the date the assessment was completed (8 March 2018)' },
    },
    {
      name: 'published before the visit, with no completion date (an imported row)',
      dates: { visitedOn: visit, publishedOn: '2018-02-01' },
      entering: ['publishedOn'],
      errors: { publishedOn: 'The date the report was published must be the same as or after the date of the visit (1 March 2018)' },
    },
    {
      name: 'published in the future',
      dates: { visitedOn: visit, completedOn: '2018-03-08', publishedOn: '2027-03-08' },
      entering: ['publishedOn'],
      errors: { publishedOn: 'The date the report was published must be today or in the past' },
    },
    {
      name: 'a correction completed before the report it corrects was published',
      dates: { visitedOn: visit, completedOn: '2018-03-20', correctsPublishedOn: '2018-04-01' },
      entering: ['completedOn'],
      errors: { completedOn: 'The date the assessment was completed must be the same as or after the date the report it corrects was published (1 April 2018)' },
    },
    {
      name: 'a correction published after the report it corrects',
      dates: { visitedOn: visit, completedOn: '2018-04-02', publishedOn: '2018-04-03', correctsPublishedOn: '2018-04-01' },
      entering: ['publishedOn'],
      errors: {},
    },
    { name: 'recorded dates are not judged again', dates: { visitedOn: visit, completedOn: '2018-02-01', publishedOn: '2018-03-08' }, entering: ['publishedOn'], errors: {} },
    { name: 'nothing entered', dates: { visitedOn: visit }, entering: ['completedOn', 'publishedOn'], errors: {} },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const found = Object.fromEntries(dateErrors(c.dates, c.entering, TODAY).map((e) => [e.path, e.message]));
      assert.deepEqual(found, c.errors);
    });
  }

  test('a date counts as entered unless it is the day it was recorded', () => {
    assert.deepEqual(enteredDate(undefined, TODAY), { on: TODAY, entered: false });
    assert.deepEqual(enteredDate(TODAY, TODAY), { on: TODAY, entered: false });
    assert.deepEqual(enteredDate('2018-03-08', TODAY), { on: '2018-03-08', entered: true });
  });
});

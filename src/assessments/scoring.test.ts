import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BANDS,
  answersFor,
  bandRank,
  belowStandard,
  displayPercent,
  isAnswerFor,
  scoreAssessment,
  type Answer,
  type Band,
  type ScoringFramework,
  type ScoringMethod,
} from './scoring.ts';

/** A framework of one or more domains, each given as a list of [answer, weight] (answer undefined = unanswered). */
type Row = readonly [Answer | undefined, number?];
function build(scoring: ScoringMethod, domains: readonly (readonly Row[])[]) {
  const answers = new Map<string, Answer>();
  const framework: ScoringFramework = {
    scoring,
    domains: domains.map((rows, d) => ({
      id: `d${d}`,
      name: `Domain ${d}`,
      questions: rows.map(([answer, weight], q) => {
        const id = `d${d}q${q}`;
        if (answer !== undefined) answers.set(id, answer);
        return { id, weight: weight ?? 1, text: `Question ${d}.${q}` };
      }),
    })),
  };
  return { framework, answers };
}

const score = (scoring: ScoringMethod, domains: readonly (readonly Row[])[]) => {
  const { framework, answers } = build(scoring, domains);
  return scoreAssessment(framework, answers);
};

const repeat = (value: Row, times: number): Row[] => Array.from({ length: times }, () => value);

describe('percentage scoring (shared/API.md)', () => {
  const cases: { name: string; rows: Row[]; percent: number | undefined; band: Band | null }[] = [
    { name: 'every criterion met', rows: repeat(['met'], 4), percent: 100, band: 'excellent' },
    { name: 'every criterion not met', rows: repeat(['not_met'], 3), percent: 0, band: 'poor' },
    { name: 'met in part counts one of two points', rows: [['partly_met'], ['met'], ['met']], percent: (5 / 6) * 100, band: 'good' },
    { name: 'exactly 95 is excellent', rows: [...repeat(['met'], 18), ['partly_met'], ['partly_met']], percent: 95, band: 'excellent' },
    { name: 'just under 95 is good', rows: [['met', 94.99], ['not_met', 5.01]], percent: 94.99, band: 'good' },
    { name: 'exactly 78 is good (39 of 50 points)', rows: [...repeat(['met'], 14), ...repeat(['partly_met'], 11)], percent: 78, band: 'good' },
    { name: 'just under 78 is requires improvement', rows: [['met', 77.99], ['not_met', 22.01]], percent: 77.99, band: 'requires_improvement' },
    { name: 'exactly 65 is requires improvement (26 of 40 points)', rows: [...repeat(['met'], 6), ...repeat(['partly_met'], 14)], percent: 65, band: 'requires_improvement' },
    { name: 'just under 65 is poor', rows: [['met', 64.99], ['not_met', 35.01]], percent: 64.99, band: 'poor' },
    { name: 'weights multiply points and maximum', rows: [['met', 3], ['not_met', 1]], percent: 75, band: 'requires_improvement' },
    { name: 'fractional weights', rows: [['met', 0.5], ['partly_met', 1.5]], percent: 62.5, band: 'poor' },
    { name: 'not applicable leaves numerator and denominator', rows: [['met'], ['not_applicable'], ['not_applicable', 5]], percent: 100, band: 'excellent' },
    { name: 'not applicable beside a failure', rows: [['not_met'], ['not_applicable']], percent: 0, band: 'poor' },
    { name: 'unanswered questions are left out of a draft’s scores', rows: [['met'], [undefined], [undefined, 3]], percent: 100, band: 'excellent' },
    { name: 'every answer not applicable: no percent, no band', rows: repeat(['not_applicable'], 3), percent: undefined, band: null },
    { name: 'nothing answered: no percent, no band', rows: [[undefined], [undefined]], percent: undefined, band: null },
    { name: 'a domain with no questions: no percent, no band', rows: [], percent: undefined, band: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const scores = score('percentage', [c.rows]);
      const domain = scores.domains[0]!;
      assert.equal(domain.band, c.band);
      assert.equal(scores.overall.band, c.band);
      if (c.percent === undefined) {
        assert.equal('percent' in domain, false);
        assert.equal('percent' in scores.overall, false);
      } else {
        assert.ok(Math.abs(domain.percent! - c.percent) < 1e-9, `${domain.percent} ≠ ${c.percent}`);
      }
    });
  }

  test('the overall percent pools every criterion; it is not the mean of the domains', () => {
    const scores = score('percentage', [[['met']], repeat(['not_met'], 3)]);
    assert.equal(scores.domains[0]!.percent, 100);
    assert.equal(scores.domains[1]!.percent, 0);
    assert.equal(scores.overall.percent, 25);
    assert.equal(scores.overall.band, 'poor');
  });

  test('a domain with every answer not applicable has no band but does not change the overall', () => {
    const scores = score('percentage', [repeat(['not_applicable'], 2), [['met'], ['partly_met']], []]);
    assert.deepEqual(scores.domains.map((d) => d.band), [null, 'requires_improvement', null]);
    assert.equal(scores.overall.percent, 75);
    assert.equal(scores.overall.band, 'requires_improvement');
  });

  test('counts questions, answers and applicable answers per domain', () => {
    const scores = score('percentage', [[['met'], ['not_applicable'], [undefined]]]);
    const { questions, answered, applicable } = scores.domains[0]!;
    assert.deepEqual({ questions, answered, applicable }, { questions: 3, answered: 2, applicable: 1 });
  });

  test('a rating answer is refused by a percentage framework', () => {
    assert.throws(() => score('percentage', [[['good']]]), /not an answer for a percentage framework/);
  });

  test('a weight of 0 or less is refused', () => {
    assert.throws(() => score('percentage', [[['met', 0]]]), /weight must be more than 0/);
    assert.throws(() => score('percentage', [[['met', -1]]]), /weight must be more than 0/);
    assert.throws(() => score('percentage', [[['met', Number.NaN]]]), /weight must be more than 0/);
  });
});

describe('rating scoring (docs/scoring.md)', () => {
  const cases: { name: string; rows: Row[]; band: Band | null }[] = [
    { name: 'all excellent', rows: repeat(['excellent'], 3), band: 'excellent' },
    { name: 'all good', rows: repeat(['good'], 3), band: 'good' },
    { name: 'all requires improvement', rows: repeat(['requires_improvement'], 2), band: 'requires_improvement' },
    { name: 'all poor', rows: repeat(['poor'], 2), band: 'poor' },
    { name: 'mean exactly 3.5 with nothing below good is excellent', rows: [['excellent'], ['good']], band: 'excellent' },
    { name: 'mean just under 3.5 is good', rows: [['excellent', 0.99], ['good', 1.01]], band: 'good' },
    { name: 'mean 3.5 but an answer below good: limited to good', rows: [...repeat(['excellent'], 3), ['requires_improvement']], band: 'good' },
    { name: 'mean exactly 2.5 is good', rows: [['good'], ['requires_improvement']], band: 'good' },
    { name: 'mean just under 2.5 is requires improvement', rows: [['good', 0.99], ['requires_improvement', 1.01]], band: 'requires_improvement' },
    { name: 'mean 3.5 with a poor answer: limited to requires improvement', rows: [...repeat(['excellent'], 5), ['poor']], band: 'requires_improvement' },
    { name: 'mean exactly 1.5 is requires improvement', rows: [['requires_improvement'], ['poor']], band: 'requires_improvement' },
    { name: 'mean just under 1.5 is poor', rows: [['requires_improvement', 0.99], ['poor', 1.01]], band: 'poor' },
    { name: 'equal weights: excellent and requires improvement make good', rows: [['excellent'], ['requires_improvement']], band: 'good' },
    { name: 'weights count: requires improvement weighted 4 pulls it down', rows: [['excellent'], ['requires_improvement', 4]], band: 'requires_improvement' },
    { name: 'not applicable is left out', rows: [['excellent'], ['not_applicable'], ['not_applicable', 9]], band: 'excellent' },
    { name: 'unanswered is left out', rows: [['good'], [undefined]], band: 'good' },
    { name: 'every answer not applicable: no band', rows: repeat(['not_applicable'], 2), band: null },
    { name: 'nothing answered: no band', rows: [[undefined]], band: null },
    { name: 'no questions: no band', rows: [], band: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const scores = score('rating', [c.rows]);
      assert.equal(scores.domains[0]!.band, c.band);
      assert.equal('percent' in scores.domains[0]!, false);
      assert.equal('percent' in scores.overall, false);
    });
  }

  const overall: { name: string; domains: Band[]; band: Band | null }[] = [
    { name: 'mostly excellent, none below good', domains: ['good', 'good', 'excellent', 'excellent', 'excellent'], band: 'excellent' },
    { name: 'a domain below good keeps the overall from excellent', domains: ['excellent', 'excellent', 'excellent', 'excellent', 'requires_improvement'], band: 'good' },
    { name: 'a poor domain limits the overall to requires improvement', domains: ['good', 'good', 'good', 'good', 'poor'], band: 'requires_improvement' },
    { name: 'two of five below good', domains: ['good', 'good', 'good', 'requires_improvement', 'requires_improvement'], band: 'good' },
    { name: 'three of five below good', domains: ['good', 'good', 'requires_improvement', 'requires_improvement', 'requires_improvement'], band: 'requires_improvement' },
    { name: 'mostly poor', domains: ['requires_improvement', 'poor', 'poor'], band: 'poor' },
  ];
  for (const c of overall) {
    test(`overall: ${c.name}`, () => {
      const scores = score('rating', c.domains.map((band) => [[band]]));
      assert.deepEqual(scores.domains.map((d) => d.band), c.domains);
      assert.equal(scores.overall.band, c.band);
    });
  }

  test('each domain counts once towards the overall, however many questions it has', () => {
    const scores = score('rating', [repeat(['poor'], 1), repeat(['excellent'], 20), repeat(['excellent'], 1)]);
    assert.equal(scores.overall.band, 'requires_improvement');
    const balanced = score('rating', [repeat(['requires_improvement'], 10), [['excellent']]]);
    assert.equal(balanced.overall.band, 'good');
  });

  test('unrated domains are left out of the overall', () => {
    const scores = score('rating', [repeat(['not_applicable'], 3), [['good']], []]);
    assert.equal(scores.overall.band, 'good');
    assert.equal(score('rating', [repeat(['not_applicable'], 3), []]).overall.band, null);
  });

  test('a percentage answer is refused by a rating framework', () => {
    assert.throws(() => score('rating', [[['met']]]), /not an answer for a rating framework/);
  });
});

/** A deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const SCALES: Record<ScoringMethod, readonly Answer[]> = {
  percentage: ['met', 'partly_met', 'not_met'],
  rating: ['excellent', 'good', 'requires_improvement', 'poor'],
};

function generate(method: ScoringMethod, seed: number) {
  const rng = random(seed);
  const choices: (Answer | undefined)[] = [...answersFor(method), undefined];
  const domains = Array.from({ length: 1 + Math.floor(rng.next() * 5) }, () =>
    Array.from({ length: Math.floor(rng.next() * 7) }, () => [rng.pick(choices), rng.pick([0.25, 0.5, 1, 1, 1, 1.5, 2, 3, 7.33])] as Row),
  );
  return { rng, ...build(method, domains) };
}

describe('a worse answer never improves a result (property, 3000 generated assessments per method)', () => {
  for (const method of ['percentage', 'rating'] as const) {
    test(method, () => {
      const scale = SCALES[method];
      for (let seed = 1; seed <= 3000; seed++) {
        const { rng, framework, answers } = generate(method, seed);
        const worsenable = [...answers].filter(([, a]) => scale.indexOf(a) >= 0 && scale.indexOf(a) < scale.length - 1);
        if (worsenable.length === 0) continue;
        const [questionId, answer] = rng.pick(worsenable);
        const worse = new Map(answers).set(questionId, scale[scale.indexOf(answer) + 1]!);
        const before = scoreAssessment(framework, answers);
        const after = scoreAssessment(framework, worse);
        const context = `seed ${seed}: ${questionId} ${answer} → ${worse.get(questionId)}`;
        const notBetter = (a: Band | null, b: Band | null) => assert.ok(a !== null && b !== null && bandRank(b) <= bandRank(a), `${context}: ${a} became ${b}`);
        notBetter(before.overall.band, after.overall.band);
        before.domains.forEach((d, i) => {
          if (d.band !== null) notBetter(d.band, after.domains[i]!.band);
          if (d.percent !== undefined) assert.ok(after.domains[i]!.percent! <= d.percent, context);
        });
        if (before.overall.percent !== undefined) assert.ok(after.overall.percent! <= before.overall.percent, context);
      }
    });
  }

  test('percentages match an independent calculation and bands match their percent', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const { framework, answers } = generate('percentage', seed);
      const scores = scoreAssessment(framework, answers);
      let points = 0;
      let max = 0;
      for (const domain of framework.domains) {
        let dp = 0;
        let dm = 0;
        for (const q of domain.questions) {
          const a = answers.get(q.id);
          if (a === undefined || a === 'not_applicable') continue;
          dp += (a === 'met' ? 2 : a === 'partly_met' ? 1 : 0) * q.weight;
          dm += 2 * q.weight;
        }
        const result = scores.domains.find((d) => d.domainId === domain.id)!;
        if (dm === 0) assert.equal(result.percent, undefined);
        else assert.ok(Math.abs(result.percent! - (100 * dp) / dm) < 1e-9, `seed ${seed}`);
        points += dp;
        max += dm;
      }
      if (max === 0) assert.equal(scores.overall.band, null);
      else {
        const percent = scores.overall.percent!;
        assert.ok(Math.abs(percent - (100 * points) / max) < 1e-9, `seed ${seed}`);
        const expected: Band = percent >= 95 ? 'excellent' : percent >= 78 ? 'good' : percent >= 65 ? 'requires_improvement' : 'poor';
        // Away from the edges floating point cannot disagree; at an edge the exact rule decides (tested above).
        if ([95, 78, 65].every((edge) => Math.abs(percent - edge) > 1e-6)) assert.equal(scores.overall.band, expected, `seed ${seed}`);
      }
    }
  });
});

describe('belowStandard (what an action plan must address)', () => {
  test('lists every answer below the standard and every domain below good, with the assessment date', () => {
    const { framework, answers } = build('percentage', [
      [['met'], ['partly_met'], ['not_applicable']],
      [['met'], ['met']],
      [['not_met'], ['met', 0.5]],
    ]);
    const scores = scoreAssessment(framework, answers);
    const result = belowStandard(framework, answers, scores, '2026-11-02');
    assert.equal(result.assessedOn, '2026-11-02');
    assert.deepEqual(
      result.questions.map((q) => [q.questionId, q.domainId, q.answer, q.text]),
      [
        ['d0q1', 'd0', 'partly_met', 'Question 0.1'],
        ['d2q0', 'd2', 'not_met', 'Question 2.0'],
      ],
    );
    assert.deepEqual(
      result.domains.map((d) => [d.domainId, d.band, d.name]),
      [
        ['d0', 'requires_improvement', 'Domain 0'],
        ['d2', 'poor', 'Domain 2'],
      ],
    );
    assert.equal(result.domains[0]!.percent, 75);
  });

  test('rating answers below good are below the standard; unrated domains are not listed', () => {
    const { framework, answers } = build('rating', [[['good'], ['requires_improvement'], ['excellent']], [['poor'], ['poor']], [['not_applicable']], [[undefined]]]);
    const result = belowStandard(framework, answers, scoreAssessment(framework, answers), '2026-01-31');
    assert.deepEqual(result.questions.map((q) => q.answer), ['requires_improvement', 'poor', 'poor']);
    assert.deepEqual(result.domains.map((d) => [d.domainId, d.band]), [['d1', 'poor']]);
    assert.equal('percent' in result.domains[0]!, false);
  });

  test('an assessment at good or better everywhere needs nothing', () => {
    const { framework, answers } = build('rating', [[['good'], ['excellent']]]);
    const result = belowStandard(framework, answers, scoreAssessment(framework, answers), '2026-01-31');
    assert.deepEqual([result.questions, result.domains], [[], []]);
  });
});

describe('helpers', () => {
  test('answers belong to their method only', () => {
    assert.equal(isAnswerFor('percentage', 'met'), true);
    assert.equal(isAnswerFor('percentage', 'good'), false);
    assert.equal(isAnswerFor('rating', 'not_applicable'), true);
    assert.equal(isAnswerFor('rating', 'partly_met'), false);
    assert.equal(isAnswerFor('rating', undefined), false);
  });

  test('bands are ranked best first', () => {
    assert.deepEqual(BANDS.map(bandRank), [3, 2, 1, 0]);
  });

  test('a displayed percent is rounded down, so it never claims a band edge that was not reached', () => {
    assert.equal(displayPercent(77.99), 77);
    assert.equal(displayPercent(78), 78);
    assert.equal(displayPercent((39 / 50) * 100), 78);
    assert.equal(displayPercent(100), 100);
    assert.equal(displayPercent(undefined), undefined);
  });
});

describe('the worked examples in docs/scoring.md', () => {
  test('percentage: a poor domain inside a good assessment', () => {
    const scores = score('percentage', [[['met', 2], ['partly_met'], ['not_met'], ['not_applicable']], repeat(['met'], 20)]);
    assert.equal(scores.domains[0]!.percent, 62.5);
    assert.equal(scores.domains[0]!.band, 'poor');
    assert.equal(scores.overall.percent, 93.75);
    assert.equal(scores.overall.band, 'good');
  });

  const domainRows: [Row[], Band | null][] = [
    [[['good'], ['good'], ['excellent', 2], ['requires_improvement']], 'good'],
    [[['excellent'], ['good']], 'excellent'],
    [[...repeat(['excellent'], 3), ['requires_improvement']], 'good'],
    [[...repeat(['excellent'], 3), ['poor']], 'requires_improvement'],
    [[['good'], ['requires_improvement']], 'good'],
    [[['requires_improvement'], ['poor']], 'requires_improvement'],
    [repeat(['not_applicable'], 2), null],
  ];
  for (const [rows, band] of domainRows) {
    test(`rating domain: ${rows.map((r) => r[0]).join(', ')} → ${band}`, () => assert.equal(score('rating', [rows]).domains[0]!.band, band));
  }

  const overallRows: [Band[], Band][] = [
    [['excellent', 'excellent', 'excellent', 'excellent', 'good'], 'excellent'],
    [['good', 'good', 'excellent', 'requires_improvement', 'good'], 'good'],
    [['excellent', 'excellent', 'excellent', 'excellent', 'requires_improvement'], 'good'],
    [['good', 'good', 'good', 'good', 'poor'], 'requires_improvement'],
  ];
  for (const [bands, band] of overallRows) {
    test(`rating overall: ${bands.join(', ')} → ${band}`, () => assert.equal(score('rating', bands.map((b) => [[b]])).overall.band, band));
  }
});

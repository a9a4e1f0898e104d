import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SERVICE_CATEGORIES } from '../providers/categories.ts';
import { DEFAULT_MATRIX, RISK_AREA_KEYS, SCORES, complexityRowFor, indicatorsFor, type RiskMatrix, type Score } from './matrix.ts';
import { bandFor, bandRangeText, bandRanges, computePrr, matrixProblems, prrRange, prrStep, type Scores } from './prr.ts';

const all = (score: Score): Scores => Object.fromEntries(RISK_AREA_KEYS.map((k) => [k, score])) as Scores;
const scores = (s: Partial<Scores>): Scores => ({ ...all(1), ...s });

describe('PRR', () => {
  test('the seed’s worked example, with one complexity row, totals 21.5', () => {
    // Seed 004: CQC 4, other sources 1, safeguarding 2, complaints 1, financial 2, complexity 4, officer 1.
    // Its spreadsheet filled both complexity rows (27.5); the product scores only the row that fits.
    const seed = { cqc_rating: 4, other_sources: 1, safeguarding: 2, complaints: 1, financial_viability: 2, complexity: 4, officer_intelligence: 1 } as const;
    assert.equal(computePrr(DEFAULT_MATRIX, seed), 21.5);
    assert.equal(computePrr(DEFAULT_MATRIX, seed) + 4 * 1.5, 27.5);
  });

  const cases: [string, Partial<Scores>, number][] = [
    ['all ones', {}, 10.5],
    ['safeguarding 2', { safeguarding: 2 }, 13],
    ['complaints 3', { complaints: 3 }, 15.5],
    ['complexity 2', { complexity: 2 }, 12],
    ['complexity 3 and safeguarding 3', { complexity: 3, safeguarding: 3 }, 18.5],
    ['every area at 3', all(3), 31.5],
    ['every area at 5', all(5), 52.5],
  ];
  for (const [name, s, expected] of cases) {
    test(`${name} gives ${expected}`, () => assert.equal(computePrr(DEFAULT_MATRIX, scores(s)), expected));
  }

  test('is exact with weights that binary fractions cannot hold', () => {
    const matrix: RiskMatrix = { ...DEFAULT_MATRIX, areas: DEFAULT_MATRIX.areas.map((a) => ({ ...a, weight: a.key === 'cqc_rating' ? 0.1 : a.key === 'complaints' ? 0.2 : a.weight })) };
    assert.equal(computePrr(matrix, scores({ cqc_rating: 3, complaints: 1 })), 7.5);
    assert.equal(computePrr(matrix, scores({ cqc_rating: 1, complaints: 1 })), 7.3);
  });

  test('range 10.5 to 52.5 in steps of 0.5', () => {
    assert.deepEqual(prrRange(DEFAULT_MATRIX), { min: 10.5, max: 52.5 });
    assert.equal(prrStep(DEFAULT_MATRIX), 0.5);
  });

  test('every one of the 78,125 possible scorings is a multiple of 0.5 in range and falls in exactly one band', () => {
    const counts = new Map<string, number>();
    const keys = RISK_AREA_KEYS;
    const current = [1, 1, 1, 1, 1, 1, 1];
    for (let n = 0; n < 5 ** keys.length; n++) {
      let rest = n;
      for (let i = 0; i < keys.length; i++) {
        current[i] = (rest % 5) + 1;
        rest = Math.floor(rest / 5);
      }
      const s = Object.fromEntries(keys.map((k, i) => [k, current[i]])) as Scores;
      const prr = computePrr(DEFAULT_MATRIX, s);
      assert.ok(prr >= 10.5 && prr <= 52.5, `${prr} out of range`);
      assert.equal((prr * 2) % 1, 0, `${prr} is not a multiple of 0.5`);
      const holding = DEFAULT_MATRIX.bands.filter((band, i) => {
        const next = DEFAULT_MATRIX.bands[i + 1];
        return (band.fromPrr === null || prr >= band.fromPrr) && (!next || next.fromPrr === null || prr < next.fromPrr);
      });
      assert.equal(holding.length, 1, `${prr} is in ${holding.length} bands`);
      assert.equal(bandFor(DEFAULT_MATRIX, prr).key, holding[0]!.key);
      counts.set(holding[0]!.key, (counts.get(holding[0]!.key) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), ['high', 'low', 'medium', 'minor', 'very_high']);
  });
});

describe('default bands, at every edge', () => {
  const edges: [number, string][] = [
    [10.5, 'minor'],
    [11, 'minor'],
    [11.5, 'minor'],
    [12, 'low'],
    [12.5, 'low'],
    [22, 'low'],
    [22.5, 'medium'],
    [33, 'medium'],
    [33.5, 'high'],
    [39, 'high'],
    [39.5, 'high'],
    [40, 'very_high'],
    [44, 'very_high'],
    [44.5, 'very_high'],
    [52.5, 'very_high'],
  ];
  for (const [prr, key] of edges) {
    test(`${prr} is ${key}`, () => assert.equal(bandFor(DEFAULT_MATRIX, prr).key, key));
  }

  test('the range each band holds, as people read it', () => {
    assert.deepEqual(
      DEFAULT_MATRIX.bands.map((b) => bandRangeText(DEFAULT_MATRIX, b.key)),
      ['under 12', '12 – 22', '22.5 – 33', '33.5 – 39.5', '40 and over'],
    );
    assert.deepEqual(bandRanges(DEFAULT_MATRIX), [
      { key: 'minor', lowest: 10.5, highest: 11.5 },
      { key: 'low', lowest: 12, highest: 22 },
      { key: 'medium', lowest: 22.5, highest: 33 },
      { key: 'high', lowest: 33.5, highest: 39.5 },
      { key: 'very_high', lowest: 40, highest: 52.5 },
    ]);
  });
});

describe('default regime per band, as the API returns it', () => {
  const expected: [string, number | null, number | null, number | null, number | null][] = [
    ['minor', 36, 1, null, null],
    ['low', 24, 1, null, 1],
    ['medium', 12, 2, 30, 2],
    ['high', null, 4, 14, 3],
    ['very_high', null, 4, 7, 4],
  ];
  for (const [key, full, meetings, contact, stage] of expected) {
    test(key, () => {
      const band = DEFAULT_MATRIX.bands.find((b) => b.key === key)!;
      assert.deepEqual(band.regime, { fullAssessmentEveryMonths: full, monitoringMeetingsPerYear: meetings, contactEveryDays: contact, concernsStage: stage });
    });
  }
});

describe('complexity rows', () => {
  test('every service category has exactly one row', () => {
    for (const category of SERVICE_CATEGORIES) {
      assert.equal(DEFAULT_MATRIX.complexityRows.filter((r) => r.categories.includes(category)).length, 1, category);
    }
  });
  test('care homes run from extra care to nursing with dementia', () => {
    assert.equal(complexityRowFor(DEFAULT_MATRIX, 'care_home_older_people')?.key, 'care_homes');
    assert.deepEqual(indicatorsFor(DEFAULT_MATRIX, 'complexity', 'extra_care')[0], 'Extra care');
    assert.match(indicatorsFor(DEFAULT_MATRIX, 'complexity', 'care_home_adults_with_disabilities')[4], /Nursing with dementia/);
  });
  test('home care and supported living have their own five levels', () => {
    assert.equal(complexityRowFor(DEFAULT_MATRIX, 'home_care')?.key, 'care_at_home');
    assert.equal(complexityRowFor(DEFAULT_MATRIX, 'supported_living')?.key, 'care_at_home');
    assert.equal(new Set(indicatorsFor(DEFAULT_MATRIX, 'complexity', 'home_care')).size, SCORES.length);
  });
  test('other areas use their own indicators whatever the category', () => {
    assert.equal(indicatorsFor(DEFAULT_MATRIX, 'cqc_rating', 'home_care')[0], 'Outstanding');
  });
});

describe('matrix validation', () => {
  const withBands = (froms: (number | null)[]): RiskMatrix => ({
    ...DEFAULT_MATRIX,
    bands: DEFAULT_MATRIX.bands.map((b, i) => ({ ...b, fromPrr: froms[i] ?? null })),
  });

  test('the default matrix is valid', () => assert.deepEqual(matrixProblems(DEFAULT_MATRIX, SERVICE_CATEGORIES), []));

  test('bands must rise', () => {
    const problems = matrixProblems(withBands([null, 12, 12, 33.5, 40]), SERVICE_CATEGORIES);
    assert.deepEqual(problems.map((p) => p.path), ['bands.2.fromPrr']);
    assert.match(problems[0]!.message, /must start above where Low starts \(12\)/);
  });

  test('the first band has no lower limit and the others must have one', () => {
    assert.deepEqual(matrixProblems(withBands([5, 12, 22.5, 33.5, 40]), SERVICE_CATEGORIES).map((p) => p.path), ['bands.0.fromPrr']);
    assert.deepEqual(matrixProblems(withBands([null, 12, null, 33.5, 40]), SERVICE_CATEGORIES).map((p) => p.path), ['bands.2.fromPrr']);
  });

  test('a band no possible rating can reach is refused', () => {
    // 22.1 and 22.4 both round up to 22.5: no multiple of 0.5 lies in [22.1, 22.4).
    const problems = matrixProblems(withBands([null, 12, 22.1, 22.4, 40]), SERVICE_CATEGORIES);
    assert.deepEqual(problems.map((p) => p.path), ['bands.2.fromPrr']);
    assert.match(problems[0]!.message, /No possible rating falls in the Medium band/);
    assert.deepEqual(matrixProblems(withBands([null, 12, 22.5, 33.5, 60]), SERVICE_CATEGORIES).map((p) => p.path), ['bands.4.fromPrr']);
  });

  test('weights must be positive with at most two decimals', () => {
    for (const weight of [0, -1, 10.5, 1.234, Number.NaN]) {
      const matrix = { ...DEFAULT_MATRIX, areas: DEFAULT_MATRIX.areas.map((a, i) => (i === 2 ? { ...a, weight } : a)) };
      assert.deepEqual(matrixProblems(matrix, SERVICE_CATEGORIES).map((p) => p.path), ['areas.2.weight'], String(weight));
    }
  });

  test('every category needs exactly one complexity row', () => {
    const missing = { ...DEFAULT_MATRIX, complexityRows: DEFAULT_MATRIX.complexityRows.slice(0, 2) };
    assert.equal(matrixProblems(missing, SERVICE_CATEGORIES).length, 2);
    const twice = { ...DEFAULT_MATRIX, complexityRows: [...DEFAULT_MATRIX.complexityRows, { ...DEFAULT_MATRIX.complexityRows[0]!, key: 'dup' }] };
    assert.match(matrixProblems(twice, SERVICE_CATEGORIES)[0]!.message, /more than one complexity row/);
  });

  test('regime values must be whole numbers in range', () => {
    const matrix = {
      ...DEFAULT_MATRIX,
      bands: DEFAULT_MATRIX.bands.map((b, i) => (i === 1 ? { ...b, regime: { ...b.regime, concernsStage: 6, contactEveryDays: 0.5 } } : b)),
    };
    assert.deepEqual(matrixProblems(matrix, SERVICE_CATEGORIES).map((p) => p.path), ['bands.1.regime.contactEveryDays', 'bands.1.regime.concernsStage']);
  });

  test('indicator descriptions are required', () => {
    const matrix = { ...DEFAULT_MATRIX, areas: DEFAULT_MATRIX.areas.map((a, i) => (i === 0 ? { ...a, indicators: ['a', 'b', ' ', 'd', 'e'] as const } : a)) };
    assert.deepEqual(matrixProblems(matrix, SERVICE_CATEGORIES).map((p) => p.path), ['areas.0.indicators.2']);
  });
});

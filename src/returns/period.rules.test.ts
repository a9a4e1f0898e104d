import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changePeriod, endsPeriod, kindFor, kindLabel, lastDuePeriod, notDueMessage, periodStart, recentDuePeriods, returnNoun, type PeriodKind, type PeriodSetting } from './period.rules.ts';

const plain = (period: PeriodKind): PeriodSetting => ({ period, periodChange: null });

describe('which quarters end a council’s period', () => {
  const cases: [PeriodKind, number, boolean][] = [
    ['quarterly', 1, true],
    ['quarterly', 3, true],
    ['half_yearly', 1, false],
    ['half_yearly', 2, true],
    ['half_yearly', 3, false],
    ['half_yearly', 4, true],
    ['annual', 2, false],
    ['annual', 3, false],
    ['annual', 4, true],
  ];
  for (const [kind, quarter, due] of cases) {
    test(`${kind} Q${quarter}: ${due ? 'due' : 'not due'}`, () => assert.equal(endsPeriod(plain(kind), { year: 2026, quarter }), due));
  }
});

describe('what a period covers and how it is named', () => {
  const cases: [PeriodKind, number, number, string, string][] = [
    ['quarterly', 3, 3, 'Q3 2026/27', 'Quarterly'],
    ['half_yearly', 2, 1, 'H1 2026/27', 'Half-yearly'],
    ['half_yearly', 4, 3, 'H2 2026/27', 'Half-yearly'],
    ['annual', 4, 1, '2026/27', 'Annual'],
  ];
  for (const [kind, quarter, start, label, noun] of cases) {
    test(`${kind} ending Q${quarter}`, () => {
      assert.deepEqual(periodStart({ year: 2026, quarter }, kind), { year: 2026, quarter: start });
      assert.equal(kindLabel({ year: 2026, quarter }, kind), label);
      assert.equal(returnNoun(kind), noun);
    });
  }
});

describe('the period most recently ended, and the last few', () => {
  const cases: [PeriodKind, string, string, string[]][] = [
    ['quarterly', '2026-11-06', '2026-2', ['2026-2', '2026-1', '2025-4']],
    ['half_yearly', '2026-11-06', '2026-2', ['2026-2', '2025-4', '2025-2']],
    ['half_yearly', '2026-09-30', '2025-4', ['2025-4', '2025-2', '2024-4']],
    ['annual', '2026-11-06', '2025-4', ['2025-4', '2024-4', '2023-4']],
    ['annual', '2027-04-01', '2026-4', ['2026-4', '2025-4', '2024-4']],
  ];
  const key = (p: { year: number; quarter: number }) => `${p.year}-${p.quarter}`;
  for (const [kind, today, last, recent] of cases) {
    test(`${kind} on ${today}`, () => {
      assert.equal(key(lastDuePeriod(plain(kind), today)), last);
      assert.deepEqual(recentDuePeriods(plain(kind), today, 3).map(key), recent);
    });
  }
});

describe('a change of period applies from the next period', () => {
  const cases: [string, PeriodSetting, PeriodKind, string, PeriodSetting][] = [
    ['the same kind changes nothing', plain('quarterly'), 'quarterly', '2026-11-06', plain('quarterly')],
    ['quarterly to annual in Q3: from Q4', plain('quarterly'), 'annual', '2026-11-06', { period: 'annual', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } }],
    ['half-yearly to quarterly in Q1: from Q3, after the half year', plain('half_yearly'), 'quarterly', '2026-05-01', { period: 'quarterly', periodChange: { previous: 'half_yearly', from: { year: 2026, quarter: 3 } } }],
    ['annual to half-yearly in Q2: from next year', plain('annual'), 'half_yearly', '2026-08-01', { period: 'half_yearly', periodChange: { previous: 'annual', from: { year: 2027, quarter: 1 } } }],
    ['quarterly to half-yearly in Q4: from next year', plain('quarterly'), 'half_yearly', '2027-02-01', { period: 'half_yearly', periodChange: { previous: 'quarterly', from: { year: 2027, quarter: 1 } } }],
    [
      'a second change while one waits keeps the old kind in force until then',
      { period: 'annual', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } },
      'half_yearly',
      '2026-11-06',
      { period: 'half_yearly', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } },
    ],
    ['back to the kind in force while a change waits cancels it', { period: 'annual', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } }, 'quarterly', '2026-11-06', plain('quarterly')],
  ];
  for (const [name, current, next, today, expected] of cases) test(name, () => assert.deepEqual(changePeriod(current, next, today), expected));

  test('quarters before the change keep the old kind; those from it take the new', () => {
    const s: PeriodSetting = { period: 'annual', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } };
    assert.equal(kindFor(s, { year: 2026, quarter: 3 }), 'quarterly');
    assert.equal(endsPeriod(s, { year: 2026, quarter: 3 }), true);
    assert.equal(kindFor(s, { year: 2026, quarter: 4 }), 'annual');
    assert.equal(endsPeriod(s, { year: 2027, quarter: 3 }), false);
    assert.equal(endsPeriod(s, { year: 2027, quarter: 4 }), true);
  });
});

describe('refusing a quarter that ends no period', () => {
  test('names the quarters due', () => {
    assert.equal(notDueMessage(plain('half_yearly'), { year: 2026, quarter: 1 }), 'The council asks for half-yearly returns: send one for Q2 and Q4 only');
    assert.equal(notDueMessage(plain('annual'), { year: 2026, quarter: 2 }), 'The council asks for annual returns: send one for Q4 only');
  });
});

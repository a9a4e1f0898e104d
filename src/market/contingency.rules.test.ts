import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionOverdue, assuranceDays, canMoveTo, stakeTotals, vacancies, visitDueDates } from './contingency.rules.ts';

describe('contingency rules', () => {
  it('schedules visits every given number of days from today', () => {
    const cases: [string, number, number, string[]][] = [
      ['2026-03-01', 7, 4, ['2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']],
      ['2026-12-20', 14, 2, ['2027-01-03', '2027-01-17']],
      ['2026-02-27', 28, 1, ['2026-03-27']],
    ];
    for (const [today, every, count, expected] of cases) assert.deepEqual(visitDueDates(today, every, count), expected, `${today} every ${every}`);
  });

  it('lists assurance days up to today, newest first, submitted, due or overdue', () => {
    const window = { fromOn: '2026-03-01', untilOn: '2026-03-14' };
    assert.deepEqual(assuranceDays(window, new Set(['2026-03-02']), '2026-03-03'), [
      { date: '2026-03-03', status: 'due' },
      { date: '2026-03-02', status: 'submitted' },
      { date: '2026-03-01', status: 'overdue' },
    ]);
    assert.deepEqual(assuranceDays(window, new Set(), '2026-02-28'), []);
    assert.equal(assuranceDays(window, new Set(), '2026-04-30').length, 14);
    assert.equal(assuranceDays(window, new Set(), '2026-04-30')[0]!.status, 'overdue');
  });

  it('moves a plan between statuses, never out of closed', () => {
    const cases: [Parameters<typeof canMoveTo>[0], Parameters<typeof canMoveTo>[1], boolean][] = [
      ['open', 'monitoring', true],
      ['open', 'closed', true],
      ['monitoring', 'open', true],
      ['monitoring', 'closed', true],
      ['closed', 'open', false],
      ['closed', 'monitoring', false],
      ['open', 'open', false],
    ];
    for (const [from, to, expected] of cases) assert.equal(canMoveTo(from, to), expected, `${from} → ${to}`);
  });

  it('counts services not commissioned and neighbours’ apart', () => {
    const totals = stakeTotals([
      { own: true, notCommissioned: false, peopleFunded: 12, beds: null, hoursPerWeek: 900 },
      { own: true, notCommissioned: false, peopleFunded: 20, beds: 40, hoursPerWeek: null },
      { own: true, notCommissioned: true, peopleFunded: 0, beds: 30, hoursPerWeek: null },
      { own: false, notCommissioned: false, peopleFunded: 7, beds: null, hoursPerWeek: 300 },
    ]);
    assert.deepEqual(totals.commissioned, { services: 2, peopleFunded: 32, beds: 40, hoursPerWeek: 900 });
    assert.deepEqual(totals.notCommissioned, { services: 1, peopleFunded: 0, beds: 30, hoursPerWeek: 0 });
    assert.deepEqual(totals.neighbours, { services: 1, peopleFunded: 7, beds: 0, hoursPerWeek: 300 });
  });

  it('works out vacancies from registered beds and beds occupied', () => {
    const cases: [number | null, number | undefined, number | null][] = [
      [40, 35, 5],
      [40, 44, 0],
      [null, 10, null],
      [40, undefined, null],
    ];
    for (const [beds, occupied, expected] of cases) assert.equal(vacancies(beds, occupied), expected, `${beds} - ${occupied}`);
  });

  it('marks an action overdue once its due date has passed and it is not done', () => {
    assert.equal(actionOverdue({ dueOn: '2026-03-01', doneOn: null }, '2026-03-02'), true);
    assert.equal(actionOverdue({ dueOn: '2026-03-01', doneOn: null }, '2026-03-01'), false);
    assert.equal(actionOverdue({ dueOn: '2026-03-01', doneOn: '2026-03-03' }, '2026-03-05'), false);
  });
});

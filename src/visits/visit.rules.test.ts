import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, addMonths, daysBetween } from '../core/dates.ts';
import { followUpDueBy, plannedAfterDeadline, visitState, visitTargetDate, type VisitDates, type VisitState } from './visit.rules.ts';

describe('the update visit is due within three months of the assessment (seed 002)', () => {
  const cases: [assessedOn: string, dueBy: string, why: string][] = [
    ['2026-11-18', '2027-02-18', 'same day three months on'],
    ['2026-11-30', '2027-02-28', '30 November: February has no 30th'],
    ['2027-11-30', '2028-02-29', 'into a leap February'],
    ['2026-11-29', '2027-02-28', '29th into a common February'],
    ['2026-12-31', '2027-03-31', '31 December: March has a 31st'],
    ['2027-01-31', '2027-04-30', '31 January: April has 30 days'],
    ['2026-10-31', '2027-01-31', 'across the year end'],
    ['2027-03-31', '2027-06-30', '31 March: June has 30 days'],
    ['2027-05-31', '2027-08-31', '31 May: August has 31 days'],
    ['2027-02-28', '2027-05-28', 'end of a common February keeps its day'],
    ['2028-02-29', '2028-05-29', 'leap day keeps its day'],
    ['2026-01-01', '2026-04-01', 'first of the month'],
  ];
  for (const [assessedOn, dueBy, why] of cases) {
    test(`${assessedOn} → ${dueBy} (${why})`, () => assert.equal(followUpDueBy(assessedOn), dueBy));
  }

  test('never more than three calendar months and never fewer than 89 days', () => {
    for (let day = '2026-01-01'; day < '2029-01-01'; day = addDays(day, 1)) {
      const due = followUpDueBy(day);
      assert.ok(daysBetween(day, due) >= 89 && daysBetween(day, due) <= 92, `${day} → ${due}`);
      assert.ok(addMonths(day, 3) === due);
    }
  });

  test('dates that are not ISO dates are refused', () => {
    assert.throws(() => followUpDueBy('18/11/2026'), RangeError);
  });
});

describe('where a visit stands', () => {
  const TODAY = '2026-11-20';
  const visit = (v: Partial<VisitDates>): VisitDates => ({ dueBy: null, plannedOn: null, visitedOn: null, cancelledOn: null, ...v });
  const cases: [Partial<VisitDates>, VisitState, string][] = [
    [{ plannedOn: '2026-11-01', visitedOn: '2026-11-01' }, 'done', 'recorded'],
    [{ dueBy: '2026-10-01', visitedOn: '2026-11-02' }, 'done', 'recorded late is still done'],
    [{ plannedOn: '2026-12-01', cancelledOn: '2026-11-10' }, 'cancelled', 'cancelled'],
    [{ dueBy: '2026-11-19' }, 'overdue', 'due by yesterday'],
    [{ dueBy: '2026-11-20' }, 'due_soon', 'due by today is not yet overdue'],
    [{ dueBy: '2026-12-04' }, 'due_soon', 'due by in exactly 14 days'],
    [{ dueBy: '2026-12-05' }, 'to_arrange', 'due by in 15 days, no day arranged'],
    [{ dueBy: '2027-02-18', plannedOn: '2026-12-10' }, 'planned', 'arranged well ahead'],
    [{ plannedOn: '2026-11-19' }, 'overdue', 'planned day passed without a record'],
    [{ dueBy: '2026-11-19', plannedOn: '2026-11-25' }, 'overdue', 'rearranged after its deadline, which has passed'],
    [{ dueBy: '2027-02-18', plannedOn: '2026-11-22' }, 'due_soon', 'planned within two weeks'],
    [{ plannedOn: '2027-01-10' }, 'planned', 'planned, no deadline'],
  ];
  for (const [dates, state, why] of cases) {
    test(`${why}: ${state}`, () => assert.equal(visitState(visit(dates), TODAY), state));
  }

  test('the target date is the planned day, or the deadline', () => {
    assert.equal(visitTargetDate(visit({ dueBy: '2027-02-18', plannedOn: '2027-01-10' })), '2027-01-10');
    assert.equal(visitTargetDate(visit({ dueBy: '2027-02-18' })), '2027-02-18');
    assert.equal(visitTargetDate(visit({})), null);
  });

  test('a day arranged after the deadline is shown', () => {
    assert.equal(plannedAfterDeadline({ dueBy: '2027-02-18', plannedOn: '2027-02-19' }), true);
    assert.equal(plannedAfterDeadline({ dueBy: '2027-02-18', plannedOn: '2027-02-18' }), false);
    assert.equal(plannedAfterDeadline({ dueBy: null, plannedOn: '2027-02-19' }), false);
  });
});

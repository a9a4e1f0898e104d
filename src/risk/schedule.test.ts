import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { today } from '../core/clock.ts';
import { addDays, addMonths, daysBetween, monthsBetween } from './dates.ts';
import { DEFAULT_MATRIX, type RiskBandKey } from './matrix.ts';
import { describeRegime, dueStatus, meetingIntervalMonths, scheduleFor, type ScheduleFacts } from './schedule.ts';

const regimeOf = (key: RiskBandKey) => DEFAULT_MATRIX.bands.find((b) => b.key === key)!.regime;

describe('calendar arithmetic', () => {
  const months: [string, number, string][] = [
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-23', 36, '2029-11-23'],
    ['2026-12-01', -1, '2026-11-01'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2027-01-31', -2, '2026-11-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-08-31', -24, '2024-08-31'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2026-06-30', 0, '2026-06-30'],
  ];
  for (const [from, n, expected] of months) test(`${from} + ${n} months = ${expected}`, () => assert.equal(addMonths(from, n), expected));

  test('days', () => {
    assert.equal(addDays('2026-12-28', 7), '2027-01-04');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.throws(() => addMonths('2026-13-45x', 1), /not an ISO date/);
    assert.throws(() => addMonths('26-01-01', 1), /not an ISO date/);
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-03-30', '2026-03-28'), -2);
  });

  const between: [string, string, number][] = [
    ['2026-01-15', '2026-02-14', 0],
    ['2026-01-15', '2026-02-15', 1],
    ['2026-01-31', '2026-02-28', 1],
    ['2025-11-23', '2026-11-22', 11],
    ['2025-11-23', '2026-11-23', 12],
  ];
  for (const [a, b, n] of between) test(`${a} to ${b} is ${n} whole months`, () => assert.equal(monthsBetween(a, b), n));

  test('London’s date, not the machine’s', () => {
    assert.equal(today(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(today(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
  });
});

describe('due status', () => {
  const cases: [string, string, number, string][] = [
    ['2026-11-22', '2026-11-23', 28, 'overdue'],
    ['2026-11-23', '2026-11-23', 28, 'due_soon'],
    ['2026-12-21', '2026-11-23', 28, 'due_soon'],
    ['2026-12-22', '2026-11-23', 28, 'scheduled'],
    ['2026-11-24', '2026-11-23', 1, 'due_soon'],
    ['2026-11-25', '2026-11-23', 1, 'scheduled'],
  ];
  for (const [due, today, soon, status] of cases) test(`${due} on ${today} (${soon} days ahead) is ${status}`, () => assert.equal(dueStatus(due, today, soon), status));
});

describe('the regime of every band, as dates', () => {
  const base: Omit<ScheduleFacts, 'regime'> = {
    ratedOn: '2026-11-23',
    lastFullAssessmentOn: '2026-06-10',
    lastMonitoringMeetingOn: null,
    lastContactOn: null,
    selfAssessmentMonthsBefore: 1,
  };
  const expected: [RiskBandKey, string | null, string | null, string, string | null][] = [
    // band, full assessment, self-assessment, monitoring meeting, contact
    ['minor', '2029-06-10', '2029-05-10', '2027-11-23', null],
    ['low', '2028-06-10', '2028-05-10', '2027-11-23', null],
    ['medium', '2027-06-10', '2027-05-10', '2027-05-23', '2026-12-23'],
    ['high', null, null, '2027-02-23', '2026-12-07'],
    ['very_high', null, null, '2027-02-23', '2026-11-30'],
  ];
  for (const [band, full, self, meeting, contact] of expected) {
    test(band, () => {
      const s = scheduleFor({ ...base, regime: regimeOf(band) }, '2026-11-23');
      assert.equal(s.fullAssessment?.dueOn ?? null, full);
      assert.equal(s.selfAssessment?.dueOn ?? null, self);
      assert.equal(s.monitoringMeeting?.dueOn ?? null, meeting);
      assert.equal(s.contact?.dueOn ?? null, contact);
    });
  }

  test('without a full assessment on record, the cycle runs from the rating', () => {
    const s = scheduleFor({ ...base, lastFullAssessmentOn: null, regime: regimeOf('medium') }, '2026-11-23');
    assert.equal(s.fullAssessment?.dueOn, '2027-11-23');
    assert.equal(s.selfAssessment?.dueOn, '2027-10-23');
  });

  test('a meeting or contact after the rating restarts its clock; one before it does not', () => {
    const after = scheduleFor({ ...base, regime: regimeOf('high'), lastMonitoringMeetingOn: '2027-01-10', lastContactOn: '2026-12-01' }, '2026-12-02');
    assert.equal(after.monitoringMeeting?.dueOn, '2027-04-10');
    assert.equal(after.contact?.dueOn, '2026-12-15');
    const before = scheduleFor({ ...base, regime: regimeOf('high'), lastMonitoringMeetingOn: '2026-01-10', lastContactOn: '2026-11-01' }, '2026-12-02');
    assert.equal(before.monitoringMeeting?.dueOn, '2027-02-23');
    assert.equal(before.contact?.dueOn, '2026-12-07');
  });

  test('overdue, due soon and scheduled against today', () => {
    const s = scheduleFor({ ...base, lastFullAssessmentOn: '2025-10-01', regime: regimeOf('medium') }, '2026-12-20');
    assert.deepEqual(s.fullAssessment, { dueOn: '2026-10-01', status: 'overdue' });
    assert.deepEqual(s.selfAssessment, { dueOn: '2026-09-01', status: 'overdue' });
    assert.deepEqual(s.contact, { dueOn: '2026-12-23', status: 'due_soon' });
    assert.deepEqual(s.monitoringMeeting, { dueOn: '2027-05-23', status: 'scheduled' });
  });

  test('weekly contact is flagged one day ahead, monthly a week ahead', () => {
    const weekly = scheduleFor({ ...base, regime: regimeOf('very_high') }, '2026-11-28');
    assert.equal(weekly.contact?.status, 'scheduled');
    assert.equal(scheduleFor({ ...base, regime: regimeOf('very_high') }, '2026-11-29').contact?.status, 'due_soon');
    assert.equal(scheduleFor({ ...base, regime: regimeOf('medium') }, '2026-12-15').contact?.status, 'scheduled');
    assert.equal(scheduleFor({ ...base, regime: regimeOf('medium') }, '2026-12-16').contact?.status, 'due_soon');
  });

  test('meeting intervals', () => {
    assert.deepEqual([1, 2, 4, 12, 52].map(meetingIntervalMonths), [12, 6, 3, 1, 1]);
  });
});

describe('regime in words', () => {
  const words: [RiskBandKey, string, string, string, string, string][] = [
    ['minor', 'Every 3 years', '1 month before the full assessment', 'Yearly', 'Open lines of communication', 'Not indicated'],
    ['low', 'Every 2 years', '1 month before the full assessment', 'Yearly', 'Open lines of communication', 'Consider stage 1'],
    ['medium', 'Every 12 months', '1 month before the full assessment', 'Twice yearly', 'At least monthly', 'Consider stage 2'],
    ['high', 'Within the concerns procedure, by announced or unannounced visit', 'Not required', 'Quarterly', 'At least fortnightly', 'Consider stage 3'],
    ['very_high', 'Within the concerns procedure, by announced or unannounced visit', 'Not required', 'Quarterly', 'At least weekly', 'Consider stage 4 or stage 5'],
  ];
  for (const [band, full, self, meetings, contact, concerns] of words) {
    test(band, () => assert.deepEqual(describeRegime(regimeOf(band), 1), { fullAssessment: full, selfAssessment: self, monitoringMeetings: meetings, contact, concernsProcedure: concerns }));
  }
});

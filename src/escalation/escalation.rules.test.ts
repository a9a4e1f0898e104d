import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { today } from '../core/clock.ts';
import { Conflict, Invalid } from '../core/errors.ts';
import {
  checkEventDate,
  checkStageChange,
  datePassed,
  isCaseActionOverdue,
  isProcessReviewOverdue,
  isSuspensionReviewOverdue,
  planLift,
  planReinstate,
  stageChoices,
  suspensionSummary,
  type SuspensionState,
} from './escalation.rules.ts';
import { attendingOrganisations, caseEventLine, listInWords, meetingLine, overdueLine, suspensionEventLine } from './escalation.view.ts';

const TODAY = '2026-03-10';

describe('checkStageChange', () => {
  const ok: [number, 'escalate' | 'de_escalate', number][] = [
    [1, 'escalate', 2],
    [1, 'escalate', 5],
    [4, 'escalate', 5],
    [5, 'de_escalate', 1],
    [3, 'de_escalate', 2],
    [2, 'de_escalate', 1],
  ];
  for (const [from, direction, to] of ok) {
    test(`${direction} from ${from} to ${to} is allowed`, () => assert.doesNotThrow(() => checkStageChange({ status: 'open', stage: from }, direction, to)));
  }
  const refused: [number, 'escalate' | 'de_escalate', number, RegExp][] = [
    [3, 'escalate', 3, /above stage 3/],
    [3, 'escalate', 2, /above stage 3/],
    [5, 'escalate', 5, /already at stage 5/],
    [3, 'de_escalate', 3, /below stage 3/],
    [2, 'de_escalate', 4, /below stage 2/],
    [1, 'de_escalate', 1, /close it instead/],
    [2, 'escalate', 6, /from 1 to 5/],
    [2, 'de_escalate', 0, /from 1 to 5/],
    [2, 'escalate', 2.5, /from 1 to 5/],
  ];
  for (const [from, direction, to, message] of refused) {
    test(`${direction} from ${from} to ${to} is refused`, () => {
      assert.throws(() => checkStageChange({ status: 'open', stage: from }, direction, to), (e: unknown) => e instanceof Invalid && message.test(e.message));
    });
  }
  test('a closed case does not move', () => {
    assert.throws(() => checkStageChange({ status: 'closed', stage: 2 }, 'escalate', 3), Conflict);
  });
  test('stage choices are the stages above or below', () => {
    assert.deepEqual(stageChoices(2, 'escalate'), [3, 4, 5]);
    assert.deepEqual(stageChoices(2, 'de_escalate'), [1]);
    assert.deepEqual(stageChoices(5, 'escalate'), []);
  });
});

describe('checkEventDate', () => {
  test('today and the past are fine', () => {
    assert.doesNotThrow(() => checkEventDate('on', TODAY, TODAY));
    assert.doesNotThrow(() => checkEventDate('on', '2020-01-01', TODAY));
  });
  test('the future is refused', () => assert.throws(() => checkEventDate('on', '2026-03-11', TODAY), /today or in the past/));
  test('before the record began is refused', () => {
    assert.throws(() => checkEventDate('on', '2026-03-01', TODAY, { date: '2026-03-02', what: 'the start' }), /on or after the start/);
    assert.doesNotThrow(() => checkEventDate('on', '2026-03-02', TODAY, { date: '2026-03-02', what: 'the start' }));
  });
});

const full: SuspensionState = { status: 'active', scope: 'full', detail: null, scopeSince: '2026-01-05', lastEventOn: '2026-01-05', liftedOn: null };
const partial: SuspensionState = { ...full, scope: 'partial', detail: 'Nursing beds only', scopeSince: '2026-02-01', lastEventOn: '2026-02-01' };
const lifted: SuspensionState = { ...full, status: 'lifted', liftedOn: '2026-02-20', lastEventOn: '2026-02-20' };

describe('planLift', () => {
  test('a full lift ends the suspension on the day', () => {
    assert.deepEqual(planLift(full, { liftedOn: '2026-03-01', evidence: 'Two good visits', partial: false }, TODAY), {
      kind: 'lifted',
      status: 'lifted',
      scope: 'full',
      detail: null,
      scopeSince: '2026-01-05',
      liftedOn: '2026-03-01',
    });
  });
  test('a partial lift of a full suspension leaves part suspended from that day', () => {
    assert.deepEqual(planLift(full, { liftedOn: '2026-03-01', evidence: 'Residential wing improved', partial: true, detail: 'Nursing beds only' }, TODAY), {
      kind: 'partially_lifted',
      status: 'active',
      scope: 'partial',
      detail: 'Nursing beds only',
      scopeSince: '2026-03-01',
      liftedOn: null,
    });
  });
  test('a partial lift of a full suspension may leave what remains undescribed', () => {
    assert.equal(planLift(full, { liftedOn: '2026-03-01', evidence: 'x', partial: true }, TODAY).detail, null);
  });
  test('a further partial lift of a partial suspension must say what now remains', () => {
    assert.throws(() => planLift(partial, { liftedOn: '2026-03-01', evidence: 'x', partial: true }, TODAY), /what stays suspended/);
    assert.throws(() => planLift(partial, { liftedOn: '2026-03-01', evidence: 'x', partial: true, detail: 'Nursing beds only' }, TODAY), /what stays suspended/);
    assert.equal(planLift(partial, { liftedOn: '2026-03-01', evidence: 'x', partial: true, detail: 'Two nursing beds' }, TODAY).detail, 'Two nursing beds');
  });
  test('evidence of sustained improvement is required', () => {
    assert.throws(() => planLift(full, { liftedOn: '2026-03-01', evidence: '  ', partial: false }, TODAY), (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'evidence');
  });
  test('a lifted suspension cannot be lifted again', () => assert.throws(() => planLift(lifted, { liftedOn: '2026-03-01', evidence: 'x', partial: false }, TODAY), Conflict));
  test('not before the last change, not in the future', () => {
    assert.throws(() => planLift(partial, { liftedOn: '2026-01-31', evidence: 'x', partial: false }, TODAY), /on or after the last change/);
    assert.throws(() => planLift(full, { liftedOn: '2026-03-11', evidence: 'x', partial: false }, TODAY), /today or in the past/);
  });
});

describe('planReinstate (seed 004: partly lifted, then reinstated)', () => {
  test('a partly lifted suspension goes back to full', () => {
    assert.deepEqual(planReinstate(partial, { reinstatedOn: '2026-03-05', reason: 'Poor at the next visit', scope: 'full' }, TODAY), {
      kind: 'reinstated',
      status: 'active',
      scope: 'full',
      detail: null,
      scopeSince: '2026-03-05',
      liftedOn: null,
    });
  });
  test('a partly lifted suspension is not reinstated "in part"', () => {
    assert.throws(() => planReinstate(partial, { reinstatedOn: '2026-03-05', reason: 'x', scope: 'partial' }, TODAY), /reinstated in full/);
  });
  test('a lifted suspension comes back in the scope chosen', () => {
    const change = planReinstate(lifted, { reinstatedOn: '2026-03-05', reason: 'x', scope: 'partial', detail: 'Nursing beds' }, TODAY);
    assert.equal(change.scope, 'partial');
    assert.equal(change.detail, 'Nursing beds');
    assert.equal(change.status, 'active');
  });
  test('a suspension in force in full cannot be reinstated', () => {
    assert.throws(() => planReinstate(full, { reinstatedOn: '2026-03-05', reason: 'x', scope: 'full' }, TODAY), Conflict);
  });
  test('not before it was lifted', () => {
    assert.throws(() => planReinstate(lifted, { reinstatedOn: '2026-02-19', reason: 'x', scope: 'full' }, TODAY), /on or after/);
  });
});

describe('words', () => {
  test('suspension summaries', () => {
    assert.equal(suspensionSummary(full), 'In force in full');
    assert.equal(suspensionSummary(partial), 'In force in part: Nursing beds only');
    assert.equal(suspensionSummary({ ...partial, detail: null }), 'In force in part');
    assert.equal(suspensionSummary(lifted), 'Lifted');
  });
  test('lists in words', () => {
    assert.equal(listInWords([]), '');
    assert.equal(listInWords(['a']), 'a');
    assert.equal(listInWords(['a', 'b']), 'a and b');
    assert.equal(listInWords(['a', 'b', 'c']), 'a, b and c');
  });
  test('a meeting line names the organisations that attended, once each, in order, and no people', () => {
    const attendees = [
      { name: 'Ann', organisationType: 'cqc' as const },
      { name: 'Bob', organisationType: 'council' as const },
      { name: 'Cat', organisationType: 'council' as const },
      { name: 'Dan', organisationType: 'placing_council' as const },
    ];
    assert.deepEqual(attendingOrganisations(attendees), ['the council', 'CQC', 'other placing councils']);
    assert.equal(meetingLine(attendees), 'Concerns procedure meeting with the council, CQC and other placing councils');
  });
  test('case and suspension lines', () => {
    assert.equal(caseEventLine({ kind: 'opened', from_stage: null, to_stage: 2 }), 'Concerns procedure opened at stage 2');
    assert.equal(caseEventLine({ kind: 'escalated', from_stage: 2, to_stage: 4 }, 'Oakleaf'), 'Concerns procedure escalated from stage 2 to stage 4 for the provider group Oakleaf');
    assert.equal(caseEventLine({ kind: 'closed', from_stage: 1, to_stage: null }), 'Concerns procedure closed at stage 1');
    assert.equal(suspensionEventLine({ kind: 'started', scope_after: 'partial', detail_after: 'Nursing beds' }), 'New placements suspended in part (Nursing beds)');
    assert.equal(suspensionEventLine({ kind: 'lifted', scope_after: null, detail_after: null }), 'Suspension of new placements lifted in full');
  });
  test('today (the clock’s, which the records are dated by) is the London date', () => {
    assert.equal(today(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(today(new Date('2026-01-31T23:30:00Z')), '2026-01-31');
  });
});

describe('dates that pass (today is 2026-03-10)', () => {
  const dates: [string | null, boolean, string][] = [
    [null, false, 'no date set'],
    ['2026-03-11', false, 'the day after today'],
    ['2026-03-10', false, 'the day itself'],
    ['2026-03-09', true, 'the day before today'],
    ['2025-12-31', true, 'last year'],
    ['2026-02-28', true, 'the end of the previous month'],
  ];
  for (const [on, passed, what] of dates) {
    test(`${what} (${on}) has ${passed ? '' : 'not '}passed`, () => assert.equal(datePassed(on, TODAY), passed));
  }

  const suspensions: ['active' | 'lifted', string | null, boolean][] = [
    ['active', '2026-03-10', false],
    ['active', '2026-03-09', true],
    ['active', '2026-04-01', false],
    ['active', null, false],
    ['lifted', '2026-03-09', false],
    ['lifted', '2026-01-01', false],
  ];
  for (const [status, reviewOn, overdue] of suspensions) {
    test(`a suspension ${status} with review date ${reviewOn} is ${overdue ? '' : 'not '}overdue`, () => assert.equal(isSuspensionReviewOverdue({ status, reviewOn }, TODAY), overdue));
  }

  const processes: ['open' | 'ended', string | null, boolean][] = [
    ['open', '2026-03-10', false],
    ['open', '2026-03-09', true],
    ['open', null, false],
    ['ended', '2026-03-09', false],
  ];
  for (const [status, reviewOn, overdue] of processes) {
    test(`a contractual process ${status} with review date ${reviewOn} is ${overdue ? '' : 'not '}overdue`, () => assert.equal(isProcessReviewOverdue({ status, reviewOn }, TODAY), overdue));
  }

  const actions: ['open' | 'done', string, 'open' | 'closed', boolean][] = [
    ['open', '2026-03-10', 'open', false],
    ['open', '2026-03-09', 'open', true],
    ['open', '2026-03-11', 'open', false],
    ['done', '2026-03-09', 'open', false],
    ['done', '2026-01-01', 'open', false],
    ['open', '2026-03-09', 'closed', false],
  ];
  for (const [status, dueOn, caseStatus, overdue] of actions) {
    test(`an action ${status}, due ${dueOn}, on a case that is ${caseStatus} is ${overdue ? '' : 'not '}overdue`, () => assert.equal(isCaseActionOverdue({ status, dueOn }, caseStatus, TODAY), overdue));
  }

  test('the overview line counts each kind, in words', () => {
    assert.equal(overdueLine({ suspensionReviews: 0, processReviews: 0, actions: 0 }), 'Nothing is overdue');
    assert.equal(overdueLine({ suspensionReviews: 1, processReviews: 0, actions: 0 }), 'Overdue: 1 suspension review');
    assert.equal(overdueLine({ suspensionReviews: 0, processReviews: 2, actions: 1 }), 'Overdue: 2 contractual process reviews and 1 concerns procedure action');
    assert.equal(
      overdueLine({ suspensionReviews: 2, processReviews: 1, actions: 3 }),
      'Overdue: 2 suspension reviews, 1 contractual process review and 3 concerns procedure actions',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Answer } from '../assessments/scoring.ts';
import {
  actionStatusFrom,
  canPostUpdate,
  daysToAct,
  draftActions,
  isActionDueSoon,
  isActionOverdue,
  isMilestoneOverdue,
  planStatusAfterProgress,
  planStep,
  sharingProblems,
  type ActionStatus,
  type DomainFinding,
  type PlanEvent,
  type PlanStatus,
  type QuestionFinding,
  type UpdateFacts,
} from './action-plan.rules.ts';

const question = (id: string, domainId: string, answer: Answer, evidence: string | null = null): QuestionFinding => ({
  questionId: id,
  domainId,
  answer,
  number: id.replace('q', '.'),
  text: `Text of question ${id}`,
  evidence,
});

describe('target dates of a draft action', () => {
  const cases: [Answer | 'requires_improvement' | 'poor', number][] = [
    ['not_met', 28],
    ['poor', 28],
    ['partly_met', 56],
    ['requires_improvement', 56],
  ];
  for (const [finding, days] of cases) test(`${finding}: ${days} days`, () => assert.equal(daysToAct(finding), days));
  for (const finding of ['met', 'good', 'excellent', 'not_applicable'] as const) {
    test(`${finding} is not below the standard`, () => assert.throws(() => daysToAct(finding), RangeError));
  }
});

describe('the draft action plan', () => {
  const ON = '2026-11-18';

  test('nothing below the standard: no actions', () => assert.deepEqual(draftActions(ON, [], []), []));

  test('one action per question below the standard, owned by the provider, with the rule’s dates', () => {
    const actions = draftActions(ON, [question('1q2', 'd1', 'partly_met'), question('1q4', 'd1', 'not_met')], []);
    assert.deepEqual(
      actions.map((a) => [a.questionId, a.domainId, a.ownerOrg, a.dueOn]),
      [
        ['1q2', 'd1', 'provider', '2027-01-13'],
        ['1q4', 'd1', 'provider', '2026-12-16'],
      ],
    );
    assert.match(actions[0]!.description, /^Question 1\.2 was met in part: “Text of question 1q2”\./);
    assert.match(actions[1]!.description, /^Question 1\.4 was not met/);
  });

  test('the finding is quoted when there is one', () => {
    const [action] = draftActions(ON, [question('2q1', 'd2', 'poor', 'Two of five MAR charts had gaps.')], []);
    assert.match(action!.description, /Finding: Two of five MAR charts had gaps\. Say what will change/);
  });

  test('a domain below Good is an action only where no question action covers it, in framework order', () => {
    const domains: DomainFinding[] = [
      { domainId: 'd1', band: 'requires_improvement', name: 'Involvement', percent: 70.5 },
      { domainId: 'd3', band: 'poor', name: 'Staffing', percent: 50 },
      { domainId: 'd4', band: 'requires_improvement', name: 'Management', requiresImprovementLabel: 'Adequate' },
    ];
    const actions = draftActions(ON, [question('1q1', 'd1', 'not_met'), question('2q1', 'd2', 'requires_improvement')], domains);
    assert.deepEqual(
      actions.map((a) => [a.questionId, a.domainId, a.dueOn]),
      [
        ['1q1', 'd1', '2026-12-16'],
        ['2q1', 'd2', '2027-01-13'],
        [null, 'd3', '2026-12-16'],
        [null, 'd4', '2027-01-13'],
      ],
    );
    assert.equal(actions[2]!.description.startsWith('“Staffing” was banded poor (50%).'), true);
    assert.equal(actions[3]!.description.startsWith('“Management” was banded adequate.'), true);
  });

  test('very long text is clipped to what a description holds', () => {
    const [action] = draftActions(ON, [{ ...question('1q1', 'd1', 'not_met', 'x'.repeat(5000)), text: 'y'.repeat(5000) }], []);
    assert.ok(action!.description.length <= 2000);
    assert.match(action!.description, /…/);
  });
});

describe('an action’s status from its updates', () => {
  const u = (reportedStatus: UpdateFacts['reportedStatus'], decision: UpdateFacts['decision'] = null): UpdateFacts => ({ reportedStatus, decision });
  const cases: [UpdateFacts[], ActionStatus, string][] = [
    [[], 'open', 'no updates'],
    [[u('in_progress')], 'in_progress', 'progress reported'],
    [[u('done')], 'done', 'done, waiting for verification'],
    [[u('done', 'verified')], 'verified', 'done and verified'],
    [[u('done', 'rejected')], 'rejected', 'done but rejected'],
    [[u('in_progress', 'verified')], 'in_progress', 'verified progress is still progress'],
    [[u('in_progress', 'rejected')], 'rejected', 'rejected progress'],
    [[u('done', 'rejected'), u('in_progress')], 'in_progress', 'a new update after a rejection'],
    [[u('done', 'rejected'), u('done')], 'done', 'claimed done again'],
    [[u('done', 'verified'), u('in_progress', 'rejected')], 'verified', 'verification is final'],
    [[u('done'), u('in_progress')], 'in_progress', 'the latest update counts'],
  ];
  for (const [updates, status, why] of cases) test(`${why}: ${status}`, () => assert.equal(actionStatusFrom(updates), status));
});

describe('overdue actions and milestones', () => {
  const TODAY = '2026-12-17';
  const cases: [string, ActionStatus, PlanStatus, boolean, string][] = [
    ['2026-12-16', 'open', 'agreed', true, 'target passed, not started'],
    ['2026-12-16', 'in_progress', 'in_progress', true, 'target passed, in progress'],
    ['2026-12-16', 'rejected', 'in_progress', true, 'target passed, claim rejected'],
    ['2026-12-16', 'done', 'in_progress', false, 'done, waiting for verification'],
    ['2026-12-16', 'verified', 'in_progress', false, 'verified'],
    ['2026-12-17', 'open', 'agreed', false, 'due today'],
    ['2026-12-16', 'open', 'draft', true, 'a draft whose dates have passed'],
    ['2026-12-16', 'open', 'shared', true, 'a shared plan not yet agreed'],
    ['2026-12-16', 'open', 'closed', false, 'closed plans flag nothing'],
    ['2026-12-16', 'open', 'completed', false, 'completed plans flag nothing'],
  ];
  for (const [dueOn, status, plan, overdue, why] of cases) {
    test(`${why}: ${overdue ? 'overdue' : 'not overdue'}`, () => assert.equal(isActionOverdue({ dueOn, status }, plan, TODAY), overdue));
  }

  test('due soon is within two weeks, from today', () => {
    assert.equal(isActionDueSoon({ dueOn: '2026-12-17', status: 'open' }, 'agreed', TODAY), true);
    assert.equal(isActionDueSoon({ dueOn: '2026-12-31', status: 'open' }, 'agreed', TODAY), true);
    assert.equal(isActionDueSoon({ dueOn: '2027-01-01', status: 'open' }, 'agreed', TODAY), false);
    assert.equal(isActionDueSoon({ dueOn: '2026-12-20', status: 'done' }, 'agreed', TODAY), false);
    assert.equal(isActionDueSoon({ dueOn: '2026-12-16', status: 'open' }, 'agreed', TODAY), false, 'overdue is not due soon');
  });

  test('milestones', () => {
    assert.equal(isMilestoneOverdue({ dueOn: '2026-12-16', doneOn: null }, 'in_progress', 'in_progress', TODAY), true);
    assert.equal(isMilestoneOverdue({ dueOn: '2026-12-16', doneOn: '2026-12-10' }, 'in_progress', 'in_progress', TODAY), false);
    assert.equal(isMilestoneOverdue({ dueOn: '2026-12-17', doneOn: null }, 'open', 'agreed', TODAY), false);
    assert.equal(isMilestoneOverdue({ dueOn: '2026-12-16', doneOn: null }, 'verified', 'in_progress', TODAY), false);
    assert.equal(isMilestoneOverdue({ dueOn: '2026-12-16', doneOn: null }, 'open', 'closed', TODAY), false);
  });
});

describe('plan steps', () => {
  const all: PlanStatus[] = ['draft', 'shared', 'agreed', 'in_progress', 'completed', 'closed'];
  const allowed: Record<PlanEvent, Partial<Record<PlanStatus, PlanStatus>>> = {
    share: { draft: 'shared' },
    reopen: { shared: 'draft', agreed: 'draft' },
    agree: { shared: 'agreed' },
    request_changes: { shared: 'draft' },
    close: { draft: 'closed', shared: 'closed', agreed: 'closed', in_progress: 'closed' },
  };
  for (const [event, to] of Object.entries(allowed) as [PlanEvent, Partial<Record<PlanStatus, PlanStatus>>][]) {
    for (const from of all) {
      test(`${event} from ${from}: ${to[from] ?? 'refused'}`, () => assert.equal(planStep(from, event), to[from]));
    }
  }

  const progress: [PlanStatus, ActionStatus[], PlanStatus][] = [
    ['agreed', ['open', 'open'], 'agreed'],
    ['agreed', ['open', 'in_progress'], 'in_progress'],
    ['agreed', ['rejected'], 'in_progress'],
    ['in_progress', ['verified', 'done'], 'in_progress'],
    ['in_progress', ['verified', 'verified'], 'completed'],
    ['agreed', ['verified'], 'completed'],
    ['draft', ['verified'], 'draft'],
    ['shared', ['in_progress'], 'shared'],
    ['closed', ['verified'], 'closed'],
    ['agreed', [], 'agreed'],
  ];
  for (const [from, actions, to] of progress) {
    test(`progress on a ${from} plan with ${actions.join(', ') || 'no actions'}: ${to}`, () => assert.equal(planStatusAfterProgress(from, actions), to));
  }

  test('updates are taken only on agreed plans, and not on verified actions', () => {
    assert.equal(canPostUpdate('agreed', 'open'), true);
    assert.equal(canPostUpdate('in_progress', 'rejected'), true);
    assert.equal(canPostUpdate('in_progress', 'verified'), false);
    for (const plan of ['draft', 'shared', 'completed', 'closed'] as const) assert.equal(canPostUpdate(plan, 'open'), false);
  });

  test('what stops a plan being shared', () => {
    const today = '2026-11-20';
    assert.deepEqual(sharingProblems([], today), ['Add at least one action before sharing the plan']);
    assert.deepEqual(
      sharingProblems(
        [
          { description: 'a', ownerName: 'Registered manager', dueOn: '2026-12-01' },
          { description: 'b', ownerName: null, dueOn: '2026-11-19' },
        ],
        today,
      ),
      ['Action 2: enter who is responsible for it', 'Action 2: the target date has passed, so set a new one'],
    );
    assert.deepEqual(sharingProblems([{ description: 'a', ownerName: 'Manager', dueOn: today }], today), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { episodeState } from './scripts.ts';
import { demoWithHistory } from './history.test-support.ts';
import { suspensionScopeOn } from './risk.ts';

const TODAY = '2026-12-05';
const demo = demoWithHistory('council', TODAY);
const [northmoor] = demo.histories;
const h = northmoor!;
const councilServices = new Set(demo.data.services.filter((s) => s.councilId === h.councilId).map((s) => s.id));
const provider = new Map(demo.data.services.map((s) => [s.id, s.providerId]));
const parent = new Map(demo.data.providers.map((p) => [p.id, p.parentId]));

describe('demo history: escalation', () => {
  test('cases are open today at every stage of the procedure, one of them on a whole provider group', () => {
    const open = h.cases.filter((c) => c.status === 'open');
    assert.deepEqual([...new Set(open.map((c) => c.stage))].sort(), [1, 2, 3, 4, 5]);
    const group = open.find((c) => c.providerId !== null)!;
    assert.equal(group.stage, 5);
    assert.ok(h.cases.filter((c) => c.status === 'closed').length >= 20, 'cases closed over the years');
    for (const c of h.cases) {
      assert.equal(c.events[0]!.kind, 'opened');
      assert.ok(c.events.every((e, i) => i === 0 || e.occurredOn >= c.events[i - 1]!.occurredOn), `${c.id} events in order`);
      assert.equal(c.events.filter((e) => e.toStage !== null).at(-1)!.toStage, c.stage);
      if (c.closedOn) assert.equal(c.events.at(-1)!.kind, 'closed');
      assert.ok(c.meetings.length >= 1 && c.decisions.length >= 1);
    }
    const openPerService = Map.groupBy(open.filter((c) => c.serviceId), (c) => c.serviceId);
    assert.ok([...openPerService.values()].every((cs) => cs.length === 1), 'one open case per service');
  });

  test('suspensions started, lifted in part, reinstated and lifted; the group has several suspended at once', () => {
    const active = h.suspensions.filter((s) => !s.liftedOn);
    assert.ok(active.some((s) => s.scope === 'full') && active.some((s) => s.scope === 'partial'));
    assert.ok(active.some((s) => s.events.some((e) => e.kind === 'reinstated')), 'a reinstated suspension in force');
    assert.ok(h.suspensions.filter((s) => s.liftedOn).length >= 10, 'suspensions lifted over the years');
    assert.ok(h.suspensions.some((s) => s.liftedOn && s.events.some((e) => e.kind === 'partially_lifted')));
    const group = h.cases.find((c) => c.providerId !== null && c.status === 'open')!;
    const inGroup = active.filter((s) => provider.get(s.serviceId) === group.providerId || parent.get(provider.get(s.serviceId)!) === group.providerId);
    assert.ok(inGroup.length >= 2, `${inGroup.length} of the group suspended`);
    assert.equal(new Set(inGroup.map((s) => s.startsOn)).size, 1, 'suspended on the same day');
    for (const s of h.suspensions) {
      assert.equal(suspensionScopeOn(s, s.startsOn), s.events[0]!.scopeAfter);
      assert.equal(suspensionScopeOn(s, TODAY), s.liftedOn ? null : s.scope);
      assert.ok(s.reviewOn === null || s.reviewOn >= s.startsOn);
    }
  });

  test('both contractual processes, open and ended', () => {
    const kinds = (open: boolean) => new Set(h.processes.filter((p) => (p.endedOn === null) === open).map((p) => p.kind));
    assert.deepEqual([...kinds(true)].sort(), ['failure_to_perform', 'remedies_for_poor_performance']);
    assert.ok(kinds(false).size >= 1);
  });

  test('where an episode stands on a day: stage, suspension scope and contract process', () => {
    const episode = {
      kind: 'suspension' as const,
      onset: '2026-01-01',
      worst: '2026-02-01',
      recovered: '2026-12-01',
      depth: 2.5,
      caseOpenedOn: '2026-01-15',
      caseStage: 3,
      stageChanges: [{ on: '2026-02-03', to: 4 }, { on: '2026-06-01', to: 3 }, { on: '2026-09-01', to: 2 }],
      caseClosedOn: '2026-12-20',
      suspension: { scope: 'full' as const, detail: null, startsOn: '2026-02-05', partialLiftOn: '2026-06-01', partialDetail: 'Nursing beds only', reinstatedOn: '2026-08-01', liftedOn: '2026-11-25' },
      contract: { kind: 'failure_to_perform' as const, startedOn: '2026-02-10', endedOn: '2026-12-01' },
      group: false,
    };
    const cases: [string, number | null, 'full' | 'partial' | null, boolean, string | null][] = [
      ['2026-01-10', null, null, false, null],
      ['2026-01-15', 3, null, false, null],
      ['2026-02-05', 4, 'full', false, null],
      ['2026-03-01', 4, 'full', false, 'failure_to_perform'],
      ['2026-06-01', 3, 'partial', false, 'failure_to_perform'],
      ['2026-08-01', 3, 'full', true, 'failure_to_perform'],
      ['2026-09-15', 2, 'full', true, 'failure_to_perform'],
      ['2026-11-25', 2, null, false, 'failure_to_perform'],
      ['2026-12-01', 2, null, false, null],
      ['2026-12-20', null, null, false, null],
    ];
    for (const [on, stage, scope, reinstated, contract] of cases) {
      assert.deepEqual(episodeState(episode, on), { stage, scope, reinstated, contract }, on);
    }
  });
});

describe('demo history: action plans', () => {
  test('plans in every state, for assessments with something below the standard', () => {
    assert.deepEqual([...new Set(h.plans.map((p) => p.status))].sort(), ['agreed', 'closed', 'completed', 'draft', 'in_progress', 'shared']);
    const assessments = new Map(h.assessments.map((a) => [a.id, a]));
    for (const p of h.plans) {
      const a = assessments.get(p.assessmentId)!;
      assert.ok(a.kind === 'full' && a.status !== 'draft' && a.version === 1 && a.serviceId === p.serviceId);
      assert.ok(p.actions.length >= 1);
      if (p.status !== 'draft' && p.sharedOn) assert.ok(p.actions.every((x) => x.ownerName), 'shared actions name an owner');
      if (p.status === 'completed') assert.ok(p.actions.every((x) => x.status === 'verified'));
      for (const x of p.actions) for (const m of x.milestones) assert.ok(m.dueOn <= x.dueOn);
    }
    const withUpdates = h.plans.flatMap((p) => p.actions).filter((x) => x.updates.length > 0);
    assert.ok(withUpdates.some((x) => x.updates.some((u) => u.decision === 'verified')) && withUpdates.some((x) => x.updates.some((u) => u.decision === 'rejected')));
  });

  test('the provider portal has assessments, self-assessments and plans with actions to update', () => {
    const portal = demo.data.organisations.find((o) => o.kind === 'provider')!;
    const own = new Set(demo.data.services.filter((s) => demo.data.providers.find((p) => p.id === s.providerId)?.orgId === portal.id).map((s) => s.id));
    const mine = h.assessments.filter((a) => own.has(a.serviceId));
    assert.ok(mine.some((a) => a.kind === 'self'));
    assert.ok(mine.some((a) => a.kind === 'full' && a.status === 'published'));
    const plans = h.plans.filter((p) => own.has(p.serviceId));
    assert.ok(plans.some((p) => (p.status === 'agreed' || p.status === 'in_progress') && p.actions.some((x) => x.status !== 'verified')), 'actions to update');
    assert.ok(plans.flatMap((p) => p.actions).flatMap((x) => x.updates).some((u) => u.authorOrgId === portal.id), 'updates posted by the provider');
  });
});

describe('demo history: intelligence and records hang together', () => {
  test('intelligence from every source, with safeguarding enquiries open and concluded, and concern reports triaged', () => {
    const sources = new Set(h.intelligence.map((e) => e.source));
    assert.equal(sources.size, 15);
    assert.ok(h.intelligence.some((e) => e.section42 && e.section42.concludedOn === null));
    assert.ok(h.intelligence.some((e) => e.section42?.concludedOn));
    assert.ok(h.intelligence.every((e) => e.source !== 'complaint' || e.severity !== null));
    assert.deepEqual([...new Set(h.concernReports.map((r) => r.status))].sort(), ['closed', 'linked', 'new', 'routed_onward']);
    const reports = new Set(h.concernReports.map((r) => r.id));
    for (const e of h.intelligence) if (e.concernReportId) assert.ok(reports.has(e.concernReportId));
    const references = h.concernReports.map((r) => r.reference);
    assert.equal(new Set(references).size, references.length);
    const openEnquiries = Map.groupBy(h.intelligence.filter((e) => e.section42 && !e.section42.concludedOn), (e) => e.serviceId);
    assert.ok([...openEnquiries.values()].every((list) => list.length === 1), 'one open enquiry per service');
  });

  test('every record belongs to a service of its own council and nothing has happened after today', () => {
    const rows = [...h.assessments, ...h.plans, ...h.visits, ...h.intelligence, ...h.ratings, ...h.suspensions, ...h.processes];
    for (const row of rows) assert.ok(councilServices.has(row.serviceId), `${row.serviceId} is not Northmoor's`);
    const plans = new Map(h.plans.map((p) => [p.id, p]));
    const assessments = new Map(h.assessments.map((a) => [a.id, a]));
    for (const v of h.visits) {
      if (v.visitedOn) assert.ok(v.visitedOn <= TODAY && v.outcome && v.recordedBy && !v.cancelledOn);
      if (v.actionPlanId) assert.equal(plans.get(v.actionPlanId)!.serviceId, v.serviceId);
      if (v.assessmentId) assert.equal(assessments.get(v.assessmentId)!.serviceId, v.serviceId);
      assert.ok(v.kind === 'joint' ? v.jointWith.length > 0 : v.jointWith.length === 0);
    }
    const liveFollowUps = Map.groupBy(h.visits.filter((v) => v.kind === 'follow_up' && !v.cancelledOn && v.actionPlanId), (v) => v.actionPlanId);
    assert.ok([...liveFollowUps.values()].every((list) => list.length === 1), 'one live update visit per plan');
    for (const r of h.ratings) assert.ok(r.ratedOn <= TODAY);
    for (const e of h.intelligence) assert.ok(e.receivedOn <= TODAY && e.createdAt.slice(0, 10) <= TODAY);
    const ids = [...h.assessments, ...h.plans, ...h.visits, ...h.intelligence, ...h.ratings, ...h.cases, ...h.suspensions].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';
import { plansOfService } from '../actions/index.ts';
import { actionPlansService } from '../actions/actions.service.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { lastVisitedOn } from './visits.repository.ts';
import { visitsService } from './visits.service.ts';

const TODAY = '2026-11-20';

for (const database of testDatabases()) {
  describe(`visits (${database.name})`, () => {
    let store: Store;
    let world: PlanWorld;
    let visits: ReturnType<typeof visitsService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makePlanWorld(store);
      visits = visitsService(store, { plansOfService });
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('plan a visit, rearrange it and record what it found', async () => {
      const officer = world.council.officer.actor;
      const planned = await visits.plan(officer, world.homeId, { kind: 'drop_in', plannedOn: '2026-12-03', purpose: 'Night staffing concerns from a whistle-blower' });
      assert.equal(planned.state, 'due_soon');
      assert.equal(planned.officer?.id, officer.userId, 'the officer who plans it makes it unless someone else is named');
      assert.equal(planned.kindLabel, 'Drop-in or unannounced visit');

      const moved = await visits.rearrange(officer, planned.id, { plannedOn: '2027-01-15', officerId: world.council.commissioner.actor.userId });
      assert.equal(moved.state, 'planned');
      assert.equal(moved.officer?.id, world.council.commissioner.actor.userId);

      await assert.rejects(visits.record(officer, planned.id, { visitedOn: '2026-11-21', outcome: 'Too soon' }), (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'visitedOn');
      await assert.rejects(visits.record(officer, planned.id, { visitedOn: '2026-11-20', outcome: '' }), (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'outcome');
      const recorded = await visits.record(officer, planned.id, { visitedOn: '2026-11-20', outcome: 'Two staff on nights for 28 residents; rota shows three planned.' });
      assert.equal(recorded.state, 'done');
      assert.equal(recorded.visitedOn, '2026-11-20');
      assert.equal(recorded.recordedBy, officer.name);
      await assert.rejects(visits.rearrange(officer, planned.id, { plannedOn: '2027-01-20' }), Conflict);
      await assert.rejects(visits.cancel(officer, planned.id, { reason: 'x' }), Conflict);

      // A recorded visit's record can be corrected; the audit trail keeps what it said before.
      const corrected = await visits.record(officer, planned.id, { visitedOn: '2026-11-19', outcome: 'Corrected: visit was on the 19th.' });
      assert.equal(corrected.visitedOn, '2026-11-19');
      const audit = await store.asUser(officer, (tx) => tx.selectFrom('audit_events').select(['action', 'before']).where('record_id', '=', planned.id).orderBy('id').execute());
      assert.deepEqual(audit.map((a) => a.action), ['insert', 'update', 'update', 'update']);
      assert.equal((audit.at(-1)!.before as { visited_on: string }).visited_on, '2026-11-20');
    });

    test('what the forms refuse', async () => {
      const officer = world.council.officer.actor;
      const refused = async (input: Record<string, unknown>, path: string) =>
        assert.rejects(visits.plan(officer, world.homeId, input), (e: unknown) => e instanceof Invalid && e.errors.some((x) => x.path === path), path);
      await refused({ kind: 'nonsense', plannedOn: '2026-12-01' }, 'kind');
      await refused({ kind: 'support' }, 'plannedOn');
      await refused({ kind: 'support', plannedOn: '2026-11-19' }, 'plannedOn');
      await refused({ kind: 'support', plannedOn: '2026-02-30' }, 'plannedOn');
      await refused({ kind: 'joint', plannedOn: '2026-12-01' }, 'jointWith');
      await refused({ kind: 'joint', plannedOn: '2026-12-01', jointWith: ['police'] }, 'jointWith.0');
      await refused({ kind: 'support', plannedOn: '2026-12-01', officerId: world.other.officer.actor.userId }, 'officerId');
      await refused({ kind: 'support', plannedOn: '2026-12-01', officerId: world.council.placer.actor.userId }, 'officerId');
      await refused({ kind: 'support', plannedOn: '2026-12-01', assessmentId: world.homeId }, 'assessmentId');

      const joint = await visits.plan(officer, world.homeId, { kind: 'joint', plannedOn: '2026-12-01', jointWith: ['cqc', 'social_care'], jointDetail: 'CQC inspector and the locality social work team' });
      assert.deepEqual(joint.jointWithLabels, ['Care Quality Commission', 'Social workers']);
      const notJoint = await visits.plan(officer, world.homeId, { kind: 'support', plannedOn: '2026-12-01', jointWith: ['cqc'] });
      assert.deepEqual(notJoint.jointWith, [], 'partners are kept only for a joint visit');

      await assert.rejects(visits.recordNew(officer, world.homeId, { kind: 'relatives_surgery', visitedOn: '2026-11-21', outcome: 'x' }), Invalid);
      const surgery = await visits.recordNew(officer, world.homeId, { kind: 'relatives_surgery', visitedOn: '2026-11-12', outcome: 'Six relatives came; laundry and activities raised.' });
      assert.equal(surgery.state, 'done');
    });

    test('the update visit of an action plan: one at a time, cancelled and replaced', async () => {
      const plans = actionPlansService(store);
      const { id } = await world.completedAssessment({ answers: { 7: 'not_met' } });
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      const followUp = plan!.followUpVisit!;
      await assert.rejects(
        visits.plan(world.council.officer.actor, world.homeId, { kind: 'follow_up', plannedOn: '2027-01-10', actionPlanId: plan!.id }),
        (e: unknown) => e instanceof Invalid && /already has an update visit/.test(e.message),
      );
      await assert.rejects(
        visits.plan(world.council.officer.actor, world.elmId, { kind: 'support', plannedOn: '2027-01-10', actionPlanId: plan!.id }),
        (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'actionPlanId',
        'a plan of another service',
      );
      await visits.plan(world.council.officer.actor, world.homeId, { kind: 'support', plannedOn: '2026-12-10', actionPlanId: plan!.id, purpose: 'Help with the medicines audit' });
      const cancelled = await visits.cancel(world.council.officer.actor, followUp.id, { reason: 'Combined with the support visit' });
      assert.equal(cancelled.state, 'cancelled');
      await assert.rejects(visits.record(world.council.officer.actor, followUp.id, { visitedOn: TODAY, outcome: 'x' }), Conflict);
      const replacement = await visits.plan(world.council.officer.actor, world.homeId, { kind: 'follow_up', plannedOn: '2027-02-10', dueBy: '2027-02-18', actionPlanId: plan!.id });
      assert.equal((await plans.get(world.council.officer.actor, plan!.id)).followUpVisit?.id, replacement.id);
    });

    test('visits are the council’s own: providers, placers, partners and other councils see none', async () => {
      const visit = await visits.plan(world.council.officer.actor, world.homeId, { kind: 'drop_in', plannedOn: '2026-12-05' });
      for (const who of [world.provider.actor, world.rival.actor, world.council.placer.actor, world.partner.actor]) {
        await assert.rejects(visits.get(who, visit.id), Forbidden);
        await assert.rejects(visits.forService(who, world.homeId), Forbidden);
        await assert.rejects(visits.plan(who, world.homeId, { kind: 'drop_in', plannedOn: '2026-12-05' }), Forbidden);
        const direct = await store.asUser(who, (tx) => tx.selectFrom('visits').select('id').execute());
        assert.deepEqual(direct, [], `${who.role}`);
      }
      await assert.rejects(visits.get(world.other.officer.actor, visit.id), NotFound);
      await assert.rejects(visits.forService(world.other.officer.actor, world.homeId), NotFound);
      await assert.rejects(visits.plan(world.other.officer.actor, world.homeId, { kind: 'drop_in', plannedOn: '2026-12-05' }), NotFound);
      await assert.rejects(visits.cancel(world.other.commissioner.actor, visit.id, { reason: 'x' }), NotFound);
      await assert.rejects(
        store.asUser(world.other.officer.actor, (tx) =>
          tx.insertInto('visits').values({ council_id: world.council.org.id, service_id: world.homeId, kind: 'drop_in', planned_on: '2026-12-05', created_by: world.other.officer.actor.userId }).execute(),
        ),
        (e: unknown) => (e as { code?: string }).code === '42501',
      );
      await assert.rejects(
        store.asUser(world.other.officer.actor, (tx) =>
          tx.insertInto('visits').values({ council_id: world.other.org.id, service_id: world.homeId, kind: 'drop_in', planned_on: '2026-12-05', created_by: world.other.officer.actor.userId }).execute(),
        ),
        /belongs to the council of its service/,
      );
      const list = await visits.forService(world.council.commissioner.actor, world.homeId);
      assert.ok(list.visits.some((v) => v.id === visit.id));
    });

    test('visits made in a period by kind, and the latest visit of each service', async () => {
      const officer = world.other.officer.actor;
      await visits.recordNew(officer, world.southId, { kind: 'full', visitedOn: '2026-10-01', outcome: 'Annual visit' });
      await visits.recordNew(officer, world.southId, { kind: 'drop_in', visitedOn: '2026-10-15', outcome: 'Drop in' });
      await visits.recordNew(officer, world.southId, { kind: 'drop_in', visitedOn: '2026-09-30', outcome: 'Before the period' });
      await visits.plan(officer, world.southId, { kind: 'full', plannedOn: '2026-12-01' });
      const counts = await visits.countByKind(officer, '2026-10-01', '2026-12-31');
      assert.deepEqual(counts, { full: 1, drop_in: 1, support: 0, follow_up: 0, joint: 0, relatives_surgery: 0 });
      assert.deepEqual(await visits.countByKind(officer, '2026-10-01', '2026-12-31', 'home_care'), { full: 0, drop_in: 0, support: 0, follow_up: 0, joint: 0, relatives_surgery: 0 });
      const last = await store.asUser(officer, (tx) => lastVisitedOn(tx, [world.southId, world.homeId]));
      assert.deepEqual([...last], [[world.southId, '2026-10-15']]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeUser } from '../../test/support/fixtures.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { visitsService } from '../visits/visits.service.ts';
import { actionPlansService } from './actions.service.ts';
import { plansAndVisitsDueService } from './due.service.ts';

const TODAY = '2026-11-20';

/**
 * What plans and visits make due is kept until one of the council's services changes (store.keepByCouncil),
 * whoever else commits. Kept answers must never be stale: after every kind of change the list is compared with
 * one read wholly afresh, and it is read again exactly when the council's records changed.
 */
for (const database of testDatabases()) {
  describe(`what plans and visits make due, kept by council (${database.name})`, () => {
    let store: Store;
    let world: PlanWorld;
    let reads = 0;
    let kept: ReturnType<typeof plansAndVisitsDueService>;
    let fresh: ReturnType<typeof plansAndVisitsDueService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makePlanWorld(store);
      kept = plansAndVisitsDueService({ ...store, keepByCouncil: (tx, key, councilId, read) => store.keepByCouncil(tx, key, councilId, () => (reads++, read())) });
      fresh = plansAndVisitsDueService({ ...store, keepByCouncil: (_tx, _key, _councilId, read) => read() });
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('after each kind of change the list is read again and is as if read afresh; others’ commits leave it kept', async () => {
      const plans = actionPlansService(store);
      const visits = visitsService(store);
      const officer = world.council.officer.actor;
      const commissioner = world.council.commissioner.actor;

      const step = async (what: string, change: () => Promise<unknown>, readAgain: boolean) => {
        await change();
        reads = 0;
        const mine = await kept.due(officer, 'mine');
        const all = await kept.due(commissioner, 'all');
        assert.equal(reads, readAgain ? 2 : 0, `${what}: read again`);
        assert.deepEqual(mine, await fresh.due(officer, 'mine'), `${what}: the officer’s list as if read afresh`);
        assert.deepEqual(all, await fresh.due(commissioner, 'all'), `${what}: the council’s list as if read afresh`);
        return mine;
      };
      const kinds = (list: Awaited<ReturnType<typeof kept.due>>) => list.items.map((i) => i.kind);

      await step('the first view', async () => undefined, true);
      const assessment = await step('an assessment with answers below the standard', () => world.completedAssessment({ answers: { 1: 'not_met', 2: 'not_met' } }), true);
      assert.ok(kinds(assessment).includes('assessment'));
      const otherCouncil = await world.completedAssessment({ as: 'other', serviceId: world.southId, answers: { 1: 'not_met' } });
      await step('another council’s assessment and plan', () => plans.forAssessment(world.other.officer.actor, otherCouncil.id), false);
      const [waiting] = (await kept.due(officer, 'mine')).items.filter((i) => i.kind === 'assessment');
      let planId = '';
      const drafted = await step(
        'a plan drafted',
        async () => {
          planId = (await plans.forAssessment(officer, waiting!.recordId)).plan!.id;
        },
        true,
      );
      assert.ok(kinds(drafted).includes('plan') && !kinds(drafted).includes('assessment'));
      const plan = (await plans.forAssessment(officer, waiting!.recordId)).plan!;
      await step(
        'its actions given an owner and a date',
        async () => {
          for (const a of plan.actions) {
            await plans.updateAction(officer, a.id, { domainId: a.domainId, questionId: a.questionId, description: a.description, ownerOrg: 'provider', ownerName: 'Manager', dueOn: '2026-11-30' });
          }
        },
        true,
      );
      await step('shared with the provider', () => plans.share(officer, planId), true);
      await step('agreed by the provider', () => plans.agree(world.provider.actor, planId), true);
      const updated = await step('an update posted', () => plans.postUpdate(world.provider.actor, plan.actions[0]!.id, { body: 'Done', reportedStatus: 'done' }), true);
      assert.ok(kinds(updated).includes('update'));
      const colleague = await makeUser(store, { id: world.council.org.id, name: world.council.org.name, kind: 'council' }, 'officer', 'Colin Colleague');
      await step('a visit planned', () => visits.plan(colleague.actor, world.elmId, { kind: 'support', plannedOn: '2026-11-25' }), true);
      await step('the colleague renamed (the list shows who makes a visit)', () => store.asSystem((tx) => tx.updateTable('users').set({ name: 'Colin Colleague-Smith' }).where('id', '=', colleague.actor.userId).execute()), true);
      await step('Elm Lodge led by the colleague', () => store.asSystem((tx) => tx.updateTable('services').set({ lead_officer_id: colleague.actor.userId }).where('id', '=', world.elmId).execute()), true);
      setClock('2026-12-17');
      try {
        const later = await step('weeks later', async () => undefined, true);
        assert.ok(later.items.some((i) => i.kind === 'action' && i.state === 'overdue'));
      } finally {
        setClock(TODAY);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeUser } from '../../test/support/fixtures.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { visitsService } from '../visits/visits.service.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';
import { actionPlansService } from './actions.service.ts';
import { plansAndVisitsDueService } from './due.service.ts';

const TODAY = '2026-11-20';

for (const database of testDatabases()) {
  describe(`action plans and visits due (${database.name})`, () => {
    let store: Store;
    let world: PlanWorld;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makePlanWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('the officer’s list: plans to draft and share, updates to verify, overdue actions and the update visit', async () => {
      const plans = actionPlansService(store);
      const due = plansAndVisitsDueService(store);
      const visits = visitsService(store);
      const officer = world.council.officer.actor;
      const colleague = await makeUser(store, { id: world.council.org.id, name: world.council.org.name, kind: 'council' }, 'officer', 'Colin Colleague');

      const waiting = await world.completedAssessment({ answers: { 1: 'not_met' } });
      const drafted = await world.completedAssessment({ answers: { 2: 'partly_met' } });
      const agreed = await world.completedAssessment({ answers: { 3: 'not_met', 4: 'not_met' } });
      await world.completedAssessment();

      const { plan: draft } = await plans.forAssessment(officer, drafted.id);
      const { plan } = await plans.forAssessment(officer, agreed.id);
      for (const a of plan!.actions) {
        await plans.updateAction(officer, a.id, { domainId: a.domainId, questionId: a.questionId, description: a.description, ownerOrg: 'provider', ownerName: 'Manager', dueOn: a.dueOn });
      }
      await plans.share(officer, plan!.id);
      await plans.agree(world.provider.actor, plan!.id);
      await plans.postUpdate(world.provider.actor, plan!.actions[1]!.id, { body: 'Done', reportedStatus: 'done' });
      await visits.plan(colleague.actor, world.elmId, { kind: 'support', plannedOn: '2026-11-25' });

      setClock('2026-12-17');
      const mine = await due.due(officer, 'mine');
      const lines = mine.items.map((i) => [i.kind, i.state, i.serviceName, i.dueOn]);
      assert.deepEqual(lines, [
        ['action', 'overdue', 'Oakwood House', '2026-12-16'],
        ['visit', 'to_do', 'Oakwood House', '2027-02-18'],
        ['visit', 'to_do', 'Oakwood House', '2027-02-18'],
        ['assessment', 'to_do', 'Oakwood House', null],
        ['plan', 'to_do', 'Oakwood House', null],
        ['update', 'to_do', 'Oakwood House', null],
      ]);
      assert.equal(mine.items.find((i) => i.kind === 'assessment')!.recordId, waiting.id, 'the assessment nobody has opened a plan for');
      assert.equal(mine.items.find((i) => i.kind === 'plan')!.recordId, draft!.id);
      assert.match(mine.items.find((i) => i.kind === 'visit')!.summary, /^Follow-up or update visit, to arrange, due by 18 February 2027/);
      assert.deepEqual(mine.summary, { overdue: 1, dueSoon: 0, toDo: 5, waiting: 0, scheduled: 0 });

      // The colleague's overdue support visit is in the council's list, not in this officer's.
      const all = await due.due(world.council.commissioner.actor, 'all');
      assert.ok(all.items.some((i) => i.kind === 'visit' && i.serviceName === 'Elm Lodge' && i.state === 'overdue'));
      assert.ok(!mine.items.some((i) => i.serviceName === 'Elm Lodge'));
      assert.deepEqual((await due.due(colleague.actor, 'mine')).items.map((i) => [i.kind, i.serviceName]), [['visit', 'Elm Lodge']]);

      for (const who of [world.provider.actor, world.council.placer.actor, world.partner.actor]) await assert.rejects(due.due(who), Forbidden);
      assert.deepEqual((await due.due(world.other.commissioner.actor, 'all')).items, [], 'another council sees none of it');
    });
  });
}

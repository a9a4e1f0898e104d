import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../test/support/databases.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';
import { actionPlansService } from './actions.service.ts';
import { createDraftActionPlan } from './drafting.ts';

const TODAY = '2026-11-20';

for (const database of testDatabases()) {
  describe(`action plans (${database.name})`, () => {
    let store: Store;
    let world: PlanWorld;
    let plans: ReturnType<typeof actionPlansService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makePlanWorld(store);
      plans = actionPlansService(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    /** A shared plan of two actions, each with someone named, ready for the provider. */
    async function sharedPlan() {
      const { id } = await world.completedAssessment({ answers: { 1: 'partly_met', 4: 'not_met' } });
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      for (const a of plan!.actions) {
        await plans.updateAction(world.council.officer.actor, a.id, {
          domainId: a.domainId,
          questionId: a.questionId ?? '',
          description: a.description,
          ownerOrg: a.ownerOrg,
          ownerName: 'Registered manager',
          dueOn: a.dueOn,
        });
      }
      return plans.share(world.council.officer.actor, plan!.id);
    }

    test('the draft: one action per question below the standard, the finding quoted unless confidential, and the update visit planned', async () => {
      const { id, questions } = await world.completedAssessment({
        answers: { 1: 'partly_met', 4: 'not_met' },
        evidence: { 1: { body: 'No record of relatives’ views in four care plans.' }, 4: { body: 'A whistle-blower said consent is not sought.', confidential: true } },
      });
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      assert.ok(plan);
      assert.equal(plan.status, 'draft');
      assert.equal(plan.assessedOn, '2026-11-18');
      assert.deepEqual(
        plan.actions.map((a) => [a.number, a.questionId, a.questionNumber, a.domainId, a.ownerOrg, a.ownerName, a.dueOn, a.status]),
        [
          [1, questions[1]!.id, '1.2', questions[1]!.domainId, 'provider', null, '2027-01-13', 'open'],
          [2, questions[4]!.id, '1.5', questions[4]!.domainId, 'provider', null, '2026-12-16', 'open'],
        ],
      );
      assert.match(plan.actions[0]!.description, /Question 1\.2 was met in part: “People are treated with dignity/);
      assert.match(plan.actions[0]!.description, /Finding: No record of relatives’ views in four care plans\./);
      assert.doesNotMatch(plan.actions[1]!.description, /whistle-blower/, 'confidential evidence never reaches the provider through the plan');
      assert.equal(plan.followUpVisitDueBy, '2027-02-18');
      assert.equal(plan.followUpVisit?.kind, 'follow_up');
      assert.equal(plan.followUpVisit?.officer?.id, world.council.officer.actor.userId, 'the service’s lead officer makes the update visit');
      assert.equal(plan.followUpVisit?.state, 'to_arrange');

      // Opening it again, or drafting it from the assessment's completion, finds the same plan.
      const again = await plans.forAssessment(world.council.commissioner.actor, id);
      assert.equal(again.plan?.id, plan.id);
      const drafted = await store.asUser(world.council.officer.actor, (tx) => createDraftActionPlan(tx, id, world.council.officer.actor.userId));
      assert.equal(drafted, plan.id);
      const counts = await store.asSystem((tx) =>
        tx.selectFrom('visits').select(sql<number>`count(*)::int`.as('n')).where('action_plan_id', '=', plan.id).executeTakeFirstOrThrow(),
      );
      assert.equal(counts.n, 1);
    });

    test('nothing below the standard: no plan, unless the officer starts an improvement plan', async () => {
      const { id } = await world.completedAssessment();
      const opened = await plans.forAssessment(world.council.officer.actor, id);
      assert.equal(opened.plan, null);
      assert.equal(opened.assessment.assessedOn, '2026-11-18');
      const planId = await plans.start(world.council.officer.actor, id);
      const plan = await plans.get(world.council.officer.actor, planId);
      assert.equal(plan.actions.length, 0);
      assert.equal(plan.followUpVisitDueBy, '2027-02-18');
      await assert.rejects(plans.share(world.council.officer.actor, planId), (e: unknown) => e instanceof Invalid && /Add at least one action/.test(e.message));
    });

    test('a draft assessment has no plan yet; the provider cannot draft one', async () => {
      const { id } = await world.assessments.start(world.council.officer.actor, { serviceId: world.homeId, frameworkId: world.frameworkId, kind: 'full', visitedOn: '2026-11-18' });
      await assert.rejects(plans.forAssessment(world.council.officer.actor, id), Conflict);
      const completed = await world.completedAssessment({ answers: { 0: 'not_met' } });
      await assert.rejects(plans.forAssessment(world.provider.actor, completed.id), NotFound);
      await assert.rejects(
        store.asUser(world.provider.actor, (tx) => createDraftActionPlan(tx, completed.id, world.provider.actor.userId)),
        (e: unknown) => (e as { code?: string }).code === '42501',
      );
    });

    test('the officer edits the draft; sharing needs a person named on every action; then the plan is fixed', async () => {
      const { id, questions } = await world.completedAssessment({ answers: { 2: 'not_met' } });
      const officer = world.council.officer.actor;
      const { plan } = await plans.forAssessment(officer, id);
      const [first] = plan!.actions;
      await assert.rejects(plans.share(officer, plan!.id), (e: unknown) => e instanceof Invalid && e.errors[0]!.message === 'Action 1: enter who is responsible for it');

      await assert.rejects(
        plans.addAction(officer, plan!.id, { domainId: questions[20]!.domainId, questionId: questions[2]!.id, description: 'x', ownerOrg: 'provider', dueOn: '2026-12-20' }),
        (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'questionId',
      );
      await assert.rejects(
        plans.addAction(officer, plan!.id, { domainId: world.homeId, description: 'x', ownerOrg: 'provider', dueOn: '2026-12-20' }),
        (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'domainId',
      );
      const added = await plans.addAction(officer, plan!.id, {
        domainId: questions[20]!.domainId,
        description: 'The council’s safeguarding team runs a session for night staff.',
        ownerOrg: 'council',
        ownerName: 'Safeguarding adults team',
        dueOn: '2026-12-31',
      });
      await plans.updateAction(officer, first!.id, { domainId: first!.domainId, questionId: first!.questionId, description: 'Audit every resident’s consent records by 4 December.', ownerOrg: 'provider', ownerName: 'Registered manager', dueOn: '2026-12-16' });
      await assert.rejects(plans.addMilestone(officer, first!.id, { description: 'Half done', dueOn: '2026-12-17' }), (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'dueOn');
      await plans.addMilestone(officer, first!.id, { description: 'Half of the records audited', dueOn: '2026-12-02' });

      const shared = await plans.share(officer, plan!.id);
      assert.equal(shared.status, 'shared');
      assert.equal(shared.sharedOn, TODAY);
      assert.deepEqual(shared.actions.map((a) => [a.number, a.ownerOrg, a.ownerName]), [
        [1, 'provider', 'Registered manager'],
        [2, 'council', 'Safeguarding adults team'],
      ]);
      assert.equal(shared.actions[0]!.milestones.length, 1);
      assert.equal(shared.actions[1]!.id, added);

      await assert.rejects(plans.updateAction(officer, first!.id, { domainId: first!.domainId, description: 'Changed', ownerOrg: 'provider', ownerName: 'X', dueOn: '2026-12-16' }), Conflict);
      await assert.rejects(plans.removeAction(officer, first!.id), Conflict);
      // The database holds the line too.
      await assert.rejects(
        store.asUser(officer, (tx) => tx.updateTable('actions').set({ description: 'Quietly changed' }).where('id', '=', first!.id).execute()),
        /only while the action plan is a draft/,
      );

      // Taken back to draft, it can change, and is then shared again.
      const reopened = await plans.reopen(officer, plan!.id);
      assert.equal(reopened.status, 'draft');
      await plans.removeAction(officer, added);
      const again = await plans.share(officer, plan!.id);
      assert.deepEqual(again.actions.map((a) => a.number), [1]);
    });

    test('who sees a plan: the council’s assessors always, the provider once shared; nobody else', async () => {
      const { id } = await world.completedAssessment({ answers: { 3: 'partly_met' } });
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      const planId = plan!.id;
      await assert.rejects(plans.get(world.provider.actor, planId), NotFound, 'a draft is not shown to the provider');
      const shared = await sharedPlanFrom(planId);
      assert.equal(shared.status, 'shared');

      const asProvider = await plans.get(world.provider.actor, planId);
      assert.equal(asProvider.actions.length, 1);
      assert.equal(asProvider.followUpVisit, null, 'visits are never shown to providers');
      assert.equal(asProvider.followUpVisitDueBy, '2027-02-18');
      assert.equal((await plans.forAssessment(world.provider.actor, id)).plan?.id, planId);

      for (const who of [world.rival.actor, world.other.officer.actor, world.other.commissioner.actor]) {
        await assert.rejects(plans.get(who, planId), NotFound);
      }
      for (const who of [world.council.placer.actor, world.partner.actor]) {
        await assert.rejects(plans.get(who, planId), Forbidden);
        await assert.rejects(plans.list(who, { page: 1 }), Forbidden);
      }
      for (const who of [world.rival.actor, world.council.placer.actor, world.partner.actor, world.other.officer.actor]) {
        const rows = await store.asUser(who, async (tx) => ({
          plans: await tx.selectFrom('action_plans').select('id').where('id', '=', planId).execute(),
          actions: await tx.selectFrom('actions').select('id').where('plan_id', '=', planId).execute(),
          visits: await tx.selectFrom('visits').select('id').where('action_plan_id', '=', planId).execute(),
        }));
        assert.deepEqual(rows, { plans: [], actions: [], visits: [] }, `${who.role} of ${who.orgName}`);
      }
      const providerVisits = await store.asUser(world.provider.actor, (tx) => tx.selectFrom('visits').select('id').execute());
      assert.deepEqual(providerVisits, []);

      const listed = await plans.list(world.provider.actor, { page: 1 });
      assert.ok(listed.items.some((p) => p.id === planId));
      assert.ok((await plans.list(world.rival.actor, { page: 1 })).items.every((p) => p.id !== planId));
    });

    async function sharedPlanFrom(planId: string) {
      const plan = await plans.get(world.council.officer.actor, planId);
      for (const a of plan.actions) {
        await plans.updateAction(world.council.officer.actor, a.id, { domainId: a.domainId, questionId: a.questionId ?? '', description: a.description, ownerOrg: a.ownerOrg, ownerName: 'Registered manager', dueOn: a.dueOn });
      }
      return plans.share(world.council.officer.actor, planId);
    }

    test('the provider asks for changes or agrees; only its own plans, and only that', async () => {
      const plan = await sharedPlan();
      await assert.rejects(plans.agree(world.rival.actor, plan.id), NotFound);
      await assert.rejects(plans.agree(world.council.officer.actor, plan.id), Forbidden);
      await assert.rejects(plans.share(world.provider.actor, plan.id), Forbidden);
      await assert.rejects(plans.requestChanges(world.provider.actor, plan.id, { comment: '' }), Invalid);

      const back = await plans.requestChanges(world.provider.actor, plan.id, { comment: 'Action 2 needs until January: our trainer is away.' });
      assert.equal(back.status, 'draft');
      assert.equal(back.changeRequest?.by, 'Pat Provider');
      assert.equal((await plans.get(world.provider.actor, plan.id)).changeRequest?.text, 'Action 2 needs until January: our trainer is away.', 'the provider still reads a plan it sent back');
      await assert.rejects(plans.agree(world.provider.actor, plan.id), Conflict);

      const reshared = await plans.share(world.council.officer.actor, plan.id);
      assert.equal(reshared.changeRequest, null);
      const agreed = await plans.agree(world.provider.actor, plan.id);
      assert.equal(agreed.status, 'agreed');
      assert.equal(agreed.agreedOn, TODAY);
      assert.equal(agreed.agreedBy, 'Pat Provider');
      await assert.rejects(plans.agree(world.provider.actor, plan.id), Conflict);

      // Straight at the database, the provider can do no more than the service lets it.
      await assert.rejects(
        store.asUser(world.provider.actor, (tx) => tx.updateTable('action_plans').set({ status: 'completed', completed_on: TODAY }).where('id', '=', plan.id).execute()),
        (e: unknown) => (e as { code?: string }).code === '42501',
      );
      await assert.rejects(
        store.asUser(world.provider.actor, (tx) => tx.updateTable('actions').set({ due_on: '2027-06-01' }).where('plan_id', '=', plan.id).execute()),
        /only while the action plan is a draft|only report progress/,
      );
      await assert.rejects(
        store.asUser(world.provider.actor, (tx) => tx.updateTable('actions').set({ status: 'verified' }).where('plan_id', '=', plan.id).execute()),
        (e: unknown) => (e as { code?: string }).code === '42501',
      );
      const rivalChanged = await store.asUser(world.rival.actor, (tx) => tx.updateTable('actions').set({ status: 'done' }).where('plan_id', '=', plan.id).executeTakeFirst());
      assert.equal(Number(rivalChanged.numUpdatedRows), 0);
    });

    test('progress: the provider reports, the officer verifies or rejects with a reason, and the plan completes', async () => {
      const plan = await sharedPlan();
      const officer = world.council.officer.actor;
      await plans.reopen(officer, plan.id);
      const [first, second] = plan.actions;
      await plans.addMilestone(officer, first!.id, { description: 'New consent forms in use', dueOn: '2026-12-01' });
      await plans.updateAction(officer, second!.id, { domainId: second!.domainId, questionId: second!.questionId ?? '', description: second!.description, ownerOrg: 'council', ownerName: 'Quality team', dueOn: second!.dueOn });
      await plans.share(officer, plan.id);
      await assert.rejects(plans.postUpdate(world.provider.actor, first!.id, { body: 'Started', reportedStatus: 'in_progress' }), Conflict, 'not before the plan is agreed');
      await plans.agree(world.provider.actor, plan.id);

      await plans.postUpdate(world.provider.actor, first!.id, { body: 'Consent forms redesigned; training booked.', reportedStatus: 'in_progress' });
      let current = await plans.get(officer, plan.id);
      assert.equal(current.status, 'in_progress');
      assert.equal(current.actions[0]!.status, 'in_progress');

      const milestone = current.actions[0]!.milestones[0]!;
      const doneId = await plans.postUpdate(world.provider.actor, first!.id, { body: 'All records audited.', reportedStatus: 'done', milestonesDone: [milestone.id] });
      current = await plans.get(world.provider.actor, plan.id);
      assert.equal(current.actions[0]!.status, 'done');
      assert.equal(current.actions[0]!.milestones[0]!.doneOn, TODAY);
      assert.equal(current.actions[0]!.pendingUpdates, 2);
      await assert.rejects(
        plans.postUpdate(world.provider.actor, first!.id, { body: 'Again', reportedStatus: 'done', milestonesDone: [milestone.id] }),
        (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'milestonesDone',
      );

      await assert.rejects(plans.postUpdate(world.provider.actor, second!.id, { body: 'Not ours', reportedStatus: 'done' }), Forbidden);
      await assert.rejects(plans.postUpdate(world.rival.actor, first!.id, { body: 'Sneaky', reportedStatus: 'done' }), NotFound);
      await assert.rejects(plans.postUpdate(world.council.placer.actor, first!.id, { body: 'Placer', reportedStatus: 'done' }), Forbidden);
      await assert.rejects(plans.decide(world.provider.actor, doneId, { decision: 'verified' }), Forbidden);
      await assert.rejects(plans.decide(world.other.officer.actor, doneId, { decision: 'verified' }), NotFound);

      await assert.rejects(plans.decide(officer, doneId, { decision: 'rejected' }), (e: unknown) => e instanceof Invalid && e.errors[0]!.path === 'reason');
      await plans.decide(officer, doneId, { decision: 'rejected', reason: 'Three of the ten records still lack a capacity assessment.' });
      current = await plans.get(world.provider.actor, plan.id);
      assert.equal(current.actions[0]!.status, 'rejected');
      assert.equal(current.actions[0]!.updates.at(-1)!.decisionReason, 'Three of the ten records still lack a capacity assessment.');
      assert.equal(current.actions[0]!.updates.at(-1)!.decidedByName, world.council.officer.actor.name);
      await assert.rejects(plans.decide(officer, doneId, { decision: 'verified' }), Conflict);

      const redoneId = await plans.postUpdate(world.provider.actor, first!.id, { body: 'The last three are done.', reportedStatus: 'done' });
      await plans.decide(officer, redoneId, { decision: 'verified' });
      current = await plans.get(officer, plan.id);
      assert.equal(current.actions[0]!.status, 'verified');
      assert.equal(current.status, 'in_progress', 'the council’s own action is still to do');
      await assert.rejects(plans.postUpdate(world.provider.actor, first!.id, { body: 'More', reportedStatus: 'done' }), Conflict);

      // The council's own report on its own action is its own observation: verified as recorded.
      await plans.postUpdate(officer, second!.id, { body: 'Session held for night staff on 1 December.', reportedStatus: 'done' });
      current = await plans.get(officer, plan.id);
      assert.equal(current.actions[1]!.status, 'verified');
      assert.equal(current.status, 'completed');
      assert.equal(current.completedOn, TODAY);
      await assert.rejects(plans.close(officer, plan.id, { reason: 'Done' }), Conflict);

      const audit = await store.asUser(officer, (tx) =>
        tx.selectFrom('audit_events').select(['action', 'actor_user_id', 'after']).where('table_name', '=', 'action_updates').where('council_id', '=', world.council.org.id).execute(),
      );
      assert.ok(audit.some((e) => e.action === 'update' && e.actor_user_id === officer.userId && (e.after as { decision?: string }).decision === 'rejected'));
      assert.ok(audit.some((e) => e.action === 'insert' && e.actor_user_id === world.provider.actor.userId));
    });

    test('overdue actions and milestones are flagged from the day after their date, on the plan and in the list', async () => {
      const plan = await sharedPlan();
      await plans.agree(world.provider.actor, plan.id);
      const [first, second] = plan.actions;
      await plans.postUpdate(world.provider.actor, second!.id, { body: 'Done', reportedStatus: 'done' });
      try {
        setClock(first!.dueOn);
        assert.equal((await plans.get(world.provider.actor, plan.id)).counts.overdue, 0, 'due today is not overdue');
        setClock('2027-02-01');
        const late = await plans.get(world.provider.actor, plan.id);
        assert.deepEqual(late.actions.map((a) => [a.status, a.overdue]), [
          ['open', true],
          ['done', false],
        ]);
        assert.equal(late.counts.overdue, 1);
        const listed = (await plans.list(world.council.officer.actor, { status: 'open', page: 1 })).items.find((p) => p.id === plan.id);
        assert.equal(listed?.overdue, 1);
        const closed = await plans.close(world.council.officer.actor, plan.id, { reason: 'Superseded by the new assessment' });
        assert.equal(closed.counts.overdue, 0, 'a closed plan flags nothing');
        assert.equal(closed.followUpVisit, null, 'its update visit is cancelled');
        const visit = await store.asSystem((tx) => tx.selectFrom('visits').select(['cancelled_on', 'cancel_reason']).where('action_plan_id', '=', plan.id).executeTakeFirstOrThrow());
        assert.equal(visit.cancelled_on, '2027-02-01');
        assert.match(visit.cancel_reason!, /Superseded by the new assessment/);
      } finally {
        setClock(TODAY);
      }
    });

    test('another council cannot open, draft or change this council’s plans', async () => {
      const { id } = await world.completedAssessment({ answers: { 5: 'not_met' } });
      await assert.rejects(plans.forAssessment(world.other.officer.actor, id), NotFound);
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      const action = plan!.actions[0]!;
      await assert.rejects(plans.updateAction(world.other.officer.actor, action.id, { domainId: action.domainId, description: 'x', ownerOrg: 'provider', ownerName: 'x', dueOn: '2026-12-20' }), NotFound);
      await assert.rejects(plans.share(world.other.commissioner.actor, plan!.id), NotFound);
      await assert.rejects(plans.close(world.other.admin.actor, plan!.id, { reason: 'x' }), NotFound);
      const own = await world.completedAssessment({ answers: { 0: 'not_met' }, serviceId: world.southId, as: 'other' });
      const theirs = await plans.forAssessment(world.other.officer.actor, own.id);
      await assert.rejects(
        store.asUser(world.other.officer.actor, (tx) =>
          tx
            .insertInto('actions')
            .values({ council_id: world.council.org.id, plan_id: plan!.id, position: 9, domain_id: action.domainId, description: 'x', due_on: '2026-12-20', created_by: world.other.officer.actor.userId })
            .execute(),
        ),
        (e: unknown) => (e as { code?: string }).code === '42501',
      );
      assert.equal(theirs.plan?.councilId, world.other.org.id);
    });
  });
}

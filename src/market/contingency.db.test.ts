import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { CVA, makeMarketWorld, type MarketWorld } from '../../test/support/market-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { intelligenceServices } from '../intelligence/index.ts';
import { assuranceService } from './assurance.service.ts';
import { contingencyService } from './contingency.service.ts';
import { marketEventsService } from './market-events.service.ts';

for (const database of testDatabases()) {
  describe(`market events and contingency plans (${database.name})`, () => {
    let store: Store;
    let w: MarketWorld;
    let events: ReturnType<typeof marketEventsService>;
    let plans: ReturnType<typeof contingencyService>;
    let assurance: ReturnType<typeof assuranceService>;
    let planId: string;
    let eventId: string;

    before(async () => {
      setClock('2026-03-03');
      store = await database.open();
      w = await makeMarketWorld(store);
      events = marketEventsService(store, intelligenceServices(store).intelligence);
      plans = contingencyService(store);
      assurance = assuranceService(store);
      const event = await events.record(w.north.officer.actor, w.groupId, CVA);
      planId = event.contingencyPlanId!;
      eventId = event.id;
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('a CVA on the parent group opens a plan over its branches here and the neighbour that shares, counting what is not commissioned apart', async () => {
      const plan = await plans.get(w.north.officer.actor, planId);
      assert.equal(plan.status, 'open');
      const byId = new Map(plan.services.map((s) => [s.serviceId, s]));
      assert.deepEqual([...byId.keys()].sort(), [w.oakHouseId, w.oakLodgeId, w.groupHomeId, w.selfFundedId, w.westBranchId].sort(), 'Eastshire shares nothing: its branch is not counted');
      assert.deepEqual([byId.get(w.westBranchId)!.council.name, byId.get(w.westBranchId)!.peopleFunded, byId.get(w.westBranchId)!.bedsOrHours, byId.get(w.westBranchId)!.unit], ['Westshire Council', 31, 900, 'hours_per_week']);
      assert.deepEqual(plan.totals.commissioned, { services: 3, peopleFunded: 25, beds: 90, hoursPerWeek: 0 });
      assert.deepEqual(plan.totals.notCommissioned, { services: 1, peopleFunded: 0, beds: 60, hoursPerWeek: 0 });
      assert.deepEqual(plan.totals.neighbours, { services: 1, peopleFunded: 31, beds: 0, hoursPerWeek: 900 });
      assert.deepEqual(plan.capacity.map((c) => [c.serviceName, c.registeredBeds, c.vacancies]), [['Elm View', 50, null]], 'capacity elsewhere: the council’s other care homes, vacancies unknown without a return');
    });

    test('each of the council’s services at stake gets a red financial check, from which risk proposes a higher financial viability score', async () => {
      const rows = await store.asUser(w.north.officer.actor, (tx) => tx.selectFrom('intelligence').select(['service_id', 'source', 'severity', 'received_on']).execute());
      assert.deepEqual(rows.map((r) => r.service_id).sort(), [w.oakHouseId, w.oakLodgeId, w.groupHomeId, w.selfFundedId].sort());
      assert.ok(rows.every((r) => r.source === 'financial_check' && r.severity === 'red' && r.received_on === CVA.occurredOn));
    });

    test('weekly visits are scheduled for the commissioned services only, and daily assurance asked of them', async () => {
      const visits = await store.asUser(w.north.officer.actor, (tx) => tx.selectFrom('visits').select(['service_id', 'due_by', 'kind']).orderBy('due_by').execute());
      assert.equal(visits.length, 12);
      assert.ok(!visits.some((v) => v.service_id === w.selfFundedId));
      assert.deepEqual([...new Set(visits.map((v) => v.due_by))], ['2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31']);
      const plan = await plans.get(w.north.officer.actor, planId);
      assert.deepEqual(plan.assurance.map((a) => [a.fromOn, a.untilOn]).sort(), Array(3).fill(['2026-03-03', '2026-03-16']));
    });

    test('the council and those it shares alerts with are alerted, with emails only for those who asked', async () => {
      const alerts = await store.asSystem((tx) => tx.selectFrom('alerts').select(['recipient_org_id', 'event', 'summary']).where('event', '=', 'market_event').execute());
      assert.deepEqual(alerts.map((a) => a.recipient_org_id).sort(), [w.north.org.id, w.west.org.id, w.healthwatchOrg.id].sort());
      assert.match(alerts[0]!.summary, /Company Voluntary Arrangement recorded, from 2 March 2026: every service of the provider group Oakleaf Group/);
    });

    test('the event is on the timeline of every service of the group, not on others', async () => {
      for (const id of [w.oakHouseId, w.groupHomeId, w.selfFundedId]) assert.deepEqual((await events.forService(w.north.officer.actor, id)).map((e) => e.id), [eventId]);
      assert.deepEqual(await events.forService(w.north.officer.actor, w.elmId), []);
    });

    test('another council, a placer and a provider user cannot read the event or the plan', async () => {
      for (const actor of [w.west.officer.actor, w.east.commissioner.actor, w.providerUser.actor, w.healthwatch.actor, w.north.placer.actor]) {
        for (const table of ['market_events', 'contingency_plans', 'contingency_plan_services', 'contingency_actions'] as const) {
          const rows = await store.asUser(actor, (tx) => tx.selectFrom(table).select('id').execute());
          assert.deepEqual(rows, [], `${actor.role} of ${actor.orgName}: ${table}`);
        }
      }
      await assert.rejects(plans.get(w.west.officer.actor, planId), NotFound);
      await assert.rejects(events.record(w.west.officer.actor, w.groupId, CVA), NotFound);
    });

    test('a provider user sees the assurance asked of its own services only, and sends a statement for a day asked', async () => {
      const due = await assurance.due(w.providerUser.actor);
      assert.deepEqual(due.map((r) => r.serviceId).sort(), [w.oakHouseId, w.oakLodgeId].sort(), 'not Oakleaf Court, run by the group itself');
      const request = due.find((r) => r.serviceId === w.oakHouseId)!;
      assert.deepEqual(request.days, [{ date: '2026-03-03', status: 'due' }]);
      await assurance.submit(w.providerUser.actor, request.id, { statementOn: '2026-03-03', careDelivered: true, staffingSafe: true, missedCalls: 2, concerns: undefined });
      assert.deepEqual((await assurance.due(w.providerUser.actor)).find((r) => r.id === request.id)!.days, [{ date: '2026-03-03', status: 'submitted' }]);
      await assert.rejects(assurance.submit(w.providerUser.actor, request.id, { statementOn: '2026-03-03', careDelivered: true, staffingSafe: true, missedCalls: 0, concerns: undefined }), /already been sent/);
      await assert.rejects(assurance.submit(w.providerUser.actor, request.id, { statementOn: '2026-03-20', careDelivered: true, staffingSafe: true, missedCalls: 0, concerns: undefined }), Invalid);
      const plan = await plans.get(w.north.officer.actor, planId);
      assert.deepEqual(plan.assurance.find((a) => a.serviceId === w.oakHouseId)!.latest, { statementOn: '2026-03-03', careDelivered: true, staffingSafe: true, missedCalls: 2, concerns: null });
    });

    test('row-level security refuses a statement for another provider’s service, and a day outside the request', async () => {
      const groupRequest = await store.asSystem((tx) => tx.selectFrom('assurance_requests').select(['id', 'council_id']).where('service_id', '=', w.groupHomeId).executeTakeFirstOrThrow());
      await assert.rejects(assurance.submit(w.providerUser.actor, groupRequest.id, { statementOn: '2026-03-03', careDelivered: true, staffingSafe: true, missedCalls: 0, concerns: undefined }), NotFound);
      await assert.rejects(
        store.asUser(w.providerUser.actor, (tx) =>
          tx.insertInto('assurance_statements').values({ request_id: groupRequest.id, council_id: groupRequest.council_id, service_id: w.groupHomeId, statement_on: '2026-03-03', care_delivered: true, staffing_safe: true, missed_calls: 0, submitted_by: w.providerUser.actor.userId }).execute(),
        ),
      );
    });

    test('actions, figures and status: the council’s own figures only, and a closed plan stays closed', async () => {
      await plans.addAction(w.north.officer.actor, planId, { description: 'Agree a weekly call with the regional director', ownerName: 'Home care commissioning', dueOn: '2026-03-05' });
      const [action] = (await plans.get(w.north.officer.actor, planId)).actions;
      await plans.completeAction(w.north.officer.actor, planId, action!.id);
      await plans.setPeopleFunded(w.north.officer.actor, planId, w.oakHouseId, 14);
      await assert.rejects(plans.setPeopleFunded(w.north.officer.actor, planId, w.westBranchId, 1), Invalid, 'a neighbour’s figure is theirs');
      await assert.rejects(plans.addAction(w.north.admin.actor, planId, { description: 'x', ownerName: 'y', dueOn: '2026-03-05' }), /permission/);
      await plans.setStatus(w.north.commissioner.actor, planId, 'monitoring');
      await plans.setStatus(w.north.commissioner.actor, planId, 'closed');
      await assert.rejects(plans.setStatus(w.north.commissioner.actor, planId, 'open'), Invalid);
      const plan = await plans.get(w.north.officer.actor, planId);
      assert.equal(plan.status, 'closed');
      assert.equal(plan.actions[0]!.doneOn, '2026-03-03');
      assert.equal(plan.services.find((s) => s.serviceId === w.oakHouseId)!.peopleFunded, 14);
      assert.equal(plan.totals.commissioned.peopleFunded, 27);
    });

    test('the database refuses a contract or an assessment for a service the council does not commission', async () => {
      await assert.rejects(
        store.asUser(w.north.officer.actor, (tx) => tx.insertInto('contracts').values({ council_id: w.north.org.id, service_id: w.selfFundedId, kind: 'spot', starts_on: '2026-01-01' }).execute()),
        /does not commission/,
      );
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import type { TestUser } from '../../test/support/fixtures.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import { CVA, makeMarketWorld, type MarketWorld } from '../../test/support/market-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';

for (const database of testDatabases()) {
  describe(`market events and contingency plans over HTTP (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: MarketWorld;
    let planId: string;

    before(async () => {
      setClock('2026-03-03');
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeMarketWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const api = (user: TestUser) => apiClient(app, user.apiToken);
    const signedIn = async (user: TestUser) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    test('POST /api/v1/providers/{id}/market-events answers 201 with the event and its plan; bad input is a problem document', async () => {
      const bad = await api(w.north.officer).post(paths.api.providerMarketEvents(w.groupId), { kind: 'bankruptcy', occurredOn: '2026-02-30', source: '', summary: 'x' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.headers['content-type'] as string, /problem\+json/);
      const fields = (bad.json().errors as { path: string }[]).map((e) => e.path).sort();
      assert.deepEqual(fields, ['kind', 'occurredOn', 'source']);
      const created = await api(w.north.officer).post(paths.api.providerMarketEvents(w.groupId), CVA);
      assert.equal(created.statusCode, 201);
      const event = created.json();
      assert.equal(event.kind, 'company_voluntary_arrangement');
      assert.equal(event.providerId, w.groupId);
      assert.match(event.contingencyPlanId, /^[0-9a-f-]{36}$/);
      planId = event.contingencyPlanId;
    });

    test('GET /api/v1/contingency-plans/{id} lists services with council, people funded and beds or hours, and no names of people', async () => {
      const response = await api(w.north.commissioner).get(paths.api.contingencyPlan(planId));
      assert.equal(response.statusCode, 200);
      const plan = response.json();
      assert.equal(plan.status, 'open');
      const west = plan.services.find((s: { serviceId: string }) => s.serviceId === w.westBranchId);
      assert.deepEqual([west.council.name, west.peopleFunded, west.bedsOrHours, west.unit], ['Westshire Council', 31, 900, 'hours_per_week']);
      const house = plan.services.find((s: { serviceId: string }) => s.serviceId === w.oakHouseId);
      assert.deepEqual([house.peopleFunded, house.bedsOrHours, house.unit, house.notCommissioned], [12, 40, 'beds', false]);
      assert.equal(plan.services.find((s: { serviceId: string }) => s.serviceId === w.selfFundedId).notCommissioned, true);
      assert.ok(!plan.services.some((s: { serviceId: string }) => s.serviceId === w.eastBranchId));
      assert.deepEqual(plan.actions, []);
      const list = await api(w.north.officer).get(`${paths.api.contingencyPlans}?status=open`);
      assert.deepEqual(list.json().items.map((p: { id: string }) => p.id), [planId]);
    });

    test('another council, a provider user and a partner can neither read nor change the plan; wrong roles get 403', async () => {
      for (const user of [w.west.officer, w.east.commissioner]) {
        assert.equal((await api(user).get(paths.api.contingencyPlan(planId))).statusCode, 404, 'another council');
        assert.equal((await api(user).post(paths.api.contingencyPlanActions(planId), { description: 'x', ownerName: 'y', dueOn: '2026-03-09' })).statusCode, 404);
        assert.equal((await api(user).post(paths.api.contingencyPlanStatus(planId), { status: 'closed' })).statusCode, 404);
        assert.equal((await api(user).post(paths.api.providerMarketEvents(w.groupId), CVA)).statusCode, 404);
        assert.deepEqual((await api(user).get(paths.api.contingencyPlans)).json().items, []);
      }
      for (const user of [w.providerUser, w.healthwatch, w.north.placer]) {
        assert.equal((await api(user).get(paths.api.contingencyPlan(planId))).statusCode, 403, user.actor.role);
        assert.equal((await api(user).post(paths.api.providerMarketEvents(w.groupId), CVA)).statusCode, 403, user.actor.role);
      }
      assert.equal((await api(w.north.admin).post(paths.api.contingencyPlanActions(planId), { description: 'x', ownerName: 'y', dueOn: '2026-03-09' })).statusCode, 403, 'administrators read, not write');
      const providerPage = await (await signedIn(w.providerUser)).get(paths.contingency.plan(planId));
      assert.equal(providerPage.statusCode, 403);
      assert.ok(!providerPage.body.includes('People funded'));
    });

    test('the provider user sees only its own assurance forms, never the plan’s figures, and sends one', async () => {
      const due = (await api(w.providerUser).get(paths.api.assuranceRequests)).json().items as { id: string; serviceId: string }[];
      assert.deepEqual(due.map((r) => r.serviceId).sort(), [w.oakHouseId, w.oakLodgeId].sort());
      const client = await signedIn(w.providerUser);
      const list = await client.get(paths.contingency.assurance);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Oak House/);
      assert.doesNotMatch(list.body, /Oakleaf Court|People funded|Westshire/);
      const request = due.find((r) => r.serviceId === w.oakHouseId)!;
      const form = paths.contingency.assuranceForm(request.id);
      const invalid = await client.post(form, { 'statementOn-day': '3', 'statementOn-month': '3', 'statementOn-year': '2026', missedCalls: 'lots' }, { from: `${form}?day=2026-03-03` });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /<title>Error: /);
      assert.match(invalid.body, /Select whether all planned care was delivered/);
      assert.match(invalid.body, /Missed or late calls must be a whole number/);
      const sent = await client.post(form, { 'statementOn-day': '3', 'statementOn-month': '3', 'statementOn-year': '2026', careDelivered: 'yes', staffingSafe: 'no', missedCalls: '3', concerns: 'Two carers off sick' }, { from: form });
      assert.equal(sent.statusCode, 303);
      const other = (await api(w.north.officer).get(paths.api.contingencyPlan(planId))).json();
      assert.deepEqual(other.assurance.find((a: { serviceId: string }) => a.serviceId === w.oakHouseId).received, 1);
      const groupRequest = await store.asSystem((tx) => tx.selectFrom('assurance_requests').select('id').where('service_id', '=', w.groupHomeId).executeTakeFirstOrThrow());
      assert.equal((await client.get(paths.contingency.assuranceForm(groupRequest.id))).statusCode, 404, 'another provider’s form');
      assert.equal((await api(w.providerUser).post(paths.api.assuranceStatements(groupRequest.id), { statementOn: '2026-03-03', careDelivered: true, staffingSafe: true, missedCalls: 0 })).statusCode, 404);
      assert.equal((await api(w.north.officer).get(paths.api.assuranceRequests)).statusCode, 403, 'the council reads statements on the plan');
    });

    test('the plan page works the plan without JavaScript: an action, a figure, monitoring and status, with error summaries', async () => {
      const client = await signedIn(w.north.officer);
      const page = await client.get(paths.contingency.plan(planId));
      assert.equal(page.statusCode, 200);
      for (const text of ['Oak House', 'Oak Manor', 'Services we do not commission', 'Westshire Council', 'Oakleaf Home Care West', 'Elm View', 'Daily assurance statements from the provider']) assert.ok(page.body.includes(text), text);
      assert.ok(!page.body.includes('Oakleaf Home Care East'), 'Eastshire shares nothing');
      const bad = await client.post(paths.contingency.actions(planId), { description: '', ownerName: '' }, { from: paths.contingency.plan(planId) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /There is a problem/);
      assert.match(bad.body, /Enter the action/);
      const added = await client.post(paths.contingency.actions(planId), { description: 'Daily call with the branch manager', ownerName: 'Integrated community support team', 'dueOn-day': '10', 'dueOn-month': '3', 'dueOn-year': '2026' }, { from: paths.contingency.plan(planId) });
      assert.equal(added.statusCode, 303);
      const figure = await client.post(paths.contingency.figures(planId), { serviceId: w.oakLodgeId, peopleFunded: '9' }, { from: paths.contingency.plan(planId) });
      assert.equal(figure.statusCode, 303);
      const monitoring = await client.post(paths.contingency.monitoring(planId), { visitEveryDays: '14', assuranceDays: '28' }, { from: paths.contingency.plan(planId) });
      assert.equal(monitoring.statusCode, 303);
      const status = await client.post(paths.contingency.status(planId), { status: 'monitoring' }, { from: paths.contingency.plan(planId) });
      assert.equal(status.statusCode, 303);
      const plan = (await api(w.north.officer).get(paths.api.contingencyPlan(planId))).json();
      assert.equal(plan.status, 'monitoring');
      assert.equal(plan.visitEveryDays, 14);
      assert.deepEqual(plan.actions.map((a: { description: string; dueOn: string }) => [a.description, a.dueOn]), [['Daily call with the branch manager', '2026-03-10']]);
      assert.equal(plan.services.find((s: { serviceId: string }) => s.serviceId === w.oakLodgeId).peopleFunded, 9);
      assert.ok(plan.assurance.every((a: { untilOn: string }) => a.untilOn === '2026-03-30'));
    });

    test('the event form records a CVA by hand, and shows the error summary when something is missing', async () => {
      const client = await signedIn(w.north.officer);
      const providerPage = await client.get(paths.providers.show(w.groupId));
      assert.ok(providerPage.body.includes(`href="${paths.contingency.newEvent}?providerId=${w.groupId}"`), 'the provider page offers it');
      const form = await client.get(`${paths.contingency.newEvent}?providerId=${w.groupId}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`value="${w.groupId}" selected`));
      const bad = await client.post(paths.contingency.newEvent, { providerId: w.groupId, source: 'Companies House' }, { from: paths.contingency.newEvent });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Select what happened/);
      assert.match(bad.body, /Enter the date it happened/);
      const ok = await client.post(paths.contingency.newEvent, { providerId: w.homesId, kind: 'branch_closure', 'occurredOn-day': '1', 'occurredOn-month': '3', 'occurredOn-year': '2026', source: 'The provider', summary: 'Oak Lodge will close.' }, { from: paths.contingency.newEvent });
      assert.equal(ok.statusCode, 303);
      assert.match(ok.headers.location as string, /^\/contingency-plans\/[0-9a-f-]{36}\?saved=opened$/);
      const timeline = await client.get(`/services/${w.oakLodgeId}/timeline`);
      assert.match(timeline.body, /Large branch closure: Oakleaf Homes Ltd/);
      assert.match(timeline.body, /Company Voluntary Arrangement \(CVA\): Oakleaf Group/);
    });

    test('a service held as not commissioned: no contract and no assessment, with a clear error', async () => {
      const contract = await (await signedIn(w.north.officer)).post(`/services/${w.selfFundedId}/contracts/new`, { kind: 'spot', 'startsOn-day': '1', 'startsOn-month': '3', 'startsOn-year': '2026' }, { from: `/services/${w.selfFundedId}/contracts/new` });
      assert.equal(contract.statusCode, 400);
      assert.match(contract.body, /does not commission this service/);
      const service = (await api(w.north.officer).get(paths.api.service(w.selfFundedId))).json();
      assert.equal(service.notCommissioned, true);
      const page = await (await signedIn(w.north.officer)).get(paths.services.show(w.selfFundedId));
      assert.match(page.body, /No, not commissioned \(self-funded market\)/);
      assert.doesNotMatch(page.body, /Add a contract/);
      // The register's API sets the flag, and clears it.
      const flagged = await api(w.north.officer).patch(paths.api.service(w.elmId), { notCommissioned: true });
      assert.equal(flagged.statusCode, 200);
      assert.equal(flagged.json().notCommissioned, true);
      assert.equal((await api(w.north.officer).patch(paths.api.service(w.elmId), { notCommissioned: false })).json().notCommissioned, false);
      const framework = await store.asSystem((tx) => tx.selectFrom('frameworks').select('id').where('council_id', '=', w.north.org.id).executeTakeFirstOrThrow());
      const assessment = await api(w.north.officer).post(paths.api.assessments, { serviceId: w.selfFundedId, frameworkId: framework.id, kind: 'full' });
      assert.equal(assessment.statusCode, 400);
      assert.match(JSON.stringify(assessment.json()), /does not commission this service, so it cannot be assessed/);
      const commissioned = await api(w.north.officer).post(paths.api.assessments, { serviceId: w.elmId, frameworkId: framework.id, kind: 'full' });
      assert.equal(commissioned.statusCode, 201, 'a commissioned care home can be assessed with the same framework');
    });

    test('an officer raises a market event from an intelligence entry: the form starts from it, and the event keeps the link', async () => {
      const logged = await api(w.north.officer).post(paths.api.serviceIntelligence(w.oakHouseId), { receivedOn: '2026-03-01', source: 'financial_check', summary: 'Credit report: Oakleaf Homes Ltd given notice of exit', severity: 'amber' });
      assert.equal(logged.statusCode, 201);
      const entryId = logged.json().id as string;
      const client = await signedIn(w.north.officer);
      const entry = await client.get(paths.intelligence.show(entryId));
      const link = /href="([^"]*intelligenceId=[^"]+)"/.exec(entry.body)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(link, 'the entry page links to the market event form');
      const form = await client.get(link);
      assert.match(form.body, /Raised from intelligence about Oak House/);
      assert.match(form.body, new RegExp(`value="${w.homesId}" selected`));
      const created = await api(w.north.officer).post(paths.api.providerMarketEvents(w.homesId), { kind: 'exit_notice', occurredOn: '2026-03-01', source: 'Credit report', summary: 'Notice of exit', intelligenceId: entryId });
      assert.equal(created.statusCode, 201);
      assert.equal(created.json().intelligenceId, entryId);
      const westEntry = await api(w.west.officer).post(paths.api.providerMarketEvents(w.homesId), { kind: 'exit_notice', occurredOn: '2026-03-01', source: 'x', summary: 'y', intelligenceId: entryId });
      assert.equal(westEntry.statusCode, 404);
    });
  });
}

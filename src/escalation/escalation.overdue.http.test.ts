import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';

const api = paths.escalation.api;

/*
 * Dates well in the past are overdue whatever day the tests run; dates in 2199 never are. The edge
 * (the day itself, the day after) is pinned by the table in escalation.rules.test.ts.
 */
const PAST = '2026-01-20';
const FUTURE = '2199-12-31';

/** The table rows of a page (not captions or headings), so a tag is checked against the right record. */
function rows(html: string): string[] {
  return html
    .split('<tr class="govuk-table__row">')
    .slice(1)
    .map((r) => r.split('</tr>')[0]!);
}

function rowWith(html: string, text: string): string {
  const row = rows(html).find((r) => r.includes(text));
  assert.ok(row, `a row with ${text}`);
  return row;
}

const hasRow = (html: string, text: string) => rows(html).some((r) => r.includes(text));

for (const database of testDatabases()) {
  describe(`dates that pass in escalation (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let w: StatusWorld;
    const ids = { lateSuspension: '', timelySuspension: '', liftedSuspension: '', lateProcess: '', timelyProcess: '', caseId: '', lateAction: '', timelyAction: '', doneAction: '' };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeStatusWorld(store);
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const created = async (response: Awaited<ReturnType<typeof commissioner.post>>) => {
        assert.equal(response.statusCode, 201, response.body);
        return response.json() as { id: string; actions?: { id: string; description: string }[] };
      };
      ids.lateSuspension = (await created(await commissioner.post(api.serviceSuspensions(w.oakLodgeId), { scope: 'full', reason: 'Safeguarding', startsOn: '2026-01-05', reviewOn: PAST }))).id;
      ids.timelySuspension = (await created(await commissioner.post(api.serviceSuspensions(w.elmId), { scope: 'full', reason: 'Staffing', startsOn: '2026-01-05', reviewOn: FUTURE }))).id;
      ids.liftedSuspension = (
        await created(await commissioner.post(api.serviceSuspensions(w.groupHomeId), { scope: 'partial', detail: 'Nursing beds only', reason: 'Nursing cover', startsOn: '2026-01-05', reviewOn: PAST }))
      ).id;
      assert.equal((await commissioner.post(api.lift(ids.liftedSuspension), { liftedOn: '2026-02-01', evidence: 'Three good visits' })).statusCode, 200);
      ids.lateProcess = (await created(await commissioner.post(api.serviceProcesses(w.oakHouseId), { kind: 'remedies_for_poor_performance', reason: 'Missed calls', startedOn: '2026-01-02', reviewOn: PAST }))).id;
      ids.timelyProcess = (await created(await commissioner.post(api.serviceProcesses(w.oakHouseId), { kind: 'failure_to_perform', reason: 'Missed calls', startedOn: '2026-01-02', reviewOn: FUTURE }))).id;
      ids.caseId = (await created(await commissioner.post(api.serviceConcerns(w.oakHouseId), { stage: 2, reason: 'Staffing shortfalls', openedOn: '2026-01-10' }))).id;
      const action = async (description: string, dueOn: string) => {
        const c = await created(await commissioner.post(api.actions(ids.caseId), { description, ownerName: 'Bob Manager', ownerOrganisationType: 'provider', dueOn }));
        return c.actions!.find((a) => a.description === description)!.id;
      };
      ids.lateAction = await action('Recruit a permanent manager', PAST);
      ids.timelyAction = await action('Train every carer in moving and handling', FUTURE);
      ids.doneAction = await action('Send the staffing rota', PAST);
      assert.equal((await commissioner.post(api.completeAction(ids.doneAction), { completedOn: '2026-01-25' })).statusCode, 200);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const signedIn = async (user: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    test('the API flags a suspension in force past its review date, never one in time or lifted', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const flag = async (id: string) => ((await commissioner.get(api.suspension(id))).json() as { reviewOverdue: boolean }).reviewOverdue;
      assert.equal(await flag(ids.lateSuspension), true);
      assert.equal(await flag(ids.timelySuspension), false);
      assert.equal(await flag(ids.liftedSuspension), false, 'a lifted suspension is never overdue');
      const listed = (await commissioner.get(api.serviceSuspensions(w.oakLodgeId))).json() as { items: { id: string; reviewOverdue: boolean }[] };
      assert.deepEqual(listed.items.map((s) => [s.id, s.reviewOverdue]), [[ids.lateSuspension, true]]);
      const group = (await commissioner.get(api.groupSuspensions(w.groupId))).json() as { items: { id: string; reviewOverdue: boolean }[] };
      assert.deepEqual(group.items.map((s) => [s.id, s.reviewOverdue]), [[ids.lateSuspension, true]]);
    });

    test('the API flags a contractual process past its review date', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const listed = (await commissioner.get(api.serviceProcesses(w.oakHouseId))).json() as { items: { id: string; reviewOverdue: boolean }[] };
      assert.deepEqual(
        Object.fromEntries(listed.items.map((p) => [p.id, p.reviewOverdue])),
        { [ids.lateProcess]: true, [ids.timelyProcess]: false },
      );
      assert.equal(((await commissioner.get(api.process(ids.lateProcess))).json() as { reviewOverdue: boolean }).reviewOverdue, true);
    });

    test('the API flags each action past its due date and not done, and the case that has one', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const c = (await commissioner.get(api.case(ids.caseId))).json() as { overdue: boolean; actions: { id: string; overdue: boolean }[] };
      assert.equal(c.overdue, true);
      assert.deepEqual(Object.fromEntries(c.actions.map((a) => [a.id, a.overdue])), { [ids.lateAction]: true, [ids.timelyAction]: false, [ids.doneAction]: false });
      const listed = (await commissioner.get(api.serviceConcerns(w.oakHouseId))).json() as { items: { id: string; overdue: boolean; overdueActions?: unknown }[] };
      assert.deepEqual(listed.items.map((i) => [i.id, i.overdue]), [[ids.caseId, true]]);
      assert.equal(listed.items[0]!.overdueActions, undefined, 'the list gives the flag, as documented');
    });

    test('the overview counts what is overdue and can show only that', async () => {
      const officer = await signedIn(w.north.officer);
      const everything = await officer.get(paths.escalation.overview);
      assert.equal(everything.statusCode, 200);
      assert.match(everything.body, /<strong class="govuk-tag govuk-tag--red">3 overdue<\/strong> Overdue: 1 suspension review, 1 contractual process review and 1 concerns procedure action/);
      assert.match(rowWith(everything.body, 'Oak Lodge'), /Review overdue/);
      assert.doesNotMatch(rowWith(everything.body, 'Elm View'), /Review overdue/);
      assert.match(rowWith(everything.body, 'Remedies for Poor Performance'), /Review overdue/);
      assert.doesNotMatch(rowWith(everything.body, 'Failure to Perform'), /Review overdue/);
      assert.match(rowWith(everything.body, 'Recruit a permanent manager'), /Overdue/);
      assert.doesNotMatch(everything.body, /Train every carer/, 'an action in time is not listed as overdue');
      assert.doesNotMatch(everything.body, /Send the staffing rota/, 'a done action is not listed as overdue');
      assert.match(everything.body, /1 action overdue/);
      assert.match(everything.body, /href="\/escalation\?show=overdue">Only what is overdue \(3\)/);

      const onlyOverdue = await officer.get(`${paths.escalation.overview}?show=overdue`);
      assert.equal(onlyOverdue.statusCode, 200);
      assert.ok(hasRow(onlyOverdue.body, 'Oak Lodge'));
      assert.ok(hasRow(everything.body, 'Elm View') && !hasRow(onlyOverdue.body, 'Elm View'), 'a suspension in time is left out');
      assert.ok(hasRow(everything.body, 'Failure to Perform') && !hasRow(onlyOverdue.body, 'Failure to Perform'), 'a process in time is left out');
      assert.ok(hasRow(onlyOverdue.body, 'Remedies for Poor Performance'));
      assert.ok(hasRow(onlyOverdue.body, 'Recruit a permanent manager'));
      assert.match(onlyOverdue.body, /<a class="govuk-link" href="\/escalation">Everything open<\/a>/);
    });

    test('the service, suspension, process, case and group pages carry the tags', async () => {
      const officer = await signedIn(w.north.officer);
      const late = await officer.get(paths.escalation.suspension(ids.lateSuspension));
      assert.equal(late.statusCode, 200);
      assert.match(late.body, /govuk-tag--red">Review overdue/);
      assert.doesNotMatch((await officer.get(paths.escalation.suspension(ids.timelySuspension))).body, /Review overdue/);
      assert.doesNotMatch((await officer.get(paths.escalation.suspension(ids.liftedSuspension))).body, /Review overdue/);
      assert.match((await officer.get(paths.escalation.process(ids.lateProcess))).body, /Review overdue/);
      assert.doesNotMatch((await officer.get(paths.escalation.process(ids.timelyProcess))).body, /Review overdue/);

      assert.match((await officer.get(paths.escalation.forService(w.oakLodgeId))).body, /Review overdue/);
      assert.doesNotMatch((await officer.get(paths.escalation.forService(w.elmId))).body, /Review overdue/);
      const service = await officer.get(paths.escalation.forService(w.oakHouseId));
      assert.match(rowWith(service.body, 'Remedies for Poor Performance'), /Review overdue/);
      assert.match(rowWith(service.body, 'Stage 2'), /1 action overdue/);

      const casePage = await officer.get(paths.escalation.case(ids.caseId));
      assert.equal(casePage.statusCode, 200);
      assert.match(rowWith(casePage.body, 'Recruit a permanent manager'), /govuk-tag--red">Overdue/);
      assert.doesNotMatch(rowWith(casePage.body, 'Train every carer'), /Overdue/);
      assert.doesNotMatch(rowWith(casePage.body, 'Send the staffing rota'), /Overdue/);

      const group = await officer.get(paths.escalation.groupSuspensions(w.groupId));
      assert.match(rowWith(group.body, 'Oak Lodge'), /Review overdue/);
      assert.doesNotMatch(rowWith(group.body, 'Oakleaf Court'), /Review overdue/, 'the lifted one');
      assert.match(group.body, /1 of them is past its review date/);
    });

    test('the open cases download as CSV, all or only those with actions overdue; another council gets none of them', async () => {
      const officer = await signedIn(w.north.officer);
      const page = await officer.get(`${paths.escalation.overview}?show=overdue`);
      assert.match(page.body, /href="\/escalation\/cases.csv\?show=overdue" download>Download these cases \(CSV\)/);
      const csv = await officer.get('/escalation/cases.csv?show=overdue');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /filename="concerns-cases.csv"/);
      assert.deepEqual(csv.body.trimEnd().split('\r\n'), ['About,Kind,Stage,Opened on,Opened by,Reason,Actions overdue', `Oak House,Service,2,2026-01-10,${w.north.commissioner.actor.name},Staffing shortfalls,1`]);
      assert.equal((await officer.get('/escalation/cases.csv')).body.trimEnd().split('\r\n').length, 2);
      const west = await signedIn(w.west.commissioner);
      assert.deepEqual((await west.get('/escalation/cases.csv')).body.trimEnd().split('\r\n'), ['About,Kind,Stage,Opened on,Opened by,Reason,Actions overdue']);
      const placer = await signedIn(w.north.placer);
      assert.equal((await placer.get('/escalation/cases.csv')).statusCode, 403);
    });

    test('another council sees none of it; providers and partners are refused', async () => {
      const west = apiClient(app, w.west.commissioner.apiToken);
      assert.equal((await west.get(api.suspension(ids.lateSuspension))).statusCode, 404);
      assert.equal((await west.get(api.case(ids.caseId))).statusCode, 404);
      assert.equal((await west.get(api.process(ids.lateProcess))).statusCode, 404);
      const westPages = await signedIn(w.west.commissioner);
      const overview = await westPages.get(`${paths.escalation.overview}?show=overdue`);
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Nothing is overdue/);
      assert.doesNotMatch(overview.body, /Oak Lodge|Recruit a permanent manager|Review overdue/);
      for (const path of [paths.escalation.suspension(ids.lateSuspension), paths.escalation.case(ids.caseId), paths.escalation.forService(w.oakLodgeId), paths.escalation.groupSuspensions(w.groupId)]) {
        assert.equal((await westPages.get(path)).statusCode, 404, path);
      }
      for (const token of [w.providerUser.apiToken, w.healthwatch.apiToken, w.north.placer.apiToken]) {
        assert.equal((await apiClient(app, token).get(api.suspension(ids.lateSuspension))).statusCode, 403);
      }
    });

    test('doing the action, then closing the case, clears the flags', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const officer = await signedIn(w.north.officer);
      const done = await officer.post(paths.escalation.completeAction(ids.lateAction), {}, { from: paths.escalation.case(ids.caseId) });
      assert.equal(done.statusCode, 303, done.body);
      const afterDone = (await commissioner.get(api.case(ids.caseId))).json() as { overdue: boolean; actions: { id: string; overdue: boolean }[] };
      assert.equal(afterDone.overdue, false);
      assert.match((await officer.get(paths.escalation.overview)).body, /2 overdue<\/strong> Overdue: 1 suspension review and 1 contractual process review/);

      const another = await commissioner.post(api.actions(ids.caseId), { description: 'Audit medicines', ownerName: 'Bob Manager', ownerOrganisationType: 'provider', dueOn: PAST });
      assert.equal((another.json() as { overdue: boolean }).overdue, true);
      const closed = await commissioner.post(api.close(ids.caseId), { reason: 'Sustained improvement' });
      assert.equal(closed.statusCode, 200, closed.body);
      const afterClose = closed.json() as { overdue: boolean; actions: { overdue: boolean }[] };
      assert.equal(afterClose.overdue, false, 'a closed case flags nothing');
      assert.deepEqual(afterClose.actions.map((a) => a.overdue), [false, false, false, false]);
    });
  });
}

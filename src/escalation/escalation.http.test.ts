import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { addIntelligence, makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';
import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';

const api = paths.escalation.api;

for (const database of testDatabases()) {
  describe(`escalation over HTTP (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let w: StatusWorld;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeStatusWorld(store);
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

    test('POST /api/v1/services/{id}/concerns opens a case (201) and every step is kept with its reason', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const opened = await commissioner.post(api.serviceConcerns(w.oakHouseId), { stage: 2, reason: 'Staffing shortfalls', openedOn: '2026-01-10' });
      assert.equal(opened.statusCode, 201, opened.body);
      const c = opened.json() as { id: string; stage: number; status: string; serviceId: string; history: { kind: string; reason: string }[] };
      assert.equal(opened.headers.location, api.case(c.id));
      assert.deepEqual([c.stage, c.status, c.serviceId], [2, 'open', w.oakHouseId]);
      const again = await commissioner.post(api.serviceConcerns(w.oakHouseId), { stage: 1, reason: 'x' });
      assert.equal(again.statusCode, 409, 'one open case per service');
      assert.equal((await commissioner.post(api.escalate(c.id), { stage: 2, reason: 'x' })).statusCode, 400, 'escalating must go up');
      assert.equal((await commissioner.post(api.escalate(c.id), { stage: 3, reason: 'Safeguarding alert', on: '2026-02-01' })).statusCode, 200);
      assert.equal((await commissioner.post(api.deEscalate(c.id), { stage: 1, reason: 'Improving', on: '2026-02-20' })).statusCode, 200);
      const meeting = await commissioner.post(api.meetings(c.id), {
        heldOn: '2026-02-05',
        attendees: [
          { name: 'Ann Commissioner', organisationType: 'council' },
          { name: 'Bob Manager', organisationType: 'provider', organisation: 'Oakleaf Homes' },
          { name: 'Cara Inspector', organisationType: 'cqc' },
          { name: 'Dev Nurse', organisationType: 'health' },
          { name: 'Eve Officer', organisationType: 'placing_council', organisation: 'Westshire' },
        ],
        decisions: ['Weekly visits until the next meeting'],
      });
      assert.equal(meeting.statusCode, 201, meeting.body);
      const meetingId = (meeting.json() as { meetings: { id: string }[] }).meetings[0]!.id;
      const action = await commissioner.post(api.actions(c.id), { description: 'Recruit a permanent manager', ownerName: 'Bob Manager', ownerOrganisationType: 'provider', dueOn: '2026-04-01', meetingId });
      assert.equal(action.statusCode, 201, action.body);
      const actionId = (action.json() as { actions: { id: string }[] }).actions[0]!.id;
      assert.equal((await commissioner.post(api.completeAction(actionId), {})).statusCode, 200);
      const closed = await commissioner.post(api.close(c.id), { reason: 'Sustained improvement', closedOn: '2026-03-01' });
      assert.equal(closed.statusCode, 200);
      const final = (await commissioner.get(api.case(c.id))).json() as {
        status: string;
        history: { kind: string; fromStage: number | null; toStage: number | null; reason: string }[];
        meetings: { attendees: unknown[] }[];
        decisions: { decision: string }[];
        actions: { status: string; ownerName: string; dueOn: string }[];
      };
      assert.equal(final.status, 'closed');
      assert.deepEqual(
        final.history.map((h) => [h.kind, h.fromStage, h.toStage, h.reason]),
        [
          ['opened', null, 2, 'Staffing shortfalls'],
          ['escalated', 2, 3, 'Safeguarding alert'],
          ['de_escalated', 3, 1, 'Improving'],
          ['closed', 1, null, 'Sustained improvement'],
        ],
      );
      assert.equal(final.meetings[0]!.attendees.length, 5);
      assert.deepEqual(final.decisions.map((d) => d.decision), ['Weekly visits until the next meeting']);
      assert.deepEqual(final.actions.map((a) => [a.ownerName, a.dueOn, a.status]), [['Bob Manager', '2026-04-01', 'done']]);
      assert.equal((await commissioner.post(api.escalate(c.id), { stage: 4, reason: 'x' })).statusCode, 409, 'a closed case does not move');
      // Every step is on the service timeline.
      const timeline = (await commissioner.get(paths.api.serviceTimeline(w.oakHouseId))).json() as { items?: { summary: string }[] } | { summary: string }[];
      const lines = (Array.isArray(timeline) ? timeline : (timeline.items ?? [])).map((e) => e.summary);
      for (const expected of [
        'Concerns procedure opened at stage 2',
        'Concerns procedure escalated from stage 2 to stage 3',
        'Concerns procedure de-escalated from stage 3 to stage 1',
        'Concerns procedure meeting with the council, the provider, CQC, health and other placing councils',
        'Concerns procedure closed at stage 1',
      ]) {
        assert.ok(lines.includes(expected), `${expected} in ${JSON.stringify(lines)}`);
      }
    });

    test('validation: problem documents name each field', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const bad = await commissioner.post(api.serviceConcerns(w.elmId), { stage: 7, reason: '' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), ['reason', 'stage']);
      const future = await commissioner.post(api.serviceSuspensions(w.elmId), { scope: 'full', reason: 'x', startsOn: '2999-01-01' });
      assert.equal(future.statusCode, 400);
      const noEvidence = await commissioner.post(api.serviceSuspensions(w.elmId), { scope: 'whole', reason: 'x', startsOn: '2026-01-01' });
      assert.deepEqual((noEvidence.json() as { errors: { path: string }[] }).errors.map((e) => e.path), ['scope']);
    });

    test('suspensions (seed 004): start, partial lift, reinstate, lift only with evidence; the group page shows every suspended service', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const first = await commissioner.post(api.serviceSuspensions(w.oakLodgeId), { scope: 'full', reason: 'Several safeguarding concerns', startsOn: '2026-01-05', reviewOn: '2026-03-05' });
      assert.equal(first.statusCode, 201, first.body);
      const id = (first.json() as { id: string }).id;
      const second = await commissioner.post(api.serviceSuspensions(w.groupHomeId), { scope: 'partial', detail: 'Nursing beds only', reason: 'Nursing cover', startsOn: '2026-01-06' });
      assert.equal(second.statusCode, 201);
      assert.equal((await commissioner.post(api.serviceSuspensions(w.oakLodgeId), { scope: 'full', reason: 'x', startsOn: '2026-01-07' })).statusCode, 409, 'already suspended');
      const withoutEvidence = await commissioner.post(api.lift(id), { liftedOn: '2026-02-01', evidence: '' });
      assert.equal(withoutEvidence.statusCode, 400);
      assert.deepEqual((withoutEvidence.json() as { errors: { path: string }[] }).errors.map((e) => e.path), ['evidence']);
      const partly = await commissioner.post(api.lift(id), { liftedOn: '2026-02-01', evidence: 'Improvement plan complete', partial: true });
      assert.equal(partly.statusCode, 200, partly.body);
      assert.deepEqual((({ scope, status, scopeSince }) => ({ scope, status, scopeSince }))(partly.json() as { scope: string; status: string; scopeSince: string }), {
        scope: 'partial',
        status: 'active',
        scopeSince: '2026-02-01',
      });
      const reinstated = await commissioner.post(api.reinstate(id), { reinstatedOn: '2026-03-01', reason: 'Assessed as poor at the next visit' });
      assert.equal(reinstated.statusCode, 200, reinstated.body);
      const s = reinstated.json() as { scope: string; history: { kind: string; reason: string }[] };
      assert.equal(s.scope, 'full');
      assert.deepEqual(s.history.map((h) => h.kind), ['started', 'partially_lifted', 'reinstated']);
      assert.equal(s.history[1]!.reason, 'Improvement plan complete', 'the evidence is recorded');
      const group = await commissioner.get(api.groupSuspensions(w.groupId));
      assert.deepEqual(((group.json() as { items: { service: { name: string } }[] }).items.map((i) => i.service.name)).sort(), ['Oak Lodge', 'Oakleaf Court']);
      const page = await (await signedIn(w.north.officer)).get(paths.escalation.groupSuspensions(w.groupId));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /In force: 2 services/);
      assert.match(page.body, /Oak Lodge/);
      assert.match(page.body, /In force in part: Nursing beds only/);
    });

    test('contractual processes (seed 000): Remedies for Poor Performance and Failure to Perform', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const started = await commissioner.post(api.serviceProcesses(w.elmId), { kind: 'failure_to_perform', reason: 'Missed calls', startedOn: '2026-01-02' });
      assert.equal(started.statusCode, 201, started.body);
      const { id } = started.json() as { id: string };
      assert.equal((await commissioner.post(api.serviceProcesses(w.elmId), { kind: 'failure_to_perform', reason: 'x', startedOn: '2026-01-03' })).statusCode, 409);
      assert.equal((await commissioner.post(api.serviceProcesses(w.elmId), { kind: 'remedies_for_poor_performance', reason: 'x', startedOn: '2026-01-03' })).statusCode, 201);
      const ended = await commissioner.post(api.endProcess(id), { endedOn: '2026-02-01', outcome: 'Plan met' });
      assert.deepEqual((({ status, endedOn }) => ({ status, endedOn }))(ended.json() as { status: string; endedOn: string }), { status: 'ended', endedOn: '2026-02-01' });
    });

    test('roles and councils: officers record but do not decide; other councils, placers, providers and partners get nothing', async () => {
      const opened = await apiClient(app, w.north.commissioner.apiToken).post(api.serviceConcerns(w.elmId), { stage: 1, reason: 'Complaints' });
      assert.equal(opened.statusCode, 201, opened.body);
      const caseId = (opened.json() as { id: string }).id;
      const officer = apiClient(app, w.north.officer.apiToken);
      assert.equal((await officer.post(api.serviceSuspensions(w.elmId), { scope: 'full', reason: 'x', startsOn: '2026-01-01' })).statusCode, 403);
      assert.equal((await officer.post(api.escalate(caseId), { stage: 2, reason: 'x' })).statusCode, 403);
      assert.equal((await officer.post(api.decisions(caseId), { decidedOn: '2026-01-02', decision: 'Visit weekly' })).statusCode, 201);
      for (const [who, token] of [
        ['placer', w.north.placer.apiToken],
        ['provider', w.providerUser.apiToken],
        ['partner', w.healthwatch.apiToken],
      ] as const) {
        const client = apiClient(app, token);
        assert.equal((await client.get(api.case(caseId))).statusCode, 403, who);
        assert.equal((await client.post(api.serviceConcerns(w.elmId), { stage: 1, reason: 'x' })).statusCode, 403, who);
      }
      const otherCommissioner = apiClient(app, w.west.commissioner.apiToken);
      assert.equal((await otherCommissioner.get(api.case(caseId))).statusCode, 404, 'another council cannot know it exists');
      assert.equal((await otherCommissioner.post(api.serviceConcerns(w.elmId), { stage: 1, reason: 'x' })).statusCode, 404);
      assert.equal((await otherCommissioner.post(api.serviceSuspensions(w.elmId), { scope: 'full', reason: 'x', startsOn: '2026-01-01' })).statusCode, 404);
      assert.equal((await otherCommissioner.post(api.escalate(caseId), { stage: 2, reason: 'x' })).statusCode, 404);
      const westPage = await signedIn(w.west.commissioner);
      assert.equal((await westPage.get(paths.escalation.case(caseId))).statusCode, 404);
      assert.equal((await westPage.get(paths.escalation.forService(w.elmId))).statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: api.case(caseId) })).statusCode, 401);
      await apiClient(app, w.north.commissioner.apiToken).post(api.close(caseId), { reason: 'Resolved' });
    });

    test('pages: open a case with evidence from the timeline, escalate, record a meeting, lift only with confirmed evidence', async () => {
      await addIntelligence(store, w.north.org.id, w.groupHomeId, w.north.officer.actor.userId, 'open');
      const commissioner = await signedIn(w.north.commissioner);
      const form = await commissioner.get(paths.escalation.openCase(w.groupHomeId));
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Evidence from the service’s timeline/);
      const evidence = /name="evidence" type="checkbox" value="([^"]+)"/.exec(form.body)?.[1];
      assert.ok(evidence, 'the intelligence entry is offered');
      const invalid = await commissioner.post(paths.escalation.openCase(w.groupHomeId), { reason: '' }, { from: paths.escalation.openCase(w.groupHomeId) });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /<title>Error: Open the concerns procedure/);
      assert.match(invalid.body, /govuk-error-summary/);
      const [y, m, d] = today().split('-');
      const opened = await commissioner.post(
        paths.escalation.openCase(w.groupHomeId),
        { stage: '2', reason: 'Unexplained injuries', 'openedOn-day': String(Number(d)), 'openedOn-month': String(Number(m)), 'openedOn-year': y!, evidence: evidence.replace(/&#124;|&#x7C;/g, '|') },
        { from: paths.escalation.openCase(w.groupHomeId) },
      );
      assert.equal(opened.statusCode, 303, opened.body);
      const casePath = (opened.headers.location as string).split('?')[0]!;
      const page = await commissioner.get(opened.headers.location as string);
      assert.match(page.body, /Concerns procedure opened/);
      assert.match(page.body, /Unexplained injuries/);
      assert.match(page.body, /Mrs Jones was found with unexplained bruising/, 'the linked evidence, inside the council');
      const escalated = await commissioner.post(`${casePath}/escalate`, { stage: '3', reason: 'Section 42 opened', 'on-day': String(Number(d)), 'on-month': String(Number(m)), 'on-year': y! }, { from: `${casePath}/escalate` });
      assert.equal(escalated.statusCode, 303, escalated.body);
      const meeting = await commissioner.post(
        `${casePath}/meetings/new`,
        { 'heldOn-day': String(Number(d)), 'heldOn-month': String(Number(m)), 'heldOn-year': y!, attendeeName1: 'Ann', attendeeType1: 'council', attendeeName2: 'Cara', attendeeType2: 'cqc', decisions: 'Daily calls\nJoint visit' },
        { from: `${casePath}/meetings/new` },
      );
      assert.equal(meeting.statusCode, 303, meeting.body);
      const after = await commissioner.get(casePath);
      assert.match(after.body, /Meeting on .*, with the council and CQC/);
      assert.match(after.body, /Joint visit/);
      assert.match(after.body, /Open at stage 3/);
      const missingType = await commissioner.post(`${casePath}/meetings/new`, { 'heldOn-day': '1', 'heldOn-month': '1', 'heldOn-year': '2026', attendeeName1: 'Ann' }, { from: `${casePath}/meetings/new` });
      assert.equal(missingType.statusCode, 400);
      assert.match(missingType.body, /Select the attendee’s organisation/);

      const suspended = await commissioner.post(
        paths.escalation.suspend(w.oakHouseId),
        { scope: 'full', reason: 'Harm to a resident', 'startsOn-day': '2', 'startsOn-month': '1', 'startsOn-year': '2026' },
        { from: paths.escalation.suspend(w.oakHouseId) },
      );
      assert.equal(suspended.statusCode, 303, suspended.body);
      const suspensionPath = (suspended.headers.location as string).split('?')[0]!;
      const unconfirmed = await commissioner.post(`${suspensionPath}/lift`, { partial: 'false', evidence: 'Good visit', 'liftedOn-day': '3', 'liftedOn-month': '1', 'liftedOn-year': '2026' }, { from: `${suspensionPath}/lift` });
      assert.equal(unconfirmed.statusCode, 400);
      assert.match(unconfirmed.body, /Confirm that the improvement has been sustained/);
      const lifted = await commissioner.post(
        `${suspensionPath}/lift`,
        { partial: 'false', evidence: 'Three good visits', sustained: 'yes', 'liftedOn-day': '3', 'liftedOn-month': '1', 'liftedOn-year': '2026' },
        { from: `${suspensionPath}/lift` },
      );
      assert.equal(lifted.statusCode, 303, lifted.body);
      assert.match((await commissioner.get(suspensionPath)).body, /Reinstate the suspension/);
      const officer = await signedIn(w.north.officer);
      assert.equal((await officer.get(`${suspensionPath}/lift`)).statusCode, 403, 'officers do not lift suspensions');
      assert.equal((await officer.get(paths.escalation.overview)).statusCode, 200);
    });
  });
}

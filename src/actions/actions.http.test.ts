import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { setClock, today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import type { Store } from '../core/db/database.ts';
import { followUpDueBy } from '../visits/visit.rules.ts';
import { actionPlansService } from './actions.service.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';

type App = Awaited<ReturnType<typeof testApp>>['app'];

interface ApiPlan {
  id: string | null;
  status: string | null;
  actions: { id: string; questionId?: string; domainId: string; description: string; ownerOrg: string; ownerName: string | null; dueOn: string; status: string; overdue: boolean; updates: { id: string; decision: string | null }[] }[];
  followUpVisitDueBy: string | null;
}

// The app runs on the real clock, so the assessments are dated from today.
const TODAY = today();
const VISITED = addDays(TODAY, -2);

for (const database of testDatabases()) {
  describe(`action plans and visits over HTTP (${database.name})`, () => {
    let store: Store;
    let app: App;
    let world: PlanWorld;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      world = await makePlanWorld(store);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const api = (token: string) => apiClient(app, token);
    const planUrl = (assessmentId: string) => `/api/v1/assessments/${assessmentId}/action-plan`;

    async function signedIn(user: { email: string; password: string }) {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    }

    test('the API: the draft as API.md names it, then shared, agreed, reported on and verified; each role only as allowed', async () => {
      const { id, questions } = await world.completedAssessment({ answers: { 1: 'partly_met', 4: 'not_met' }, visitedOn: VISITED });
      const officer = api(world.council.officer.apiToken);

      // Nobody but the council drafts it; the provider does not see a draft.
      assert.equal((await api(world.provider.apiToken).get(planUrl(id))).statusCode, 404);
      assert.equal((await api(world.council.placer.apiToken).get(planUrl(id))).statusCode, 403);
      assert.equal((await api(world.partner.apiToken).get(planUrl(id))).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: planUrl(id) })).statusCode, 401);

      const drafted = await officer.get(planUrl(id));
      assert.equal(drafted.statusCode, 200);
      const plan = drafted.json() as ApiPlan;
      assert.equal(plan.status, 'draft');
      assert.equal(plan.followUpVisitDueBy, followUpDueBy(VISITED));
      assert.deepEqual(
        plan.actions.map((a) => [a.questionId, a.domainId, a.ownerOrg, a.dueOn, a.status, a.overdue]),
        [
          [questions[1]!.id, questions[1]!.domainId, 'provider', addDays(VISITED, 56), 'open', false],
          [questions[4]!.id, questions[4]!.domainId, 'provider', addDays(VISITED, 28), 'open', false],
        ],
      );
      for (const a of plan.actions) {
        assert.deepEqual(Object.keys(a).filter((k) => ['id', 'questionId', 'domainId', 'description', 'ownerOrg', 'dueOn', 'status'].includes(k)).sort(), ['description', 'domainId', 'dueOn', 'id', 'ownerOrg', 'questionId', 'status']);
      }
      assert.equal((await api(world.other.officer.apiToken).get(planUrl(id))).statusCode, 404);

      const notReady = await officer.post(`/api/v1/action-plans/${plan.id}/share`, {});
      assert.equal(notReady.statusCode, 400);
      assert.match(notReady.headers['content-type'] as string, /problem\+json/);
      assert.deepEqual((notReady.json() as { errors: { path: string }[] }).errors.map((e) => e.path), ['actions', 'actions']);

      // Name who is responsible through the pages, as an officer would, then share through the API.
      const page = await signedIn(world.council.officer);
      for (const a of plan.actions) {
        const [y, m, d] = a.dueOn.split('-');
        const saved = await page.post(`/actions/${a.id}/edit`, { domainId: a.domainId, questionId: a.questionId ?? '', description: a.description, ownerOrg: 'provider', ownerName: 'Registered manager', 'dueOn-day': d!, 'dueOn-month': m!, 'dueOn-year': y! });
        assert.equal(saved.statusCode, 303);
      }
      const shared = await officer.post(`/api/v1/action-plans/${plan.id}/share`, {});
      assert.equal(shared.statusCode, 200);
      assert.equal((shared.json() as ApiPlan).status, 'shared');

      assert.equal((await api(world.rival.apiToken).post(`/api/v1/action-plans/${plan.id}/agree`, {})).statusCode, 404);
      assert.equal((await officer.post(`/api/v1/action-plans/${plan.id}/agree`, {})).statusCode, 403);
      const agreed = await api(world.provider.apiToken).post(`/api/v1/action-plans/${plan.id}/agree`, {});
      assert.equal(agreed.statusCode, 200);
      assert.equal((agreed.json() as ApiPlan).status, 'agreed');
      assert.equal((await api(world.provider.apiToken).get(planUrl(id))).statusCode, 200);

      const [first] = plan.actions;
      const bad = await api(world.provider.apiToken).post(`/api/v1/actions/${first!.id}/updates`, { reportedStatus: 'finished' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), ['body', 'reportedStatus']);
      assert.equal((await api(world.rival.apiToken).post(`/api/v1/actions/${first!.id}/updates`, { text: 'x', reportedStatus: 'done' })).statusCode, 404);
      assert.equal((await api(world.council.placer.apiToken).post(`/api/v1/actions/${first!.id}/updates`, { text: 'x', reportedStatus: 'done' })).statusCode, 403);
      const posted = await api(world.provider.apiToken).post(`/api/v1/actions/${first!.id}/updates`, { text: 'Relatives’ views now recorded in every plan.', reportedStatus: 'done' });
      assert.equal(posted.statusCode, 201);
      const update = posted.json() as { id: string; text: string; decision: string | null; actionStatus: string; author: { name: string } };
      assert.deepEqual([update.text, update.decision, update.actionStatus, update.author.name], ['Relatives’ views now recorded in every plan.', null, 'done', 'Pat Provider']);

      assert.equal((await api(world.provider.apiToken).post(`/api/v1/action-updates/${update.id}/verify`, {})).statusCode, 403);
      const noReason = await officer.post(`/api/v1/action-updates/${update.id}/reject`, {});
      assert.equal(noReason.statusCode, 400);
      const verified = await officer.post(`/api/v1/action-updates/${update.id}/verify`, {});
      assert.equal(verified.statusCode, 200);
      assert.deepEqual([(verified.json() as typeof update).decision, (verified.json() as typeof update).actionStatus], ['verified', 'verified']);
      assert.equal((await officer.post(`/api/v1/action-updates/${update.id}/reject`, { reason: 'Changed my mind' })).statusCode, 409);

      const after = (await officer.get(planUrl(id))).json() as ApiPlan;
      assert.equal(after.status, 'in_progress');
      assert.deepEqual(after.actions.map((a) => a.status), ['verified', 'open']);
    });

    test('completing an assessment drafts its action plan and update visit at once, in the same transaction', async () => {
      const officer = api(world.council.officer.apiToken);
      const created = await officer.post('/api/v1/assessments', { serviceId: world.homeId, frameworkId: world.frameworkId, kind: 'full' });
      assert.equal(created.statusCode, 201);
      const { id } = created.json() as { id: string };
      const drafted = () =>
        store.asSystem(async (tx) => ({
          plans: (await tx.selectFrom('action_plans').select('id').where('assessment_id', '=', id).execute()).length,
          visits: (await tx.selectFrom('visits').select('due_by').where('assessment_id', '=', id).execute()).map((v) => v.due_by),
        }));
      const questions = (await world.assessments.get(world.council.officer.actor, id)).framework.domains.flatMap((d) => d.questions);
      const answers = questions.map((q, i) => ({ questionId: q.id, answer: i === 0 ? 'not_met' : 'met' }));
      assert.equal((await officer.put(`/api/v1/assessments/${id}/answers`, { answers })).statusCode, 200);
      assert.deepEqual(await drafted(), { plans: 0, visits: [] }, 'nothing before completion');
      assert.equal((await officer.post(`/api/v1/assessments/${id}/complete`, { visitedOn: VISITED })).statusCode, 200);
      assert.deepEqual(await drafted(), { plans: 1, visits: [followUpDueBy(VISITED)] }, 'before anyone opens the plan');
      const plan = (await officer.get(planUrl(id))).json() as ApiPlan;
      assert.equal(plan.status, 'draft');
      assert.equal(plan.actions.length, 1);
      assert.deepEqual(await drafted(), { plans: 1, visits: [followUpDueBy(VISITED)] }, 'opening it drafts nothing more');
    });

    test('an assessment with nothing below the standard has no plan and no update visit', async () => {
      const { id } = await world.completedAssessment({ visitedOn: VISITED });
      const response = await api(world.council.officer.apiToken).get(planUrl(id));
      assert.equal(response.statusCode, 200);
      assert.deepEqual((response.json() as ApiPlan).actions, []);
      assert.equal((response.json() as ApiPlan).followUpVisitDueBy, null);
      const page = await signedIn(world.council.officer);
      const noPlan = await page.get(`/assessments/${id}/action-plan`);
      assert.equal(noPlan.statusCode, 200);
      assert.match(noPlan.body, /No action plan needed/);
      const started = await page.post(`/assessments/${id}/action-plan/start`, {}, { from: `/assessments/${id}/action-plan` });
      assert.equal(started.statusCode, 303);
      assert.match(String(started.headers.location), /^\/action-plans\/[0-9a-f-]{36}$/);
    });

    test('the pages: the council edits and shares, the provider agrees and reports, the council verifies or rejects', async () => {
      const { id } = await world.completedAssessment({ answers: { 6: 'not_met' }, visitedOn: VISITED });
      const officer = await signedIn(world.council.officer);
      const opened = await officer.get(`/assessments/${id}/action-plan`);
      assert.equal(opened.statusCode, 303);
      const planPath = String(opened.headers.location);
      const planPage = await officer.get(planPath);
      assert.equal(planPage.statusCode, 200);
      assert.match(planPage.body, /<h1 class="govuk-heading-l">Action plan <strong class="govuk-tag govuk-tag--grey">\s*Draft/);
      assert.match(planPage.body, /Question 2\.1 was not met/);
      assert.match(planPage.body, /Update visit/);
      assert.match(planPage.body, /the provider cannot see it yet/);

      const actionId = /href="\/actions\/([0-9a-f-]{36})\/edit"/.exec(planPage.body)![1]!;
      const invalid = await officer.post(`/actions/${actionId}/edit`, { domainId: '', description: '', ownerOrg: 'provider', ownerName: '', 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2027' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /<title>Error: /);
      assert.match(invalid.body, /govuk-error-summary/);
      assert.match(invalid.body, /href="#dueOn-day"/);
      assert.match(invalid.body, /Enter what must be done/);

      const sharedTooSoon = await officer.post(`${planPath}/share`, {}, { from: planPath });
      assert.equal(sharedTooSoon.statusCode, 400);
      assert.match(sharedTooSoon.body, /Action 1: enter who is responsible for it/);

      const edit = await officer.get(`/actions/${actionId}/edit`);
      const domainId = /<option value="([0-9a-f-]{36})" selected>/.exec(edit.body)![1]!;
      const due = addDays(TODAY, 20).split('-');
      assert.equal(
        (await officer.post(`/actions/${actionId}/edit`, { domainId, questionId: '', description: 'Medicines audit every week for eight weeks.', ownerOrg: 'provider', ownerName: 'Deputy manager', 'dueOn-day': due[2]!, 'dueOn-month': due[1]!, 'dueOn-year': due[0]! })).statusCode,
        303,
      );
      const milestoneDue = addDays(TODAY, 10).split('-');
      assert.equal(
        (await officer.post(`/actions/${actionId}/milestones/new`, { description: 'First four audits done', 'dueOn-day': milestoneDue[2]!, 'dueOn-month': milestoneDue[1]!, 'dueOn-year': milestoneDue[0]! })).statusCode,
        303,
      );
      assert.equal((await officer.post(`${planPath}/share`, {}, { from: planPath })).statusCode, 303);

      const provider = await signedIn(world.provider);
      const asProvider = await provider.get(planPath);
      assert.equal(asProvider.statusCode, 200);
      assert.match(asProvider.body, /Agree the action plan/);
      assert.doesNotMatch(asProvider.body, /\/visits\//, 'no link to the council’s visits');
      // Reopened once shared: the provider still reads it, and both are told where it stands.
      assert.equal((await officer.post(`${planPath}/reopen`, {}, { from: planPath })).statusCode, 303);
      const reopened = await officer.get(planPath);
      assert.match(reopened.body, /The provider can still read it, and will be asked to agree it again/);
      assert.doesNotMatch(reopened.body, /the provider cannot see it yet/);
      assert.match((await provider.get(planPath)).body, /The council is changing this plan/);
      assert.equal((await officer.post(`${planPath}/share`, {}, { from: planPath })).statusCode, 303);
      const rival = await signedIn(world.rival);
      assert.equal((await rival.get(planPath)).statusCode, 404);
      const placer = await signedIn(world.council.placer);
      assert.equal((await placer.get(planPath)).statusCode, 403);

      assert.equal((await provider.post(`${planPath}/agree`, {}, { from: planPath })).statusCode, 303);
      const actionPage = await provider.get(`/actions/${actionId}`);
      assert.match(actionPage.body, /Report progress/);
      const emptyUpdate = await provider.post(`/actions/${actionId}/updates/new`, { body: '' }, { from: `/actions/${actionId}` });
      assert.equal(emptyUpdate.statusCode, 400);
      assert.match(emptyUpdate.body, /Enter what has been done/);
      const milestoneId = /name="milestonesDone" type="checkbox" value="([0-9a-f-]{36})"/.exec(actionPage.body)![1]!;
      assert.equal(
        (await provider.post(`/actions/${actionId}/updates/new`, { body: 'Four weekly audits done, no gaps found.', reportedStatus: 'in_progress', milestonesDone: milestoneId }, { from: `/actions/${actionId}` })).statusCode,
        303,
      );

      const toVerify = await officer.get(`/actions/${actionId}`);
      assert.match(toVerify.body, /Four weekly audits done, no gaps found\./);
      assert.match(toVerify.body, /Done \d+ \w+ \d{4}/, 'the milestone is ticked off');
      const updateId = /action="\/action-updates\/([0-9a-f-]{36})\/decision"/.exec(toVerify.body)![1]!;
      const rejectBare = await officer.post(`/action-updates/${updateId}/decision`, { decision: 'rejected', actionId }, { from: `/actions/${actionId}` });
      assert.equal(rejectBare.statusCode, 400);
      assert.match(rejectBare.body, new RegExp(`href="#reason-${updateId}"`));
      const rejected = await officer.post(`/action-updates/${updateId}/decision`, { decision: 'rejected', reason: 'Audit sheets not signed.', actionId }, { from: `/actions/${actionId}` });
      assert.equal(rejected.statusCode, 303);
      const seen = await provider.get(`/actions/${actionId}`);
      assert.match(seen.body, /Reason: Audit sheets not signed\./);
      assert.match(seen.body, /Update rejected/);

      const list = await provider.get('/action-plans');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Oakwood House/);
      const due2 = await officer.get('/work/plans-and-visits?scope=all');
      assert.equal(due2.statusCode, 200);
      assert.match(due2.body, /Follow-up or update visit, to arrange/);
      assert.equal((await provider.get('/work/plans-and-visits')).statusCode, 403);
    });

    test('visits over the pages and the API; the service page panel and timeline', async () => {
      // An agreed plan, for the timeline.
      const plans = actionPlansService(store);
      const assessment = await world.completedAssessment({ answers: { 12: 'partly_met' }, visitedOn: VISITED });
      const { plan } = await plans.forAssessment(world.council.officer.actor, assessment.id);
      const [only] = plan!.actions;
      await plans.updateAction(world.council.officer.actor, only!.id, { domainId: only!.domainId, questionId: only!.questionId, description: only!.description, ownerOrg: 'provider', ownerName: 'Manager', dueOn: only!.dueOn });
      await plans.share(world.council.officer.actor, plan!.id);
      await plans.agree(world.provider.actor, plan!.id);

      const officer = await signedIn(world.council.officer);
      const form = await officer.get(`/services/${world.homeId}/visits/new`);
      assert.equal(form.statusCode, 200);
      const past = addDays(TODAY, -1).split('-');
      const refused = await officer.post(`/services/${world.homeId}/visits/new`, { kind: 'joint', 'plannedOn-day': past[2]!, 'plannedOn-month': past[1]!, 'plannedOn-year': past[0]! });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /<title>Error: /);
      assert.match(refused.body, /Select who the joint visit is with/);
      assert.match(refused.body, /The date of the visit must be today or in the future/);
      const next = addDays(TODAY, 7).split('-');
      const planned = await officer.post(`/services/${world.homeId}/visits/new`, { kind: 'joint', jointWith: ['cqc', 'health'], 'plannedOn-day': next[2]!, 'plannedOn-month': next[1]!, 'plannedOn-year': next[0]! });
      assert.equal(planned.statusCode, 303);
      const visitPath = String(planned.headers.location).split('?')[0]!;
      const recorded = await officer.post(`${visitPath}/record`, { 'visitedOn-day': String(Number(TODAY.slice(8))), 'visitedOn-month': TODAY.slice(5, 7), 'visitedOn-year': TODAY.slice(0, 4), outcome: 'Joint visit with the CQC inspector and district nurses.' }, { from: `${visitPath}/record` });
      assert.equal(recorded.statusCode, 303);
      const visitPage = await officer.get(visitPath);
      assert.match(visitPage.body, /Joint visit.*Done/s);

      const officerApi = api(world.council.officer.apiToken);
      const created = await officerApi.post(`/api/v1/services/${world.homeId}/visits`, { kind: 'drop_in', plannedOn: addDays(TODAY, 3) });
      assert.equal(created.statusCode, 201);
      const visit = created.json() as { id: string; state: string; officer: { id: string } };
      assert.equal(visit.state, 'due_soon');
      assert.equal(visit.officer.id, world.council.officer.actor.userId);
      const done = await officerApi.post(`/api/v1/visits/${visit.id}/record`, { visitedOn: TODAY, outcome: 'Unannounced: staffing as planned.' });
      assert.equal((done.json() as { state: string }).state, 'done');
      assert.equal((await api(world.provider.apiToken).get(`/api/v1/services/${world.homeId}/visits`)).statusCode, 403);
      assert.equal((await api(world.partner.apiToken).get(`/api/v1/visits/${visit.id}`)).statusCode, 403);
      assert.equal((await api(world.other.officer.apiToken).get(`/api/v1/visits/${visit.id}`)).statusCode, 404);
      const provider = await signedIn(world.provider);
      assert.equal((await provider.get(`/services/${world.homeId}/visits`)).statusCode, 403);

      const servicePage = await officer.get(`/services/${world.homeId}`);
      assert.match(servicePage.body, /Action plans and visits/);
      assert.match(servicePage.body, /Plan a visit/);
      const providerService = await provider.get(`/services/${world.homeId}`);
      assert.doesNotMatch(providerService.body, /Plan a visit|Drop-in or unannounced/);

      const timeline = await officerApi.get(`/api/v1/services/${world.homeId}/timeline`);
      assert.equal(timeline.statusCode, 200);
      const events = (timeline.json() as { items: { kind: string; summary: string }[] }).items;
      assert.ok(events.some((e) => e.kind === 'visit' && /Drop-in or unannounced visit made by/.test(e.summary)));
      assert.ok(events.some((e) => e.kind === 'action' && /Action plan agreed by the provider/.test(e.summary)));
      const placerTimeline = (await api(world.council.placer.apiToken).get(`/api/v1/services/${world.homeId}/timeline`)).json() as { items: { kind: string }[] };
      assert.ok(placerTimeline.items.every((e) => e.kind !== 'visit' && e.kind !== 'action'));
    });

    test('visits download as CSV: one service’s or the council’s, never another council’s', async () => {
      const officerApi = api(world.council.officer.apiToken);
      const created = await officerApi.post(`/api/v1/services/${world.homeId}/visits`, { kind: 'drop_in', plannedOn: addDays(TODAY, 5), purpose: '=cmd|calc' });
      assert.equal(created.statusCode, 201, created.body);
      const officer = await signedIn(world.council.officer);
      const page = await officer.get(`/services/${world.homeId}/visits`);
      assert.match(page.body, new RegExp(`href="/visits.csv\\?serviceId=${world.homeId}" download>Download these visits \\(CSV\\)`));
      const csv = await officer.get(`/visits.csv?serviceId=${world.homeId}`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /filename="visits.csv"/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines[0], 'Service,Provider,Visit,Due by,Planned for,Visited on,Cancelled on,Officer,Status,Purpose,Outcome');
      const stored = await store.asSystem((tx) => tx.selectFrom('visits').select('id').where('service_id', '=', world.homeId).execute());
      assert.equal(lines.length, stored.length + 1);
      assert.ok(lines.some((l) => l.includes(`"'=cmd|calc"`)), 'a purpose a spreadsheet would run is defused');
      const all = (await officer.get('/visits.csv')).body.trimEnd().split('\r\n');
      assert.ok(all.length >= lines.length);
      const other = await signedIn(world.other.officer);
      assert.equal((await other.get(`/visits.csv?serviceId=${world.homeId}`)).statusCode, 404);
      assert.deepEqual((await other.get('/visits.csv')).body.trimEnd().split('\r\n').length, 1);
      assert.equal((await officer.get('/visits.csv?serviceId=nonsense')).statusCode, 404);
      const provider = await signedIn(world.provider);
      assert.equal((await provider.get('/visits.csv')).statusCode, 403);
    });

    test('overdue actions are flagged on the page and in the API once their date has passed', async () => {
      const { id } = await world.completedAssessment({ answers: { 9: 'not_met' }, visitedOn: VISITED });
      const officer = api(world.council.officer.apiToken);
      const plan = (await officer.get(planUrl(id))).json() as ApiPlan;
      // The same app, on a clock a day past the action's target date.
      const later = addDays(plan.actions[0]!.dueOn, 1);
      setClock(later);
      try {
        const seen = await app.inject({ method: 'GET', url: planUrl(id), headers: { authorization: `Bearer ${world.council.officer.apiToken}` } });
        assert.deepEqual((seen.json() as ApiPlan).actions.map((a) => a.overdue), [true]);
        const page = await app.inject({ method: 'GET', url: `/action-plans/${plan.id}`, headers: { authorization: `Bearer ${world.council.officer.apiToken}`, accept: 'text/html' } });
        assert.match(page.body, /<strong class="govuk-tag govuk-tag--red">\s*Overdue/);
      } finally {
        setClock(undefined);
      }
      const onTime = await officer.get(planUrl(id));
      assert.deepEqual((onTime.json() as ApiPlan).actions.map((a) => a.overdue), [false]);
    });

    test('a provider or placing officer is refused for who they are (403), never for what the body says (400)', async () => {
      const someId = randomUUID();
      for (const token of [world.provider.apiToken, world.council.placer.apiToken]) {
        for (const body of [{ reason: 42 }, {}]) {
          assert.equal((await api(token).post(`/api/v1/action-updates/${someId}/reject`, body)).statusCode, 403, JSON.stringify(body));
          assert.equal((await api(token).post(`/api/v1/services/${world.homeId}/visits`, { ...body, kind: 'monthly' })).statusCode, 403);
        }
      }
      const placer = api(world.council.placer.apiToken);
      assert.equal((await placer.post(`/api/v1/actions/${someId}/updates`, { text: '', reportedStatus: 'finished' })).statusCode, 403);
      assert.equal((await placer.post(`/api/v1/action-plans/${someId}/share`, 'not json at all')).statusCode, 403);
    });

    test('the OpenAPI document describes every action plan and visit route', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      for (const [path, method] of [
        ['/api/v1/assessments/{id}/action-plan', 'get'],
        ['/api/v1/action-plans/{id}/share', 'post'],
        ['/api/v1/action-plans/{id}/agree', 'post'],
        ['/api/v1/actions/{id}/updates', 'post'],
        ['/api/v1/action-updates/{id}/verify', 'post'],
        ['/api/v1/action-updates/{id}/reject', 'post'],
        ['/api/v1/services/{id}/visits', 'get'],
        ['/api/v1/services/{id}/visits', 'post'],
        ['/api/v1/visits/{id}', 'get'],
        ['/api/v1/visits/{id}/record', 'post'],
        ['/api/v1/visits/{id}/cancel', 'post'],
      ] as const) {
        assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import type { Store } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { followUpDueBy, VISIT_KIND_LABELS } from '../visits/visit.rules.ts';
import { WORK_LIST_OVERDUE_ROWS } from '../escalation/escalation.extensions.ts';
import { WORK_LIST_DUE_ROWS } from './actions.extensions.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';

type App = Awaited<ReturnType<typeof testApp>>['app'];

// The app runs on the real clock, so assessments are dated from today; a review date in January 2026 has passed
// whatever day the tests run, one in 2199 never has.
const TODAY = today();
const VISITED = addDays(TODAY, -2);
const PAST = '2026-01-20';
const FUTURE = '2199-12-31';
const FOLLOW_UP = VISIT_KIND_LABELS.follow_up;

/** The markup of one section of the work list, or undefined when the page has no such section. */
function section(html: string, id: string): string | undefined {
  const start = html.indexOf(`id="work-${id}"`);
  return start < 0 ? undefined : html.slice(start, html.indexOf('</section>', start));
}

function rows(html: string): string[] {
  return html
    .split('<tr class="govuk-table__row">')
    .slice(1)
    .map((r) => r.split('</tr>')[0]!)
    .filter((r) => !r.includes('govuk-table__header'));
}

for (const database of testDatabases()) {
  describe(`the work list shows what plans, visits and escalation have made due (${database.name})`, () => {
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

    /**
     * A completed assessment below the standard with its plan drafted. The fixture completes it through the
     * assessments service alone, so the plan (and its update visit) is drafted as the officer first opens it.
     */
    async function assessedBelowStandard(serviceId: string) {
      const { id } = await world.completedAssessment({ serviceId, answers: { 1: 'partly_met', 4: 'not_met' }, visitedOn: VISITED });
      const plan = await apiClient(app, world.council.officer.apiToken).get(`/api/v1/assessments/${id}/action-plan`);
      assert.equal(plan.statusCode, 200, plan.body);
    }

    async function workList(user: { email: string; password: string }) {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      const response = await client.get(paths.work);
      assert.equal(response.statusCode, 200, response.body);
      return response.body;
    }

    test('an officer sees the follow-up visit an assessment below the standard made due; another council’s officer does not', async () => {
      const before = section(await workList(world.council.officer), 'plans-and-visits');
      assert.ok(before, 'the section is there for an officer');
      assert.match(before, /Nothing due\./);
      assert.doesNotMatch(before, new RegExp(FOLLOW_UP));

      await assessedBelowStandard(world.homeId);

      const html = await workList(world.council.officer);
      const plans = section(html, 'plans-and-visits');
      assert.ok(plans);
      const visit = rows(plans).find((r) => r.includes(FOLLOW_UP));
      assert.ok(visit, `a row for the follow-up visit in ${plans}`);
      assert.match(visit, /Oakwood House/);
      assert.match(visit, new RegExp(`to arrange, due by ${ukDate(followUpDueBy(VISITED))}`));
      assert.match(visit, /href="\/visits\//);
      assert.ok(rows(plans).some((r) => r.includes('Finish the draft action plan and share it with the provider')));
      assert.match(plans, new RegExp(`href="${paths.actionPlans.due}"`));
      // The risk table still leads the page, the sections follow it.
      assert.ok(html.indexOf('Services you lead and what is due') < html.indexOf('id="work-plans-and-visits"'));

      const other = section(await workList(world.other.officer), 'plans-and-visits');
      assert.ok(other);
      assert.doesNotMatch(other, new RegExp(FOLLOW_UP));
      assert.doesNotMatch(other, /Oakwood House/);
      assert.match(other, /Nothing due\./);
    });

    test('a suspension past its review date appears for the council’s commissioner and officer, never for another council', async () => {
      const commissionerApi = apiClient(app, world.council.commissioner.apiToken);
      const api = paths.escalation.api;
      const late = await commissionerApi.post(api.serviceSuspensions(world.homeId), { scope: 'full', reason: 'Safeguarding', startsOn: '2026-01-05', reviewOn: PAST });
      assert.equal(late.statusCode, 201, late.body);
      const timely = await commissionerApi.post(api.serviceSuspensions(world.elmId), { scope: 'full', reason: 'Staffing', startsOn: '2026-01-05', reviewOn: FUTURE });
      assert.equal(timely.statusCode, 201, timely.body);
      const lateHref = paths.escalation.suspension((late.json() as { id: string }).id);

      for (const user of [world.council.commissioner, world.council.officer]) {
        const escalation = section(await workList(user), 'escalation-overdue');
        assert.ok(escalation, `the escalation section for ${user.email}`);
        assert.match(escalation, /Concerns procedure and suspensions/);
        assert.match(escalation, /1 overdue/);
        const row = rows(escalation).find((r) => r.includes(lateHref));
        assert.ok(row, 'a row for the late suspension');
        assert.match(row, /Oakwood House/);
        assert.match(row, /govuk-tag--red">Review overdue/);
        assert.ok(!escalation.includes('Elm Lodge'), 'a suspension reviewed in time is not listed');
        assert.ok(escalation.includes(`href="${withQuery(paths.escalation.overview, { show: 'overdue' })}"`));
      }

      const other = section(await workList(world.other.officer), 'escalation-overdue');
      assert.ok(other);
      assert.ok(!other.includes(lateHref));
      assert.doesNotMatch(other, /Oakwood House/);
      assert.match(other, /Nothing overdue across the council/);
    });

    test('the escalation section shows the earliest overdue actions and links to all of them', async () => {
      const commissionerApi = apiClient(app, world.council.commissioner.apiToken);
      const api = paths.escalation.api;
      const opened = await commissionerApi.post(api.serviceConcerns(world.elmId), { stage: 2, reason: 'Medication errors', openedOn: '2026-01-05' });
      assert.equal(opened.statusCode, 201, opened.body);
      const caseId = (opened.json() as { id: string }).id;
      const extra = 2;
      // added latest first, so the section's order is its own
      for (let day = 10 + WORK_LIST_OVERDUE_ROWS + extra - 1; day >= 10; day -= 1) {
        const action = await commissionerApi.post(api.actions(caseId), { description: `Overdue action due on day ${day}`, ownerName: 'Elm Lodge manager', ownerOrganisationType: 'provider', dueOn: `2026-01-${day}` });
        assert.equal(action.statusCode, 201, action.body);
      }
      const all = WORK_LIST_OVERDUE_ROWS + extra;
      const escalation = section(await workList(world.council.officer), 'escalation-overdue');
      assert.ok(escalation);
      const actions = escalation.slice(escalation.indexOf('Concerns procedure actions not done by their due date'));
      assert.match(actions, new RegExp(`earliest first: the first ${WORK_LIST_OVERDUE_ROWS} of ${all}<`));
      const shown = rows(actions.slice(0, actions.indexOf('</table>')));
      assert.equal(shown.length, WORK_LIST_OVERDUE_ROWS);
      assert.match(shown[0]!, /Overdue action due on day 10\b/);
      assert.match(shown.at(-1)!, new RegExp(`Overdue action due on day ${10 + WORK_LIST_OVERDUE_ROWS - 1}\\b`));
      assert.ok(!actions.includes(`due on day ${10 + all - 1}`), 'the latest are left to the overview');
      // every overdue item is counted and reachable from the link, not only those shown
      const total = Number(/See all (\d+) overdue/.exec(escalation)?.[1]);
      assert.ok(total >= all, `all ${all} overdue actions counted, said ${total}`);
      assert.ok(escalation.includes(`href="${withQuery(paths.escalation.overview, { show: 'overdue' })}"`));
    });

    test('the section shows the first rows and links to all of them', async () => {
      for (let i = 0; i < WORK_LIST_DUE_ROWS / 2; i += 1) await assessedBelowStandard(world.elmId);
      const plans = section(await workList(world.council.officer), 'plans-and-visits');
      assert.ok(plans);
      assert.equal(rows(plans).length, WORK_LIST_DUE_ROWS);
      const total = Number(/See all (\d+) action plans and visits due/.exec(plans)?.[1]);
      assert.ok(total > WORK_LIST_DUE_ROWS, `more than ${WORK_LIST_DUE_ROWS} due, said ${total}`);
    });

    test('all the plans and visits due: counted, paged, and downloadable as CSV, only this council', async () => {
      const client = new PageClient(app);
      await client.signIn(world.council.officer.email, world.council.officer.password);
      const page = await client.get(withQuery(paths.actionPlans.due, { scope: 'all' }));
      assert.equal(page.statusCode, 200);
      const total = Number(/(?:Showing 1 to \d+ of )?(\d+) items/.exec(page.body)?.[1]);
      assert.ok(total > 0, 'something is due');
      assert.equal(rows(page.body).length, Math.min(total, 50));
      assert.match(page.body, /href="\/work\/plans-and-visits.csv\?scope=all" download>/);
      const csv = await client.get(withQuery(paths.actionPlans.dueCsv, { scope: 'all' }));
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines[0], 'Service,What,Date,Status');
      assert.equal(lines.length, total + 1);
      const other = new PageClient(app);
      await other.signIn(world.other.officer.email, world.other.officer.password);
      const theirs = (await other.get(withQuery(paths.actionPlans.dueCsv, { scope: 'all' }))).body;
      assert.doesNotMatch(theirs, /Oakwood House|Elm/);
    });

    test('a placing officer may not see the work list; nobody signed out either', async () => {
      const placer = new PageClient(app);
      await placer.signIn(world.council.placer.email, world.council.placer.password);
      assert.equal((await placer.get(paths.work)).statusCode, 403);
      const anonymous = await app.inject({ method: 'GET', url: paths.work, headers: { accept: 'text/html' } });
      assert.notEqual(anonymous.statusCode, 200);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerAll, makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import { today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';

type App = Awaited<ReturnType<typeof testApp>>['app'];
type Problem = { status: number; errors?: { path: string; message: string }[] };

/** Completing and publishing with dates in the past (issue 14), through the API and the pages. */
for (const database of testDatabases()) {
  describe(`dates in the past over HTTP (${database.name})`, () => {
    let store: Store;
    let app: App;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;
    let questionIds: string[];

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      world = await makeAssessmentWorld(store);
      const body = (await api(world.council.officer.apiToken).get('/api/v1/frameworks')).json() as { items: { id: string; domains: { questions: { id: string }[] }[] }[] };
      questionIds = body.items.find((f) => f.id === world.careHomesFrameworkId)!.domains.flatMap((d) => d.questions.map((q) => q.id));
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const api = (token: string) => apiClient(app, token);

    /** A draft full assessment of the care home with every question answered, visited on the day given. */
    async function answeredDraft(visitedOn: string) {
      const officer = api(world.council.officer.apiToken);
      const created = await officer.post('/api/v1/assessments', { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full', visitedOn });
      assert.equal(created.statusCode, 201);
      const { id } = created.json() as { id: string };
      assert.equal((await officer.put(`/api/v1/assessments/${id}/answers`, answerAll(questionIds, 'met'))).statusCode, 200);
      return id;
    }

    function refusal(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, path: string, message: RegExp) {
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const problem = response.json() as Problem;
      assert.equal(problem.status, 400);
      assert.deepEqual(problem.errors?.map((e) => e.path), [path]);
      assert.match(problem.errors![0]!.message, message);
    }

    async function auditedDates(id: string) {
      const rows = await store.asSystem((tx) =>
        tx.selectFrom('audit_events').select(['after']).where('table_name', '=', 'assessments').where('record_id', '=', id).orderBy('id').execute(),
      );
      return rows.map((r) => r.after as { status: string; completed_on_entered: boolean; published_on_entered: boolean; completed_on: string; published_on: string | null });
    }

    test('the API completes and publishes on days in the past; the window runs from the day entered; the audit trail says the dates were entered', async () => {
      const id = await answeredDraft('2018-03-01');
      const completed = await api(world.council.officer.apiToken).post(`/api/v1/assessments/${id}/complete`, { completedOn: '2018-03-08' });
      assert.equal(completed.statusCode, 200);
      const c = completed.json() as { status: string; completedOn: string; reviewEndsOn: string };
      assert.deepEqual([c.status, c.completedOn, c.reviewEndsOn], ['completed', '2018-03-08', '2018-03-22']);

      const published = await api(world.council.commissioner.apiToken).post(`/api/v1/assessments/${id}/publish`, { publishedOn: '2018-03-30' });
      assert.equal(published.statusCode, 200);
      assert.equal((published.json() as { publishedOn: string }).publishedOn, '2018-03-30');

      const trail = await auditedDates(id);
      const done = trail.find((t) => t.status === 'completed')!;
      assert.equal(done.completed_on_entered, true);
      const out = trail.find((t) => t.status === 'published')!;
      assert.deepEqual([out.published_on, out.published_on_entered], ['2018-03-30', true]);
      const row = await store.asSystem((tx) => tx.selectFrom('assessments').select(['published_during_review']).where('id', '=', id).executeTakeFirstOrThrow());
      assert.equal(row.published_during_review, false, 'published after the window that ran from the entered completion');
    });

    test('without dates (or with today’s) the clock’s day is used and nothing is marked as entered', async () => {
      const id = await answeredDraft(addDays(today(), -3));
      assert.equal((await api(world.council.officer.apiToken).post(`/api/v1/assessments/${id}/complete`, { completedOn: today() })).statusCode, 200);
      const published = await api(world.council.commissioner.apiToken).post(`/api/v1/assessments/${id}/publish`, {});
      assert.equal(published.statusCode, 200);
      assert.equal((published.json() as { publishedOn: string }).publishedOn, today());
      const out = (await auditedDates(id)).find((t) => t.status === 'published')!;
      assert.deepEqual([out.completed_on_entered, out.published_on_entered], [false, false]);
    });

    test('each refusal is a problem document naming the date, and changes nothing', async () => {
      const officer = api(world.council.officer.apiToken);
      const commissioner = api(world.council.commissioner.apiToken);
      const id = await answeredDraft('2018-03-01');
      refusal(await officer.post(`/api/v1/assessments/${id}/complete`, { completedOn: addDays(today(), 1) }), 'completedOn', /must be today or in the past/);
      refusal(await officer.post(`/api/v1/assessments/${id}/complete`, { completedOn: '2018-02-28' }), 'completedOn', /same as or after the date of the visit \(1 March 2018\)/);
      refusal(await officer.post(`/api/v1/assessments/${id}/complete`, { completedOn: '2018-02-30' }), 'completedOn', /must be a real date/);
      assert.equal((await officer.get(`/api/v1/assessments/${id}`)).json<{ status: string }>().status, 'draft');

      assert.equal((await officer.post(`/api/v1/assessments/${id}/complete`, { completedOn: '2018-03-08' })).statusCode, 200);
      refusal(await commissioner.post(`/api/v1/assessments/${id}/publish`, { publishedOn: '2018-03-07' }), 'publishedOn', /same as or after the date the assessment was completed \(8 March 2018\)/);
      refusal(await commissioner.post(`/api/v1/assessments/${id}/publish`, { publishedOn: addDays(today(), 1) }), 'publishedOn', /must be today or in the past/);
      refusal(await commissioner.post(`/api/v1/assessments/${id}/publish`, { publishedOn: 'last week' }), 'publishedOn', /must be a real date/);
      assert.equal((await officer.get(`/api/v1/assessments/${id}`)).json<{ status: string }>().status, 'completed');
      assert.equal((await api(world.council.officer.apiToken).post(`/api/v1/assessments/${id}/publish`, { publishedOn: '2018-03-09' })).statusCode, 403, 'an officer does not publish, whatever the date');
    });

    test('the pages: the complete and publish forms offer today, take a past date, and show each refusal in the error summary', async () => {
      const id = await answeredDraft('2019-06-03');
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const check = await officer.get(paths.assessments.check(id));
      const [y, m, d] = today().split('-');
      assert.match(check.body, new RegExp(`name="completedOn-day"[^>]*value="${Number(d)}"`));
      assert.match(check.body, new RegExp(`name="completedOn-year"[^>]*value="${y}"`));
      assert.match(check.body, new RegExp(`name="completedOn-month"[^>]*value="${Number(m)}"`));

      const early = await officer.post(paths.assessments.check(id), { 'completedOn-day': '2', 'completedOn-month': '6', 'completedOn-year': '2019' });
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /govuk-error-summary/);
      assert.match(early.body, /href="#completedOn-day"/);
      assert.match(early.body, /The date the assessment was completed must be the same as or after the date of the visit \(3 June 2019\)/);
      assert.match(early.body, /name="completedOn-day"[^>]*value="2"/, 'the date as posted');

      const done = await officer.post(paths.assessments.check(id), { 'completedOn-day': '10', 'completedOn-month': '6', 'completedOn-year': '2019' });
      assert.equal(done.statusCode, 303);

      const commissioner = new PageClient(app);
      await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
      const page = await commissioner.get(`/assessments/${id}`);
      assert.match(page.body, /Date the report was published/);
      assert.match(page.body, new RegExp(`name="publishedOn-year"[^>]*value="${y}"`));
      assert.match(page.body, /10 June 2019/);

      const future = await commissioner.post(`/assessments/${id}/publish`, { 'publishedOn-day': d!, 'publishedOn-month': m!, 'publishedOn-year': String(Number(y) + 1) }, { from: `/assessments/${id}` });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /govuk-error-summary/);
      assert.match(future.body, /The date the report was published must be today or in the past/);
      // Published within the provider's window as it stood that day: that needs saying so.
      const inWindow = await commissioner.post(`/assessments/${id}/publish`, { 'publishedOn-day': '11', 'publishedOn-month': '6', 'publishedOn-year': '2019' }, { from: `/assessments/${id}` });
      assert.equal(inWindow.statusCode, 400);
      assert.match(inWindow.body, /Confirm that you want to publish before the provider’s factual accuracy window ends/);
      const published = await commissioner.post(
        `/assessments/${id}/publish`,
        { 'publishedOn-day': '11', 'publishedOn-month': '6', 'publishedOn-year': '2019', publishEarly: 'yes' },
        { from: `/assessments/${id}` },
      );
      assert.equal(published.statusCode, 303);
      const after = (await api(world.council.officer.apiToken).get(`/api/v1/assessments/${id}`)).json() as { publishedOn: string; completedOn: string };
      assert.deepEqual([after.completedOn, after.publishedOn], ['2019-06-10', '2019-06-11']);
    });
  });
}

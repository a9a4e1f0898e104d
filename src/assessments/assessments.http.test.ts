import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { answerAll, makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { pdfText } from './pdf-text.test-support.ts';

type App = Awaited<ReturnType<typeof testApp>>['app'];

/** The id in a redirect to /assessments/{id}. */
const idFrom = (location: unknown) => /\/assessments\/([0-9a-f-]{36})/.exec(String(location))![1]!;
/** The href of every task in the page's GOV.UK task list. */
const taskLinks = (html: string) => [...html.matchAll(/class="govuk-link govuk-task-list__link" href="([^"]+)"/g)].map((m) => m[1]!);

for (const database of testDatabases()) {
  describe(`assessments over HTTP (${database.name})`, () => {
    let store: Store;
    let app: App;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      world = await makeAssessmentWorld(store);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const api = (token: string) => apiClient(app, token);

    async function questionIds(token: string, frameworkId: string) {
      const body = (await api(token).get('/api/v1/frameworks')).json() as { items: { id: string; domains: { questions: { id: string }[] }[] }[] };
      return body.items.find((f) => f.id === frameworkId)!.domains.flatMap((d) => d.questions.map((q) => q.id));
    }

    /** A full assessment of the care home through the API, completed (and published when asked). */
    async function apiAssessment(
      options: { publish?: boolean; visitedOn?: string; overrides?: (ids: string[]) => Record<string, string>; evidence?: { confidential: string; open: string } } = {},
    ) {
      const officer = api(world.council.officer.apiToken);
      const created = await officer.post('/api/v1/assessments', {
        serviceId: world.careHomeId,
        frameworkId: world.careHomesFrameworkId,
        kind: 'full',
        visitedOn: options.visitedOn ?? '2026-11-02',
      });
      assert.equal(created.statusCode, 201);
      const { id } = created.json() as { id: string };
      const ids = await questionIds(world.council.officer.apiToken, world.careHomesFrameworkId);
      const overrides = options.overrides?.(ids) ?? {};
      const answers = answerAll(ids, 'met', overrides as never).answers.map((a, i) => ({
        ...a,
        ...(options.evidence && i === 0 ? { evidence: options.evidence.confidential, evidenceSource: 'staff', confidential: true } : {}),
        ...(options.evidence && i === 1 ? { evidence: options.evidence.open, evidenceSource: 'records' } : {}),
      }));
      assert.equal((await officer.put(`/api/v1/assessments/${id}/answers`, { answers })).statusCode, 200);
      assert.equal((await officer.post(`/api/v1/assessments/${id}/complete`, {})).statusCode, 200);
      if (options.publish) assert.equal((await api(world.council.commissioner.apiToken).post(`/api/v1/assessments/${id}/publish`, {})).statusCode, 200);
      return { id, ids };
    }

    test('the API: frameworks, start, answers with scores, complete and publish, exactly as API.md', async () => {
      const officer = api(world.council.officer.apiToken);
      const frameworks = (await officer.get('/api/v1/frameworks')).json() as { items: { id: string; scoring: string; domains: { id: string; questions: unknown[] }[] }[] };
      assert.deepEqual(frameworks.items.map((f) => f.scoring).sort(), ['percentage', 'rating']);
      assert.ok(frameworks.items.every((f) => f.domains.length === 5 && f.domains.every((d) => d.questions.length > 0)));

      const created = await officer.post('/api/v1/assessments', { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' });
      assert.equal(created.statusCode, 201);
      const { id, status } = created.json() as { id: string; status: string };
      assert.equal(status, 'draft');
      assert.deepEqual(Object.keys(created.json()).sort(), ['id', 'status']);

      const ids = await questionIds(world.council.officer.apiToken, world.careHomesFrameworkId);
      const saved = await officer.put(`/api/v1/assessments/${id}/answers`, {
        answers: [
          { questionId: ids[0], answer: 'met', evidence: 'Seen in care plans', evidenceSource: 'records' },
          { questionId: ids[1], answer: 'partly_met' },
          { questionId: ids[2], answer: 'not_applicable' },
        ],
      });
      assert.equal(saved.statusCode, 200);
      const body = saved.json() as { scores: { overall: { percent?: number; band: string | null }; domains: { domainId: string; percent?: number; band: string | null }[] } };
      assert.deepEqual(body.scores.overall, { percent: 75, band: 'requires_improvement' });
      assert.equal(body.scores.domains[0]!.percent, 75);
      assert.deepEqual(body.scores.domains[1], { domainId: frameworks.items.find((f) => f.id === world.careHomesFrameworkId)!.domains[1]!.id, name: 'Personalised care and support', band: null });

      const incomplete = await officer.post(`/api/v1/assessments/${id}/complete`, {});
      assert.equal(incomplete.statusCode, 400);
      assert.equal(incomplete.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = incomplete.json() as { errors: { path: string; message: string }[] };
      assert.deepEqual(problem.errors.map((e) => e.path).sort(), ['answers', 'visitedOn']);

      await officer.put(`/api/v1/assessments/${id}/answers`, answerAll(ids, 'met'));
      const completed = await officer.post(`/api/v1/assessments/${id}/complete`, { visitedOn: '2026-11-01' });
      assert.equal(completed.statusCode, 200);
      assert.equal((completed.json() as { status: string }).status, 'completed');

      assert.equal((await officer.post(`/api/v1/assessments/${id}/publish`, {})).statusCode, 403);
      assert.equal((await api(world.council.placer.apiToken).post(`/api/v1/assessments/${id}/publish`, {})).statusCode, 403);
      assert.equal((await api(world.provider.apiToken).post(`/api/v1/assessments/${id}/publish`, {})).statusCode, 403);
      const published = await api(world.council.commissioner.apiToken).post(`/api/v1/assessments/${id}/publish`, {});
      assert.equal(published.statusCode, 200);
      const result = published.json() as { status: string; scores: { overall: { percent: number; band: string } } };
      assert.equal(result.status, 'published');
      assert.deepEqual(result.scores.overall, { percent: 100, band: 'excellent' });
      assert.equal((await api(world.council.commissioner.apiToken).post(`/api/v1/assessments/${id}/publish`, {})).statusCode, 409);
      assert.equal((await officer.put(`/api/v1/assessments/${id}/answers`, answerAll(ids.slice(0, 1), 'not_met'))).statusCode, 409);
    });

    test('the API refuses what a role or organisation may not do', async () => {
      const { id } = await apiAssessment();
      const unauthenticated = await app.inject({ method: 'GET', url: `/api/v1/assessments/${id}` });
      assert.equal(unauthenticated.statusCode, 401);
      assert.equal((await api(world.other.commissioner.apiToken).get(`/api/v1/assessments/${id}`)).statusCode, 404);
      assert.equal((await api(world.rival.apiToken).get(`/api/v1/assessments/${id}`)).statusCode, 404);
      assert.equal((await api(world.council.placer.apiToken).get(`/api/v1/assessments/${id}`)).statusCode, 404, 'not yet published');
      assert.equal((await api(world.partner.apiToken).get(`/api/v1/assessments/${id}`)).statusCode, 403);
      assert.equal((await api(world.partner.apiToken).get('/api/v1/frameworks')).statusCode, 403);
      const placer = await api(world.council.placer.apiToken).post('/api/v1/assessments', { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' });
      assert.equal(placer.statusCode, 403);
      const otherCouncil = await api(world.other.officer.apiToken).post('/api/v1/assessments', { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' });
      assert.equal(otherCouncil.statusCode, 404);
      const rivalSelf = await api(world.rival.apiToken).post('/api/v1/assessments', { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'self' });
      assert.equal(rivalSelf.statusCode, 404);
      const bad = await api(world.council.officer.apiToken).post('/api/v1/assessments', { serviceId: 'x', kind: 'monthly' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), ['frameworkId', 'kind', 'serviceId']);
      assert.equal((await api(world.council.officer.apiToken).get('/api/v1/assessments/not-an-id')).statusCode, 404);

      const asProvider = (await api(world.provider.apiToken).get(`/api/v1/assessments/${id}`)).json() as { status: string; answers: { confidential?: boolean }[] };
      assert.equal(asProvider.status, 'completed');
      assert.ok(asProvider.answers.every((a) => !('confidential' in a)));
    });

    test('another council’s service has no assessments to list: it is not found, as on every route of a service', async () => {
      const url = `/api/v1/services/${world.careHomeId}/assessments`;
      assert.equal((await api(world.council.officer.apiToken).get(url)).statusCode, 200);
      for (const token of [world.other.officer.apiToken, world.other.commissioner.apiToken, world.rival.apiToken]) {
        const response = await api(token).get(url);
        assert.equal(response.statusCode, 404);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
      assert.equal((await api(world.other.officer.apiToken).get(`/api/v1/services/${world.careHomeId}`)).statusCode, 404, 'as its sibling answers');
    });

    test('who may start an assessment is checked before the body: a placing officer is refused (403) whatever it sends', async () => {
      const placer = api(world.council.placer.apiToken);
      for (const body of [{ serviceId: 'x', kind: 'monthly' }, {}, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' }]) {
        assert.equal((await placer.post('/api/v1/assessments', body)).statusCode, 403, JSON.stringify(body));
      }
      assert.equal((await api(world.partner.apiToken).put(`/api/v1/assessments/${world.careHomeId}/answers`, { answers: 'none' })).statusCode, 403);
    });

    test('the public page shows only the current published summary: no evidence, nothing confidential, nothing unpublished', async () => {
      const unknown = await app.inject({ method: 'GET', url: '/public/services/00000000-0000-4000-8000-000000000000', headers: { accept: 'text/html' } });
      assert.equal(unknown.statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: '/public/services/nonsense', headers: { accept: 'text/html' } })).statusCode, 404);
      const none = await app.inject({ method: 'GET', url: `/public/services/${world.homeCareId}`, headers: { accept: 'text/html' } });
      assert.equal(none.statusCode, 200);
      assert.match(none.body, /Oakwood Home Care/);
      assert.match(none.body, /No published assessment/);

      const secret = 'The night manager was named by a whistle-blower';
      const open = 'Care plans were signed by residents';
      await apiAssessment({ publish: true, evidence: { confidential: secret, open }, overrides: (ids) => ({ [ids[3]!]: 'not_met' }) });
      // A later assessment, completed but not published, must not show.
      await apiAssessment({ overrides: (ids) => Object.fromEntries(ids.map((q) => [q, 'not_met'])) });
      const page = await app.inject({ method: 'GET', url: `/public/services/${world.careHomeId}`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Oakwood House/);
      assert.match(page.body, /Oakwood Care Ltd/);
      assert.match(page.body, /Care home for older people/);
      assert.match(page.body, /Northtown/);
      assert.match(page.body, /2 November 2026/);
      assert.match(page.body, /Involvement and information/);
      assert.match(page.body, /Excellent/);
      assert.doesNotMatch(page.body, /Poor/, 'the completed, unpublished assessment is not shown');
      assert.doesNotMatch(page.body, new RegExp(secret));
      assert.doesNotMatch(page.body, new RegExp(open), 'no evidence notes at all');
      assert.doesNotMatch(page.body, /Sign out/);
    });

    test('the web journey: start, task list, a page per domain, check answers, complete, provider review, publish, report and PDF', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const start = await officer.get(`/services/${world.careHomeId}/assessments/new`);
      assert.equal(start.statusCode, 200);
      assert.match(start.body, /Care homes quality framework/);
      assert.doesNotMatch(start.body, /Care at home quality framework/, 'only frameworks that fit the category');
      const badDate = await officer.post(`/services/${world.careHomeId}/assessments/new`, { frameworkId: world.careHomesFrameworkId, 'visitedOn-day': '31', 'visitedOn-month': '2', 'visitedOn-year': '2026' });
      assert.equal(badDate.statusCode, 400);
      assert.match(badDate.body, /<title>Error: /);
      assert.match(badDate.body, /must be a real date/);
      const started = await officer.post(`/services/${world.careHomeId}/assessments/new`, { frameworkId: world.careHomesFrameworkId, 'visitedOn-day': '3', 'visitedOn-month': '11', 'visitedOn-year': '2026' });
      assert.equal(started.statusCode, 303);
      const id = idFrom(started.headers.location);

      const overview = await officer.get(`/assessments/${id}`);
      assert.match(overview.body, /govuk-task-list/);
      assert.equal((overview.body.match(/Not yet started/g) ?? []).length, 5);
      assert.match(overview.body, /Not rated: no answers yet/);
      assert.doesNotMatch(overview.body, new RegExp(`/assessments/${id}/action-plan`), 'a draft has no action plan yet');
      const domainLinks = taskLinks(overview.body);
      assert.equal(domainLinks.length, 5, 'five domains; checking answers cannot start yet');

      const firstDomain = await officer.get(domainLinks[0]!);
      const questionIds = [...new Set([...firstDomain.body.matchAll(/name="answer-([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
      assert.equal(questionIds.length, 6);
      const wrong = await officer.post(domainLinks[0]!, { [`answer-${questionIds[0]}`]: 'good' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Question 1.1: select one of the answers/);
      // Save part of the first domain and return to the task list: progress is kept.
      const partial = await officer.post(domainLinks[0]!, {
        [`answer-${questionIds[0]}`]: 'met',
        [`evidence-${questionIds[0]}`]: 'Residents’ views in every plan sampled',
        [`source-${questionIds[0]}`]: 'records',
        [`answer-${questionIds[1]}`]: 'partly_met',
        [`evidence-${questionIds[1]}`]: 'Named complainant said staff were rude',
        [`confidential-${questionIds[1]}`]: 'yes',
        then: 'return',
      });
      assert.equal(partial.statusCode, 303);
      assert.equal(partial.headers.location, `/assessments/${id}`);
      const progress = await officer.get(`/assessments/${id}`);
      assert.match(progress.body, /In progress/);
      assert.match(progress.body, /2 of 6 questions answered/);

      for (const [index, link] of domainLinks.entries()) {
        const page = await officer.get(link);
        const ids = [...new Set([...page.body.matchAll(/name="answer-([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
        const form: Record<string, string> = { then: 'continue' };
        for (const q of ids) form[`answer-${q}`] = 'met';
        if (index === 0) {
          // The form posts every field of the page, as a browser does with the saved values filled in.
          form[`evidence-${questionIds[0]}`] = 'Residents’ views in every plan sampled';
          form[`source-${questionIds[0]}`] = 'records';
          form[`answer-${questionIds[1]}`] = 'partly_met';
          form[`evidence-${questionIds[1]}`] = 'Named complainant said staff were rude';
          form[`confidential-${questionIds[1]}`] = 'yes';
        }
        const saved = await officer.post(link, form);
        assert.equal(saved.statusCode, 303);
        assert.equal(saved.headers.location, index === 4 ? `/assessments/${id}/check-answers` : domainLinks[index + 1]);
      }
      const check = await officer.get(`/assessments/${id}/check-answers`);
      assert.match(check.body, /Confidential/);
      assert.match(check.body, /Complete and share with the provider/);
      const completed = await officer.post(`/assessments/${id}/check-answers`, {});
      assert.equal(completed.statusCode, 303);
      const shared = await officer.get(`/assessments/${id}`);
      assert.match(shared.body, /Shared with provider/);
      assert.match(shared.body, /can comment on its factual accuracy until/);
      assert.match(shared.body, new RegExp(`<a class="govuk-link" href="/assessments/${id}/action-plan">Action plan</a>`));

      const provider = new PageClient(app);
      await provider.signIn(world.provider.email, world.provider.password);
      const review = await provider.get(`/assessments/${id}`);
      assert.equal(review.statusCode, 200);
      assert.match(review.body, /Confirm the report is factually accurate/);
      assert.doesNotMatch(review.body, /Publish this report/);
      assert.doesNotMatch(review.body, new RegExp(`/assessments/${id}/action-plan`), 'the provider reaches shared plans from its own list');
      const providerReport = await provider.get(`/assessments/${id}/report`);
      assert.match(providerReport.body, /Residents’ views in every plan sampled/);
      assert.doesNotMatch(providerReport.body, /Named complainant/);
      const emptyComment = await provider.post(`/assessments/${id}/comments`, { body: '' }, { from: `/assessments/${id}` });
      assert.equal(emptyComment.statusCode, 400);
      assert.match(emptyComment.body, /Enter your comment/);
      const comment = await provider.post(`/assessments/${id}/comments`, { body: 'The complaints policy was updated in October.' }, { from: `/assessments/${id}` });
      assert.equal(comment.statusCode, 303);
      assert.equal((await provider.get(`/assessments/${id}/domains/${domainLinks[0]!.split('/').pop()}`)).statusCode, 303, 'a provider cannot edit the officer’s answers');

      const rival = new PageClient(app);
      await rival.signIn(world.rival.email, world.rival.password);
      assert.equal((await rival.get(`/assessments/${id}`)).statusCode, 404);
      assert.equal((await rival.get(`/assessments/${id}/report.pdf`)).statusCode, 404);

      const commissioner = new PageClient(app);
      await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
      const withComment = await commissioner.get(`/assessments/${id}`);
      assert.match(withComment.body, /The complaints policy was updated in October\./);
      const early = await commissioner.post(`/assessments/${id}/publish`, {}, { from: `/assessments/${id}` });
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /Confirm that you want to publish before the provider’s factual accuracy window ends/);
      const officerPublish = await officer.post(`/assessments/${id}/publish`, { publishEarly: 'yes' }, { from: `/assessments/${id}` });
      assert.equal(officerPublish.statusCode, 403);
      const published = await commissioner.post(`/assessments/${id}/publish`, { publishEarly: 'yes' }, { from: `/assessments/${id}` });
      assert.equal(published.statusCode, 303);
      const done = await commissioner.get(`/assessments/${id}`);
      assert.match(done.body, /published and locked/);
      assert.match(done.body, /Start a correction/);

      const report = await commissioner.get(`/assessments/${id}/report`);
      assert.equal(report.statusCode, 200);
      assert.match(report.body, /Quality assessment report/);
      assert.doesNotMatch(report.body, /Named complainant/, 'confidential evidence stays out of the report');
      const pdf = await commissioner.get(`/assessments/${id}/report.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = pdfText(pdf.rawPayload).join('\n');
      assert.match(text, /Oakwood House/);
      // 1.2 met in part: 81 of 82 points (34 criteria, seven of them weighted 2) is 98.8%, excellent.
      assert.match(text, /Overall result/);
      assert.match(text, /Excellent \(98%\)/);
      assert.doesNotMatch(text, /Named complainant/);

      const correction = await officer.post(`/assessments/${id}/correct`, { reason: '' }, { from: `/assessments/${id}/correct` });
      assert.equal(correction.statusCode, 400);
      const corrected = await officer.post(`/assessments/${id}/correct`, { reason: 'Question 1.2 was met in full.' }, { from: `/assessments/${id}/correct` });
      assert.equal(corrected.statusCode, 303);
      const correctionPage = await officer.get(String(corrected.headers.location));
      assert.match(correctionPage.body, /version 2/);
      assert.match(correctionPage.body, /Question 1.2 was met in full\./);
    });

    test('a self-assessment by the provider, compared side by side with differences highlighted', async () => {
      const provider = new PageClient(app);
      await provider.signIn(world.provider.email, world.provider.password);
      const start = await provider.get(`/services/${world.homeCareId}/assessments/new`);
      assert.equal(start.statusCode, 200);
      assert.match(start.body, /Start a self-assessment/);
      assert.doesNotMatch(start.body, /Date of the visit/);
      const started = await provider.post(`/services/${world.homeCareId}/assessments/new`, { frameworkId: world.careAtHomeFrameworkId });
      assert.equal(started.statusCode, 303);
      const selfId = idFrom(started.headers.location);
      const ids = await questionIds(world.provider.apiToken, world.careAtHomeFrameworkId);
      assert.equal((await api(world.provider.apiToken).put(`/api/v1/assessments/${selfId}/answers`, answerAll(ids, 'excellent'))).statusCode, 200);
      const check = await provider.get(`/assessments/${selfId}/check-answers`);
      assert.match(check.body, /Submit self-assessment/);
      assert.equal((await provider.post(`/assessments/${selfId}/check-answers`, {})).statusCode, 303);
      assert.equal((await api(world.provider.apiToken).put(`/api/v1/assessments/${selfId}/answers`, answerAll(ids.slice(0, 1), 'good'))).statusCode, 409);
      assert.equal((await api(world.rival.apiToken).get(`/api/v1/assessments/${selfId}`)).statusCode, 404);

      const officer = api(world.council.officer.apiToken);
      const created = await officer.post('/api/v1/assessments', { serviceId: world.homeCareId, frameworkId: world.careAtHomeFrameworkId, kind: 'full', visitedOn: '2026-11-05' });
      const { id } = created.json() as { id: string };
      await officer.put(`/api/v1/assessments/${id}/answers`, answerAll(ids, 'excellent', { [ids[0]!]: 'poor', [ids[1]!]: 'good' }));

      const page = new PageClient(app);
      await page.signIn(world.council.officer.email, world.council.officer.password);
      const compare = await page.get(`/assessments/${id}/compare`);
      assert.equal(compare.statusCode, 200);
      assert.match(compare.body, /<strong>2<\/strong> answers differ/);
      assert.match(compare.body, /the provider rated 1 domain higher than the officer/);
      assert.equal((compare.body.match(/class="govuk-table__row app-compare__differs"/g) ?? []).length, 3, 'two answers and the first domain’s rating');
      assert.match(compare.body, /Provider rated higher/);
    });

    test('the service page panel, the timeline and the service API show assessments', async () => {
      // Visited after every other assessment of the home in these tests, so it is the current one.
      const { id } = await apiAssessment({ publish: true, visitedOn: '2026-11-10', overrides: (ids) => ({ [ids[0]!]: 'not_met', [ids[1]!]: 'not_met', [ids[2]!]: 'not_met', [ids[3]!]: 'not_met', [ids[4]!]: 'not_met', [ids[5]!]: 'not_met', [ids[6]!]: 'not_met' }) });
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const service = await officer.get(`/services/${world.careHomeId}`);
      assert.equal(service.statusCode, 200);
      assert.match(service.body, /Quality assessments/);
      assert.match(service.body, /Start an assessment/);
      assert.match(service.body, new RegExp(`/assessments/${id}`));
      const timeline = (await api(world.council.officer.apiToken).get(`/api/v1/services/${world.careHomeId}/timeline`)).json() as { items: { summary: string }[] };
      // The first seven criteria (weights 1, 1, 1, 1, 2, 1, 1) are not met: 66 of 82 points, 80.5%.
      assert.ok(timeline.items.some((e) => e.summary === 'Assessment published: Good (80%)'), JSON.stringify(timeline.items.map((e) => e.summary)));
      const detail = (await api(world.council.placer.apiToken).get(`/api/v1/services/${world.careHomeId}`)).json() as { assessment: { id: string; overall: { band: string } } };
      assert.equal(detail.assessment.id, id);
      assert.equal(detail.assessment.overall.band, 'good');
    });

    test('the assessments list, filters and the pages around a draft', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const list = await officer.get('/assessments?status=published&kind=full');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Oakwood House/);
      assert.doesNotMatch(list.body, /Oakwood Home Care/, 'the home care assessments in these tests are not published');
      const { id } = (await api(world.council.officer.apiToken).post('/api/v1/assessments', { serviceId: world.homeCareId, frameworkId: world.careAtHomeFrameworkId, kind: 'full' })).json() as { id: string };
      const compare = await officer.get(`/assessments/${id}/compare`);
      assert.equal(compare.statusCode, 200);
      const check = await officer.get(`/assessments/${id}/check-answers`);
      assert.match(check.body, /Not answered/);
      const incomplete = await officer.post(`/assessments/${id}/check-answers`, {});
      assert.equal(incomplete.statusCode, 400);
      assert.match(incomplete.body, /Answer every question before completing/);
      assert.match(incomplete.body, /Enter the date of the visit/);
      assert.equal((await officer.get(`/assessments/${id}/delete`)).statusCode, 200);
      const deleted = await officer.post(`/assessments/${id}/delete`, {});
      assert.equal(deleted.statusCode, 303);
      assert.equal((await officer.get(`/assessments/${id}`)).statusCode, 404);

      const partner = new PageClient(app);
      await partner.signIn(world.partner.email, world.partner.password);
      assert.equal((await partner.get('/assessments')).statusCode, 403);
      const placer = new PageClient(app);
      await placer.signIn(world.council.placer.email, world.council.placer.password);
      assert.equal((await placer.get(`/services/${world.careHomeId}/assessments/new`)).statusCode, 403);
    });

    test('the assessments list sorts by service or date, counts, and downloads as CSV: only this council', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const service = (body: string) => [...body.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/assessments\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
      const page = await officer.get('/assessments');
      const total = Number(/(\d+) assessments?<\/p>|of (\d+) assessments/.exec(page.body)!.slice(1).find(Boolean));
      assert.ok(total >= 2, page.body.slice(page.body.indexOf('<main'), page.body.indexOf('<main') + 1500));
      assert.match(page.body, /aria-sort="descending"><a[^>]+href="\/assessments\?sort=date&amp;order=asc">Date<\/a>/);
      const byService = service((await officer.get('/assessments?sort=service&order=asc')).body);
      assert.deepEqual(byService, [...byService].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
      const reversed = service((await officer.get('/assessments?sort=service&order=desc')).body);
      assert.deepEqual(reversed, [...byService].reverse().sort((x, y) => y.toLowerCase().localeCompare(x.toLowerCase())));

      const csv = await officer.get('/assessments.csv?sort=service');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /filename="assessments.csv"/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines[0], 'Service,Kind,Status,Result,Date,By,Framework');
      assert.equal(lines.length, total + 1);
      assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), byService.map((name) => name.replace(/&#39;/g, "'")));
      const published = (await officer.get('/assessments.csv?status=published')).body.trimEnd().split('\r\n').slice(1);
      assert.ok(published.length > 0 && published.every((l) => /,Published( \(corrected\))?,/.test(l)), published.join('\n'));
      // Another council sees none of these.
      const other = new PageClient(app);
      await other.signIn(world.other.officer.email, world.other.officer.password);
      assert.equal((await other.get('/assessments.csv')).body.trimEnd().split('\r\n').length, 1);
    });

    test('the OpenAPI document describes the assessment endpoints', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      for (const [path, method] of [
        ['/api/v1/frameworks', 'get'],
        ['/api/v1/assessments', 'post'],
        ['/api/v1/assessments/{id}', 'get'],
        ['/api/v1/assessments/{id}/answers', 'put'],
        ['/api/v1/assessments/{id}/complete', 'post'],
        ['/api/v1/assessments/{id}/publish', 'post'],
      ] as const) {
        assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { makeAssessmentWorld } from '../../test/support/assessment-world.ts';

type App = Awaited<ReturnType<typeof testApp>>['app'];

/** The administrators' framework pages: versions, their content, publishing, the review window. */
for (const database of testDatabases()) {
  describe(`frameworks over HTTP (${database.name})`, () => {
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

    test('administrators keep frameworks; nobody else reaches those pages', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      assert.equal((await officer.get('/admin/frameworks')).statusCode, 403);

      const admin = new PageClient(app);
      await admin.signIn(world.other.admin.email, world.other.admin.password);
      const list = await admin.get('/admin/frameworks');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Care homes quality framework/);
      assert.match(list.body, /Care at home quality framework/);
      const frameworkPage = await admin.get(`/admin/frameworks/${world.otherCareHomesFrameworkId}`);
      assert.match(frameworkPage.body, /Create a new version/);
      const draft = await admin.post(`/admin/frameworks/${world.otherCareHomesFrameworkId}/versions`, {}, { from: `/admin/frameworks/${world.otherCareHomesFrameworkId}` });
      assert.equal(draft.statusCode, 303);
      const versionUrl = String(draft.headers.location);
      const editor = await admin.get(versionUrl);
      assert.match(editor.body, /Draft version 2/);
      const questionEdit = /href="(\/admin\/framework-questions\/[0-9a-f-]{36}\/edit)"/.exec(editor.body)![1]!;
      const invalid = await admin.post(questionEdit, { text: '', weight: 'heavy' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /Enter the question/);
      assert.match(invalid.body, /Weight must be a number/);
      assert.equal((await admin.post(questionEdit, { text: 'People shape their own care plans.', guidance: 'Ask them.', weight: '2.5' })).statusCode, 303);
      const settings = await admin.post('/admin/assessment-settings', { factualAccuracyDays: '10' });
      assert.equal(settings.statusCode, 303);
      const published = await admin.post(versionUrl.replace(/$/, '/publish'), {}, { from: versionUrl });
      assert.equal(published.statusCode, 303);
      const frameworks = (await api(world.other.officer.apiToken).get('/api/v1/frameworks')).json() as { items: { id: string; version: number; domains: { questions: { text: string; weight: number }[] }[] }[] };
      const careHomes = frameworks.items.find((f) => f.id === world.otherCareHomesFrameworkId)!;
      assert.equal(careHomes.version, 2);
      assert.ok(careHomes.domains.some((d) => d.questions.some((q) => q.text === 'People shape their own care plans.' && q.weight === 2.5)));
      assert.equal((await admin.get(`${versionUrl}/details`)).statusCode, 409, 'a published version cannot be edited');
    });

    test('an administrator builds a new framework page by page', async () => {
      const admin = new PageClient(app);
      await admin.signIn(world.council.admin.email, world.council.admin.password);
      const form = await admin.get('/admin/frameworks/new');
      assert.equal(form.statusCode, 200);
      const invalid = await admin.post('/admin/frameworks/new', { name: '', requiresImprovementLabel: 'Requires improvement' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /Enter the framework’s name/);
      assert.match(invalid.body, /Select how the framework is scored/);
      assert.match(invalid.body, /Select at least one service category/);
      const created = await admin.post('/admin/frameworks/new', {
        name: 'Day services quality framework',
        scoring: 'rating',
        categories: ['day_services_older_people', 'day_opportunities_adults_with_disabilities'],
        requiresImprovementLabel: 'Requires improvement',
      });
      assert.equal(created.statusCode, 303);
      const versionUrl = String(created.headers.location);
      const versionId = versionUrl.split('/').pop()!;
      assert.equal((await admin.post(`${versionUrl}/domains/new`, { name: 'Activities and wellbeing' })).statusCode, 303);
      let editor = await admin.get(versionUrl);
      const domainId = /\/admin\/framework-domains\/([0-9a-f-]{36})\/standards\/new/.exec(editor.body)![1]!;
      assert.equal((await admin.post(`/admin/framework-domains/${domainId}/standards/new`, { name: 'Meaningful activity' })).statusCode, 303);
      editor = await admin.get(versionUrl);
      const standardId = /\/admin\/framework-standards\/([0-9a-f-]{36})\/questions\/new/.exec(editor.body)![1]!;
      for (const text of ['People choose what they take part in.', 'Activities suit people’s abilities.']) {
        assert.equal((await admin.post(`/admin/framework-standards/${standardId}/questions/new`, { text, weight: '1' })).statusCode, 303);
      }
      editor = await admin.get(versionUrl);
      const secondQuestion = [...new Set([...editor.body.matchAll(/\/admin\/framework-questions\/([0-9a-f-]{36})\/move/g)].map((m) => m[1]!))][1]!;
      assert.equal((await admin.post(`/admin/framework-questions/${secondQuestion}/move`, { direction: 'up' }, { from: versionUrl })).statusCode, 303);
      editor = await admin.get(versionUrl);
      assert.ok(editor.body.indexOf('Activities suit people’s abilities.') < editor.body.indexOf('People choose what they take part in.'));
      assert.equal((await admin.get(`${versionUrl}/details`)).statusCode, 200);
      assert.equal((await admin.post(`${versionUrl}/publish`, {}, { from: versionUrl })).statusCode, 303);
      assert.equal((await admin.get('/admin/assessment-settings')).statusCode, 200);

      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const start = await officer.get(`/services/${world.dayCentreId}/assessments/new`);
      assert.match(start.body, /Day services quality framework/);
      assert.ok(versionId);
    });
  });
}

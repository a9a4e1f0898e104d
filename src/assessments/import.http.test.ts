import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../docs/importing-assessments-sample.csv');

async function upload(_app: FastifyInstance, client: PageClient, file?: { name: string; content: string | Buffer }) {
  return client.upload(paths.assessments.import, {}, file);
}

for (const database of testDatabases()) {
  describe(`the upload page for past results (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      world = await makeAssessmentWorld(store);
      await store.asSystem(async (tx) => {
        for (const [id, cqc] of [[world.careHomeId, '1-000000001'], [world.elmLodgeId, '1-000000002'], [world.homeCareId, '1-000000003']] as const) {
          await tx.updateTable('services').set({ cqc_location_id: cqc }).where('id', '=', id).execute();
        }
      });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const importedCount = () => store.asSystem(async (tx) => (await tx.selectFrom('assessments').select('id').where('imported', '=', true).execute()).length);

    test('only those who may publish see and use it', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      assert.equal((await officer.get(paths.assessments.import)).statusCode, 403);
      assert.doesNotMatch((await officer.get(paths.assessments.list)).body, /Import past results/);
      const commissioner = new PageClient(app);
      await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
      assert.match((await commissioner.get(paths.assessments.list)).body, /href="\/assessments\/import">Import past results/);
      const page = await commissioner.get(paths.assessments.import);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 class="govuk-heading-l">Import past assessment results<\/h1>/);
    });

    test('no file, and a file that is not a table of results, are shown in the GOV.UK error summary', async () => {
      const admin = new PageClient(app);
      await admin.signIn(world.council.admin.email, world.council.admin.password);
      const none = await upload(app, admin);
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /<title>Error: /);
      assert.match(none.body, /govuk-error-summary[\s\S]*href="#file"[^>]*>Select a CSV or XLSX file of past results/);
      // The form's token comes first in the form, never in the address; a forged one is refused before the file is read.
      const form = await admin.get(paths.assessments.import);
      assert.doesNotMatch(form.body, /action="[^"]*_csrf/);
      assert.equal((await admin.upload(paths.assessments.import, {}, { name: 'pamms.csv', content: 'CQC location ID\n' }, { csrf: 'forged' })).statusCode, 400);
      const wrong = await upload(app, admin, { name: 'notes.csv', content: 'Name,Notes\nOakwood,fine\n' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /The selected file cannot be imported: the file has no column for CQC location ID or service ID, visited, published, overall band/);
    });

    test('a file with bad rows lists them by number and imports nothing; the sample then imports, and its results say they were imported', async () => {
      const commissioner = new PageClient(app);
      await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
      const bad = await upload(app, commissioner, {
        name: 'pamms.csv',
        content: 'CQC location ID,Visited,Published,Overall band\n1-000000001,2018-01-05,2018-02-01,Good\n1-999999999,2018-01-05,2018-02-01,Fine\n',
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /The file was not imported/);
      assert.match(bad.body, /1 of the 2 rows in pamms\.csv cannot be imported/);
      assert.match(bad.body, /<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>\s*<td class="govuk-table__cell">no service of this council has the CQC location ID 1-999999999<\/td>/);
      assert.match(bad.body, /the overall band must be Excellent, Good, Requires improvement \(or Adequate\) or Poor, not “Fine”/);
      assert.equal(await importedCount(), 0);

      const done = await upload(app, commissioner, { name: 'importing-assessments-sample.csv', content: readFileSync(SAMPLE) });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Past results imported/);
      assert.match(done.body, /3 results from importing-assessments-sample\.csv/);
      assert.equal(await importedCount(), 3);

      const list = await commissioner.get(`${paths.assessments.list}?status=published`);
      assert.equal((list.body.match(/\(imported\)/g) ?? []).length, 3);
      const id = await store.asSystem(
        async (tx) => (await tx.selectFrom('assessments').select('id').where('service_id', '=', world.careHomeId).where('imported', '=', true).executeTakeFirstOrThrow()).id,
      );
      const viaApi = await apiClient(app, world.council.officer.apiToken).get(`/api/v1/assessments/${id}`);
      const body = viaApi.json() as { imported: boolean; status: string; publishedOn: string; answers: unknown[]; scores: { overall: { band: string } } };
      assert.deepEqual([body.imported, body.status, body.publishedOn, body.answers, body.scores.overall.band], [true, 'published', '2018-03-09', [], 'good']);
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const page = await officer.get(paths.assessments.show(id));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This result was imported from another system/);
      assert.match(page.body, /Imported from[\s\S]*importing-assessments-sample\.csv/);
      assert.match(page.body, /9 March 2018/);
      assert.match(page.body, /Requires improvement/);
      assert.match(page.body, /Imported by[\s\S]*Test commissioner/);
      assert.doesNotMatch(page.body, /Read the full report|Start a correction|\/action-plan"/);
    });
  });
}

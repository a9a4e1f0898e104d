import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { addCqcRating } from '../../test/support/status-world.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import { pdfText } from '../assessments/pdf-text.test-support.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { publishedOn } from './reports.test-support.ts';

/**
 * The quarterly summary through the API and the pages, on a world that recreates seed 000's older people's
 * care homes in Q4 2017/18 (13 good, 15 requiring improvement: 46.4 %) from assessments entered with their
 * real dates, and Q3 before it (2 good, 3 requiring improvement: 40.0 %), so the change is +6.4 points.
 */
const Q4 = '/api/v1/reports/quarterly?year=2017&quarter=4';

for (const database of testDatabases()) {
  describe(`quarterly summary (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;
    let correctedId: string;
    let services: Awaited<ReturnType<typeof testApp>>['services'];
    before(async () => {
      store = await database.open();
      world = await makeAssessmentWorld(store);
      const built = await testApp(store);
      app = built.app;
      services = built.services;
      const people = { officer: world.council.officer.actor, commissioner: world.council.commissioner.actor };
      const homes = [world.careHomeId, world.elmLodgeId];
      const target = (i: number) => ({ serviceId: homes[i % 2]!, frameworkId: world.careHomesFrameworkId });
      const day = (month: string, i: number) => `${month}-${String(1 + (i % 27)).padStart(2, '0')}`;
      let n = 0;
      // Q3 2017/18: October to December 2017.
      for (const band of ['good', 'good', 'requires_improvement', 'requires_improvement', 'requires_improvement'] as const) {
        const d = day('2017-11', n);
        await publishedOn(built.services, people, target(n++), band, { visited: d, published: d });
      }
      // Q4 2017/18: January to March 2018. One visited in December and published in January counts in Q4.
      const q4 = [...Array<'good'>(13).fill('good'), ...Array<'requires_improvement'>(15).fill('requires_improvement')];
      for (const [i, band] of q4.entries()) {
        const month = ['2018-01', '2018-02', '2018-03'][i % 3]!;
        const id = await publishedOn(built.services, people, target(n++), band, i === 0 ? { visited: '2017-12-20', published: '2018-01-05' } : { visited: day(month, i), published: day(month, i) });
        if (i === 1) correctedId = id;
      }
      // Completed in March, published in April: completed in Q4, published in Q1 2018/19.
      await publishedOn(built.services, people, target(n), 'excellent', { visited: '2018-03-28', completed: '2018-03-29', published: '2018-04-03' });
      setClock('2018-04-16');
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    test('the API gives seed 000’s figure for older people’s care homes, and the change from Q3', async () => {
      const response = await apiClient(app, world.council.commissioner.apiToken).get(Q4);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.council.name, 'Northshire County Council');
      assert.deepEqual(body.period, { from: '2018-01-01', to: '2018-03-31' });
      assert.equal(body.label, 'Q4 2017/18');
      assert.equal(body.madeOn, '2018-04-16');
      assert.equal(body.provisional, false);
      assert.equal(body.categories.length, 7);
      const homes = body.categories.find((c: { category: string }) => c.category === 'care_home_older_people');
      assert.deepEqual(homes.assessmentsPublished, { excellent: 0, good: 13, requiresImprovement: 15, poor: 0 });
      assert.equal(homes.percentGoodOrBetter, 46.4);
      assert.equal(homes.changeFromPreviousQuarter, 6.4);
      assert.equal(homes.reportsPublished, 28);
      assert.equal(homes.reportsCompleted, 28, 'the one visited in December was completed then: Q3; the one completed in March counts');
      assert.equal(homes.actionPlansDrafted >= 15, true, 'a plan is drafted for each assessment below standard');
      assert.ok(homes.themes.some((t: { source: string }) => t.source === 'assessment'));
      const homeCare = body.categories.find((c: { category: string }) => c.category === 'home_care');
      assert.deepEqual(homeCare.assessmentsPublished, { excellent: 0, good: 0, requiresImprovement: 0, poor: 0 });
      assert.equal(homeCare.percentGoodOrBetter, null);
      assert.equal(homeCare.changeFromPreviousQuarter, null);
      assert.deepEqual(homeCare.visits, { full: 0, dropIn: 0, support: 0, followUp: 0, joint: 0, relativesSurgery: 0 });

      const one = (await apiClient(app, world.council.officer.apiToken).get(`${Q4}&category=care_home_older_people`)).json();
      assert.deepEqual(one.categories.map((c: { category: string }) => c.category), ['care_home_older_people']);
      const q3 = (await apiClient(app, world.council.officer.apiToken).get('/api/v1/reports/quarterly?year=2017&quarter=3&category=care_home_older_people')).json();
      assert.equal(q3.categories[0].percentGoodOrBetter, 40);
    });

    test('roles and tenancy: another council sees only its own; providers and partners are refused, before the query is looked at', async () => {
      const theirs = (await apiClient(app, world.other.commissioner.apiToken).get(Q4)).json();
      assert.equal(theirs.council.name, 'Southshire County Council');
      assert.ok(theirs.categories.every((c: { reportsPublished: number }) => c.reportsPublished === 0));
      const export_ = await apiClient(app, world.other.commissioner.apiToken).get(`${Q4}&format=xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(export_.rawPayload as unknown as ArrayBuffer);
      assert.equal(workbook.getWorksheet('Summary')!.getRow(2).getCell(3).value, 0, 'their paper counts none of ours');
      for (const user of [world.provider, world.partner, world.council.placer]) {
        assert.equal((await apiClient(app, user.apiToken).get(Q4)).statusCode, 403);
        assert.equal((await apiClient(app, user.apiToken).get('/api/v1/reports/quarterly?year=x&quarter=9')).statusCode, 403);
        assert.equal((await apiClient(app, user.apiToken).get(`${Q4}&format=pdf`)).statusCode, 403);
      }
      assert.equal((await app.inject({ method: 'GET', url: Q4 })).statusCode, 401);
      const bad = await apiClient(app, world.council.officer.apiToken).get('/api/v1/reports/quarterly?year=2017&quarter=5');
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().errors.some((e: { path: string }) => e.path === 'quarter'));
      assert.equal((await apiClient(app, world.council.officer.apiToken).get('/api/v1/reports/quarterly?year=2017')).statusCode, 400);
    });

    test('exports: XLSX read back (numbers as numbers, frozen header), PDF as text, CSV formula-safe; the exempt appendix names services', async () => {
      const api = apiClient(app, world.council.officer.apiToken);
      const xlsx = await api.get(`${Q4}&format=xlsx`);
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-disposition']), /quality-monitoring-summary-q4-2017-18\.xlsx/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const summary = workbook.getWorksheet('Summary')!;
      assert.equal(summary.views[0]?.state, 'frozen');
      const row = summary.getRow(2);
      assert.equal(row.getCell(1).value, 'Care home for older people');
      assert.equal(row.getCell(3).value, 13);
      assert.equal(row.getCell(4).value, 15);
      assert.equal(row.getCell(6).value, 46.4);
      assert.equal(row.getCell(7).value, 6.4);

      const pdf = await api.get(`${Q4}&format=pdf`);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const words = pdfText(pdf.rawPayload).map((t) => t.trim()).join(' ');
      for (const expected of ['Northshire County Council', 'Quality monitoring summary', 'Q4 2017/18: 1 January to 31 March 2018', 'Made on 16 April 2018', '46.4%', 'Page 1 of']) {
        assert.ok(words.includes(expected), `the PDF says ${expected}`);
      }
      assert.ok(!words.includes('Oakwood House') && !words.includes('Elm Lodge'), 'the main paper names no service');

      const csv = await api.get(`${Q4}&format=csv`);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.ok(csv.body.split('\r\n')[1]!.startsWith('Care home for older people,0,13,15,0,46.4,6.4,'));

      const pages = new PageClient(app);
      await pages.signIn(world.council.officer.email, world.council.officer.password);
      const appendix = await pages.get('/reports/quarterly/exempt-appendix?year=2017&quarter=4&format=pdf');
      assert.equal(appendix.statusCode, 200);
      const appendixText = pdfText(appendix.rawPayload).map((t) => t.trim()).join(' ');
      assert.ok(appendixText.includes('Exempt: not for publication'));
      assert.ok(appendixText.includes('Oakwood House') && appendixText.includes('Elm Lodge'), 'below-Good assessments by name');
      const placer = new PageClient(app);
      await placer.signIn(world.council.placer.email, world.council.placer.password);
      assert.equal((await placer.get('/reports/quarterly/exempt-appendix?year=2017&quarter=4&format=pdf')).statusCode, 403);
      const provider = new PageClient(app);
      await provider.signIn(world.provider.email, world.provider.password);
      assert.equal((await provider.get('/reports/quarterly/exempt-appendix?year=2017&quarter=4')).statusCode, 403);
      assert.equal((await provider.get('/reports/quarterly?year=2017&quarter=4&format=csv')).statusCode, 403);
      assert.ok(correctedId);
    });

    test('the Reports start page links the last ended quarter, benchmarking and the dashboards; settings only for who may change them; placers and providers are refused', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const page = await officer.get('/reports');
      assert.equal(page.statusCode, 200);
      // The clock stands at 16 April 2018, so the last quarter that has ended is Q4 2017/18.
      assert.match(page.body, /href="\/reports\/quarterly\?year=2017&amp;quarter=4">Q4 2017\/18 \(1 January to 31 March 2018\)<\/a>/);
      assert.match(page.body, /href="\/reports\/quarterly\/benchmarking\?year=2017&amp;quarter=4"/);
      assert.match(page.body, /href="\/dashboards\/care-homes"/);
      assert.match(page.body, /href="\/dashboards\/performance"/);
      assert.doesNotMatch(page.body, /href="\/dashboards\/settings"/);
      const commissioner = new PageClient(app);
      await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
      assert.match((await commissioner.get('/reports')).body, /href="\/dashboards\/settings"/);
      for (const who of [world.council.placer, world.provider]) {
        const client = new PageClient(app);
        await client.signIn(who.email, who.password);
        assert.equal((await client.get('/reports')).statusCode, 403);
      }
    });

    test('benchmarking: a council that shares its headline figures is shown beside ours, never its records; ours stay ours until we share', async () => {
      const southshire = new PageClient(app);
      await southshire.signIn(world.other.commissioner.email, world.other.commissioner.password);
      const alone = await southshire.get('/reports/quarterly/benchmarking?year=2017&quarter=4');
      assert.equal(alone.statusCode, 200);
      assert.match(alone.body, /No council shares its figures with yours yet/);
      assert.ok(!alone.body.includes('Northshire County Council'));

      await services.sharing.share(world.council.admin.actor, { withOrgId: world.other.org.id, shares: ['reports'] });
      await assert.rejects(services.sharing.share(world.council.admin.actor, { withOrgId: world.partner.actor.orgId, shares: ['reports'] }), /Invalid|another council/);
      const shared = await southshire.get('/reports/quarterly/benchmarking?year=2017&quarter=4');
      assert.match(shared.body, /Northshire County Council/);
      assert.match(shared.body, /46\.4%/);
      assert.ok(!shared.body.includes('Oakwood House') && !shared.body.includes('/assessments/'), 'never the records behind the figures');
      // Sharing is one way: Northshire sees only its own.
      const northshire = new PageClient(app);
      await northshire.signIn(world.council.officer.email, world.council.officer.password);
      const ours = await northshire.get('/reports/quarterly/benchmarking?year=2017&quarter=4');
      assert.ok(!ours.body.includes('Southshire County Council'));
      const provider = new PageClient(app);
      await provider.signIn(world.provider.email, world.provider.password);
      assert.equal((await provider.get('/reports/quarterly/benchmarking?year=2017&quarter=4')).statusCode, 403);
    });

    test('the page: every category, figures linked to the records behind them; the lead team writes the commentary', async () => {
      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const page = await officer.get('/reports/quarterly?year=2017&quarter=4');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Quality monitoring summary: Q4 2017\/18/);
      assert.match(page.body, /1 January to 31 March 2018/);
      assert.match(page.body, /Northshire County Council/);
      assert.equal((page.body.match(/<section aria-labelledby=/g) ?? []).length, 7);
      assert.match(page.body, />46\.4%</);
      assert.match(page.body, /\+6\.4 points/);
      assert.ok(!page.body.includes('Write the commentary'), 'officers do not write it');
      assert.match(page.body, /class="govuk-service-navigation__link" href="\/reports" aria-current="true"/, 'Reports is in the navigation, and current');

      const drill = await officer.get('/reports/quarterly/records?year=2017&quarter=4&category=care_home_older_people&figure=assessmentsPublished');
      assert.equal(drill.statusCode, 200);
      assert.match(drill.body, /Assessments published \(28\)/);
      assert.equal((drill.body.match(/href="\/assessments\/[0-9a-f-]{36}"/g) ?? []).length, 28);
      assert.equal((await officer.post('/reports/quarterly/commentary?year=2017&quarter=4&category=care_home_older_people', { body: 'x' }, { from: '/reports/quarterly?year=2017&quarter=4' })).statusCode, 403);

      const lead = new PageClient(app);
      await lead.signIn(world.council.commissioner.email, world.council.commissioner.password);
      const url = '/reports/quarterly/commentary?year=2017&quarter=4&category=care_home_older_people';
      const form = await lead.get(url);
      assert.equal(form.statusCode, 200);
      const empty = await lead.post(url, { body: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /There is a problem/);
      assert.match(empty.body, /href="#body">Enter the commentary/);
      const saved = await lead.post(url, { body: 'Fewer homes required improvement than in Q3.\n\nTwo providers are under the concerns procedure.' });
      assert.equal(saved.statusCode, 303);
      const shown = await lead.get('/reports/quarterly?year=2017&quarter=4');
      assert.match(shown.body, /Fewer homes required improvement than in Q3\./);
      assert.match(shown.body, /Written by Test commissioner/);
      const api = (await apiClient(app, world.council.officer.apiToken).get(`${Q4}&category=care_home_older_people`)).json();
      assert.equal(api.categories[0].commentary.writtenBy, 'Test commissioner');
      const pdf = await apiClient(app, world.council.officer.apiToken).get(`${Q4}&format=pdf`);
      assert.ok(pdfText(pdf.rawPayload).map((t) => t.trim()).join(' ').includes('Fewer homes required improvement than in Q3.'));
      const audit = await store.asSystem((tx) => tx.selectFrom('audit_events').select(['actor_user_id', 'action']).where('table_name', '=', 'report_commentaries').execute());
      assert.deepEqual(audit, [{ actor_user_id: world.council.commissioner.actor.userId, action: 'insert' }]);

      const other = new PageClient(app);
      await other.signIn(world.other.commissioner.email, world.other.commissioner.password);
      const theirs = await other.get('/reports/quarterly?year=2017&quarter=4');
      assert.ok(!theirs.body.includes('Fewer homes required improvement'), 'another council never sees our commentary');
      assert.ok(!theirs.body.includes('>46.4%<'));
    });

    test('a care home the council does not commission is counted apart: rated Inadequate with a Poor assessment, it lowers no figure, here or in benchmarking', async () => {
      const api = apiClient(app, world.council.officer.apiToken);
      const homesOf = async () => ((await api.get(Q4)).json().categories as { category: string; percentGoodOrBetter: number; notCommissioned: unknown }[]).find((c) => c.category === 'care_home_older_people')!;
      const before = await homesOf();
      assert.deepEqual(before.notCommissioned, { services: 0, byCqcRating: { outstanding: 0, good: 0, requiresImprovement: 0, inadequate: 0, notRated: 0 } });
      const { id: manorId } = await store.asSystem(async (tx) => {
        const { provider_id } = await tx.selectFrom('services').select('provider_id').where('id', '=', world.elmLodgeId).executeTakeFirstOrThrow();
        return tx
          .insertInto('services')
          .values({ council_id: world.council.org.id, provider_id, name: 'Self Funded Manor', category: 'care_home_older_people', postcode: 'NS3 3AA', cqc_location_id: '1-900000001' })
          .returning('id')
          .executeTakeFirstOrThrow();
      });
      // Assessed Poor in February 2018 while the council still commissioned it; CQC rated it Inadequate in January.
      await publishedOn(services, { officer: world.council.officer.actor, commissioner: world.council.commissioner.actor }, { serviceId: manorId, frameworkId: world.careHomesFrameworkId }, 'poor', { visited: '2018-02-10', published: '2018-02-10' });
      await addCqcRating(store, '1-900000001', 'inadequate', '2018-01-20');
      setClock('2018-04-16');
      assert.equal((await homesOf()).percentGoodOrBetter, 44.8, 'commissioned, its Poor assessment counts: 13 of 29');

      await store.asSystem((tx) => tx.updateTable('services').set({ not_commissioned: true }).where('id', '=', manorId).execute());
      const after = await homesOf();
      assert.equal(after.percentGoodOrBetter, 46.4);
      assert.deepEqual({ ...after, notCommissioned: null }, { ...before, notCommissioned: null }, 'every other figure as before');
      assert.deepEqual(after.notCommissioned, { services: 1, byCqcRating: { outstanding: 0, good: 0, requiresImprovement: 0, inadequate: 1, notRated: 0 } });

      const csv = await api.get(`${Q4}&format=csv`);
      assert.match(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]!, /,Services not commissioned \(counted apart\)$/);
      assert.match(csv.body.split('\r\n')[1]!, /^Care home for older people,0,13,15,0,46\.4,6\.4,.*,1$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await api.get(`${Q4}&format=xlsx`)).rawPayload as unknown as ArrayBuffer);
      assert.deepEqual((workbook.getWorksheet('Not commissioned')!.getRow(2).values as ExcelJS.CellValue[]).slice(1), ['Care home for older people', 1, 0, 0, 0, 1, 0]);
      const words = pdfText((await api.get(`${Q4}&format=pdf`)).rawPayload).map((t) => t.trim()).join(' ');
      assert.ok(words.includes('Services the council does not commission'), 'the paper has the line apart');
      assert.ok(!words.includes('Self Funded Manor'), 'and names no service');

      const officer = new PageClient(app);
      await officer.signIn(world.council.officer.email, world.council.officer.password);
      const page = await officer.get('/reports/quarterly?year=2017&quarter=4');
      assert.match(page.body, />46\.4%</);
      assert.match(page.body, /Services you do not commission, Care home for older people/);
      assert.match(page.body, /of which rated Inadequate by CQC<\/th><td class="govuk-table__cell govuk-table__cell--numeric">1</);
      const drill = await officer.get('/reports/quarterly/records?year=2017&quarter=4&category=care_home_older_people&figure=assessmentsPublished');
      assert.match(drill.body, /Assessments published \(28\)/);
      assert.ok(!drill.body.includes('Self Funded Manor'), 'nor among the records behind the figures');

      // Benchmarking (Northshire shares with Southshire since the test above): the same 46.4 %.
      const southshire = new PageClient(app);
      await southshire.signIn(world.other.commissioner.email, world.other.commissioner.password);
      const shared = await southshire.get('/reports/quarterly/benchmarking?year=2017&quarter=4');
      assert.match(shared.body, /46\.4%/);
      assert.ok(!shared.body.includes('44.8%') && !shared.body.includes('Self Funded Manor'));
      // Tenancy: Southshire's own summary counts none of our homes, commissioned or not.
      const theirs = ((await apiClient(app, world.other.commissioner.apiToken).get(Q4)).json().categories as { category: string; notCommissioned: { services: number } }[]).find((c) => c.category === 'care_home_older_people')!;
      assert.equal(theirs.notCommissioned.services, 0);
    });
  });
}

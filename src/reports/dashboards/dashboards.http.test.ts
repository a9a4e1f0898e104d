import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { after, before, describe, test } from 'node:test';
import { TODAY, addNotCommissionedHome, makeDashboardsWorld, type DashboardsWorld } from '../../../test/support/dashboards-world.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../../test/support/http.ts';
import { pdfText } from '../../assessments/pdf-text.test-support.ts';
import { setClock } from '../../core/clock.ts';
import type { Store } from '../../core/db/database.ts';
import { paths } from '../../core/http/paths.ts';

const { careHomes, performance, settings, apiCareHomes, apiPerformance } = paths.dashboards;

/** The text of a page without its tags, spaces squeezed: what a reader sees. */
const seen = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;|’/g, '’')
    .replace(/\s+/g, ' ');

for (const database of testDatabases()) {
  describe(`dashboards over HTTP (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let w: DashboardsWorld;
    let commissioner: PageClient;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeDashboardsWorld(store);
      commissioner = new PageClient(app);
      await commissioner.signIn(w.north.commissioner.email, w.north.commissioner.password);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    test('the care homes page: each section a chart (an image with its figures in words) beside a table of the same figures', async () => {
      const page = await commissioner.get(careHomes);
      assert.equal(page.statusCode, 200);
      const text = seen(page.body);
      assert.match(text, /Care homes dashboard/);
      assert.match(text, /2025\/26: 1 April 2025 to 31 March 2026\. All services\./);
      for (const id of ['chart-cqc', 'chart-risk', 'chart-escalation', 'chart-good-or-better', 'chart-cqc-changes']) {
        assert.match(page.body, new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-title ${id}-desc"`), id);
      }
      assert.match(page.body, /<desc id="chart-escalation-desc">Suspended: 2; In the concerns procedure: 1; Under contract remedies: 1\.<\/desc>/);
      assert.match(text, /Beds in suspended homes 60/);
      assert.match(text, /Q1 2025\/26 1 2 50\.0% 2 3 66\.7%/);
      assert.match(text, /Oak House Good Requires improvement 10 February 2026 Worse/);
      assert.match(page.body, /href="\/dashboards\/care-homes\?format=pdf"/);
    });

    test('filters work as a plain GET form, and a filter not offered shows the form again with the error', async () => {
      const page = await commissioner.get(`${careHomes}?team=North+team&period=2025-q4`);
      assert.equal(page.statusCode, 200);
      const text = seen(page.body);
      assert.match(text, /Q4 2025\/26: 1 January 2026 to 31 March 2026\. Filtered to: team North team\./);
      assert.match(text, /Beds in suspended homes 40/);
      assert.match(page.body, /<option value="North team" selected>North team<\/option>/);
      assert.match(page.body, /href="\/dashboards\/care-homes\?team=North\+team&amp;period=2025-q4&amp;format=xlsx"/);

      const wrong = await commissioner.get(`${careHomes}?category=home_care`);
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /<title>Error: Care homes dashboard/);
      assert.match(wrong.body, /Select a category from the list/);
      const badOfficer = await commissioner.get(`${performance}?leadOfficer=nobody`);
      assert.equal(badOfficer.statusCode, 400);
      assert.match(badOfficer.body, /Select a lead officer from the list/);
    });

    test('the performance page: visits against the target to date, work overdue, days to triage', async () => {
      const page = await commissioner.get(performance);
      assert.equal(page.statusCode, 200);
      const text = seen(page.body);
      assert.match(text, /Visits made per officer \(yearly target 300\)/);
      assert.match(text, /Ann North 3 291 1\.0%/);
      assert.match(text, /Elm View 20 November 2025 120/);
      assert.match(text, /Median days to triage 3/);
      assert.match(page.body, /<desc id="chart-visits-desc">Ann North: 3; Bob South: 1; Test officer: 0\. Target to date: 291\.<\/desc>/);
      assert.match(page.body, /href="\/dashboards\/settings"/);
    });

    test('CSV: one row per figure (section, table, row, column, value)', async () => {
      const csv = await commissioner.get(`${careHomes}?format=csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="care-homes-dashboard-2025-26\.csv"/);
      const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[0], 'Section,Table,Row,Column,Value');
      assert.ok(lines.includes('Services under escalation,Services under escalation,Beds in suspended homes,Number,60'));
      assert.ok(lines.includes('"Percent good or better, last eight quarters",Percent good or better by quarter,Q1 2025/26,Our percent good or better,50'));
    });

    test('XLSX: a sheet per table, numbers as numbers, dates as dates, header frozen', async () => {
      const xlsx = await commissioner.get(`${performance}?format=xlsx`);
      assert.equal(xlsx.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(
        workbook.worksheets.map((s) => s.name),
        ['About', 'Visits', 'Overdue', 'Assessments overdue', 'Triage', 'Triage days'],
      );
      const visits = workbook.getWorksheet('Visits')!;
      assert.equal(visits.views[0]?.state, 'frozen');
      assert.deepEqual((visits.getRow(2).values as ExcelJS.CellValue[]).slice(1), ['Ann North', 3, 291, 1]);
      const overdue = workbook.getWorksheet('Assessments overdue')!;
      assert.ok(overdue.getRow(2).getCell(2).value instanceof Date);
      assert.equal((overdue.getRow(2).getCell(2).value as Date).toISOString().slice(0, 10), '2025-11-20');
    });

    test('PDF: council, title, period, tables, charts in words, page numbers, as text', async () => {
      const pdf = await commissioner.get(`${careHomes}?format=pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = pdfText(pdf.rawPayload)
        .map((t) => t.trim())
        .join(' ');
      for (const expected of ['Northshire County Council', 'Care homes dashboard', '2025/26: 1 April 2025 to 31 March 2026', 'Services by CQC overall rating', 'Beds in suspended homes', 'Oak House', 'Page 1 of']) {
        assert.ok(text.includes(expected), `the PDF says ${expected}`);
      }
    });

    test('the API: figures as JSON, and the same downloads', async () => {
      const api = apiClient(app, w.north.officer.apiToken);
      const res = await api.get(`${apiCareHomes}?period=2025`);
      assert.equal(res.statusCode, 200);
      const body = res.json() as { council: string; period: { from: string }; suspended: { beds: number }; goodOrBetterByQuarter: { quarter: string; ours: unknown; oursPercent: number | null }[] };
      assert.equal(body.council, 'Northshire County Council');
      assert.equal(body.period.from, '2025-04-01');
      assert.equal(body.suspended.beds, 60);
      assert.deepEqual(body.goodOrBetterByQuarter[4], { quarter: 'Q1 2025/26', ours: { count: 1, of: 2 }, oursPercent: 50, cqc: { count: 2, of: 3 }, cqcPercent: 66.7 });
      const perf = (await api.get(`${apiPerformance}?leadOfficer=${w.bob.actor.userId}`)).json() as { visits: { name: string; made: number }[] };
      assert.deepEqual(
        perf.visits.map((v) => [v.name, v.made]),
        [
          ['Ann North', 1],
          ['Bob South', 1],
        ],
      );
      const pdf = await api.get(`${apiPerformance}?format=pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const bad = await api.get(`${apiCareHomes}?format=docx`);
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['content-type']), /problem\+json/);
    });

    test('tenancy and roles: another council sees none of ours; placers, providers, partners and the public are refused', async () => {
      const west = (await apiClient(app, w.west.commissioner.apiToken).get(apiCareHomes)).json() as { services: number; cqcChanges: { name: string }[] };
      assert.equal(west.services, 1);
      assert.deepEqual(
        west.cqcChanges.map((c) => c.name),
        ['Western Rise'],
      );
      const westPage = new PageClient(app);
      await westPage.signIn(w.west.commissioner.email, w.west.commissioner.password);
      const page = await westPage.get(`${performance}?leadOfficer=${w.ann.actor.userId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('Ann North'), 'our officer is neither offered nor counted');
      assert.ok(!seen((await westPage.get(careHomes)).body).includes('Oak House'));

      for (const token of [w.north.placer.apiToken, w.providerUser.apiToken, w.healthwatch.apiToken]) {
        assert.equal((await apiClient(app, token).get(apiCareHomes)).statusCode, 403);
        assert.equal((await apiClient(app, token).get(apiPerformance)).statusCode, 403);
      }
      assert.equal((await app.inject({ method: 'GET', url: apiCareHomes })).statusCode, 401);
      const anonymous = await app.inject({ method: 'GET', url: careHomes, headers: { accept: 'text/html' } });
      assert.ok([302, 303].includes(anonymous.statusCode), `the sign-in page, not the dashboard (${anonymous.statusCode})`);
      const provider = new PageClient(app);
      await provider.signIn(w.providerUser.email, w.providerUser.password);
      assert.equal((await provider.get(careHomes)).statusCode, 403);
      assert.ok(!(await provider.get(paths.home)).body.includes(careHomes), 'no Dashboards link for a provider');
      assert.ok((await commissioner.get(paths.home)).body.includes(`href="${careHomes}"`), 'a Dashboards link for council staff');
    });

    test('the yearly visits target: admins and commissioners change it, with GOV.UK errors; officers cannot', async () => {
      const form = await commissioner.get(settings);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="visitsTarget"[^>]*value="300"/);
      const wrong = await commissioner.post(settings, { visitsTarget: 'lots' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Enter the number of visits each officer should make in a year/);
      assert.match(wrong.body, /value="lots"/);
      assert.equal((await commissioner.post(settings, { visitsTarget: '0' })).statusCode, 400);
      const saved = await commissioner.post(settings, { visitsTarget: '250' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, performance);
      assert.match(seen((await commissioner.get(performance)).body), /Visits made per officer \(yearly target 250\)/);
      assert.equal((await commissioner.post(settings, { visitsTarget: '300' })).statusCode, 303);

      const officer = new PageClient(app);
      await officer.signIn(w.north.officer.email, w.north.officer.password);
      assert.equal((await officer.get(settings)).statusCode, 403);
      assert.ok(!(await officer.get(performance)).body.includes(`href="${settings}"`));
    });

    test('homes the council does not commission: a section of their own on the page, an object in the API, rows and a sheet in the downloads; in no other figure', async () => {
      const api = apiClient(app, w.north.officer.apiToken);
      const before = (await api.get(apiCareHomes)).json() as Record<string, unknown>;
      assert.deepEqual(before.notCommissioned, {
        services: 0,
        beds: 0,
        byCqcRating: [
          { key: 'outstanding', label: 'Outstanding', count: 0 },
          { key: 'good', label: 'Good', count: 0 },
          { key: 'requires_improvement', label: 'Requires improvement', count: 0 },
          { key: 'inadequate', label: 'Inadequate', count: 0 },
          { key: 'not_rated', label: 'Not rated by CQC', count: 0 },
        ],
      });
      await addNotCommissionedHome(store, w);
      const after = (await api.get(apiCareHomes)).json() as Record<string, unknown> & { notCommissioned: { services: number; beds: number; byCqcRating: { key: string; count: number }[] } };
      assert.deepEqual({ ...after, notCommissioned: null }, { ...before, notCommissioned: null }, 'the commissioned figures as they were');
      assert.deepEqual([after.notCommissioned.services, after.notCommissioned.beds], [1, 50]);
      assert.equal(after.notCommissioned.byCqcRating.find((c) => c.key === 'inadequate')!.count, 1);

      const page = await commissioner.get(careHomes);
      const text = seen(page.body);
      assert.match(page.body, /<h2 class="govuk-heading-m" id="not-commissioned-heading">Homes you do not commission<\/h2>/);
      assert.match(text, /4 care homes the council commissions: the figures below count these only\. The 1 the council does not commission/);
      assert.match(text, /Homes not commissioned 1 Beds in homes not commissioned 50/);
      assert.match(page.body, /<desc id="chart-not-commissioned-desc">[^<]*Inadequate: 1;/);
      assert.match(text, /Beds in suspended homes 60/, 'its suspension is not the commissioned market’s');

      const lines = (await commissioner.get(`${careHomes}?format=csv`)).body.split('\r\n');
      assert.ok(lines.includes('Homes you do not commission,"Homes you do not commission (the self-funded market), not counted in the figures above",Beds in homes not commissioned,Number,50'));
      assert.ok(lines.includes('Homes you do not commission,"Homes you do not commission, by CQC overall rating",Inadequate,Homes,1'));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await api.get(`${apiCareHomes}?format=xlsx`)).rawPayload as unknown as ArrayBuffer);
      assert.deepEqual((workbook.getWorksheet('Not commissioned')!.getRow(2).values as ExcelJS.CellValue[]).slice(1), ['Homes not commissioned', 1]);
      const pdf = pdfText((await api.get(`${apiCareHomes}?format=pdf`)).rawPayload).map((t) => t.trim()).join(' ');
      assert.ok(pdf.includes('Homes you do not commission'));

      const west = (await apiClient(app, w.west.commissioner.apiToken).get(apiCareHomes)).json() as { notCommissioned: { services: number } };
      assert.equal(west.notCommissioned.services, 0, 'another council sees none of ours');
    });
  });
}

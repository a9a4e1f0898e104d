import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { makeService, scoresOf } from './risk.test-support.ts';

/** The risk register, the work list and the ratings audit as long lists: pages, sorting, filters and CSV. */

const rowsOf = (body: string) =>
  [...body.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/services\/[^"]+\/risk">([^<]+)<\/a>/g)].map((m) =>
    m[1]!.replace(/&#39;/g, "'"),
  );
const csvLines = (body: string) => body.trimEnd().split('\r\n');

for (const database of testDatabases()) {
  describe(`long lists: register, work list, audit (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let officer: PageClient;
    const names: string[] = [];

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Listshire');
      const b = await makeCouncil(store, 'Elsewhere');
      // 60 services the officer leads (so two pages of 50); one whose name a spreadsheet would run as a formula.
      for (let i = 1; i <= 59; i += 1) names.push(`Home ${String(i).padStart(2, '0')}`);
      names.push('=HYPERLINK("http://evil.example","Click")');
      for (const name of names) await makeService(store, a.org.id, { name, leadOfficerId: a.officer.actor.userId });
      await makeService(store, b.org.id, { name: 'Other council home', leadOfficerId: b.officer.actor.userId });
      // Three rated, with different PRRs: Home 03 highest, then Home 02, then Home 01.
      const api = apiClient(app, a.officer.apiToken);
      const services = await store.asSystem((tx) =>
        tx.selectFrom('services').select(['id', 'name']).where('council_id', '=', a.org.id).execute(),
      );
      const id = (name: string) => services.find((s) => s.name === name)!.id;
      for (const [name, scores] of [
        ['Home 01', { cqc_rating: 1 }],
        ['Home 02', { cqc_rating: 3 }],
        ['Home 03', { cqc_rating: 4, safeguarding: 4 }],
      ] as const) {
        const put = await api.put(`/api/v1/services/${id(name)}/risk`, { scores: scoresOf(scores), rationale: 'Test' });
        assert.equal(put.statusCode, 200, put.body);
      }
      officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('the register pages on the server, 50 to a page, keeping filters and order in its links', async () => {
      const first = await officer.get('/risk-register');
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /60 services, page 1 of 2/);
      const rows = rowsOf(first.body);
      assert.equal(rows.length, 50);
      assert.deepEqual(rows.slice(0, 3), ['Home 03', 'Home 02', 'Home 01'], 'highest PRR first by default');
      assert.match(first.body, /href="\/risk-register\?page=2"/);
      assert.match(first.body, /aria-sort="descending"><a[^>]+href="\/risk-register\?sort=prr&amp;order=asc">PRR<\/a>/);

      const second = await officer.get('/risk-register?page=2');
      assert.equal(rowsOf(second.body).length, 10);
      assert.equal(new Set([...rows, ...rowsOf(second.body)]).size, 60, 'the two pages hold every service once');
      // A page past the end shows the last page; nonsense is page 1.
      assert.deepEqual(rowsOf((await officer.get('/risk-register?page=99')).body), rowsOf(second.body));
      assert.deepEqual(rowsOf((await officer.get('/risk-register?page=abc')).body), rows);
    });

    test('the register sorts by a column with ?sort=&order=, and an unknown column is the default order', async () => {
      const byName = await officer.get('/risk-register?sort=service&order=desc');
      assert.deepEqual(rowsOf(byName.body).slice(0, 2), ['Home 59', 'Home 58']);
      assert.match(byName.body, /aria-sort="descending"><a[^>]+href="\/risk-register\?sort=service&amp;order=asc">Service/);
      assert.match(byName.body, /href="\/risk-register\?sort=service&amp;order=desc&amp;page=2"/, 'pages keep the order');
      const ascending = rowsOf((await officer.get('/risk-register?sort=service&order=asc')).body);
      assert.equal(ascending[0], '=HYPERLINK("http://evil.example","Click")'.replace(/"/g, '&quot;'));
      assert.deepEqual(rowsOf((await officer.get('/risk-register?sort=drop+table&order=sideways')).body).slice(0, 3), [
        'Home 03',
        'Home 02',
        'Home 01',
      ]);
      // Lowest PRR first still puts the unrated last.
      const low = rowsOf((await officer.get('/risk-register?sort=prr&order=asc')).body);
      assert.deepEqual(low.slice(0, 3), ['Home 01', 'Home 02', 'Home 03']);
    });

    test('the register filters with GET parameters, and pages and sorts within the filter', async () => {
      const unrated = await officer.get('/risk-register?band=unrated&sort=service');
      assert.match(unrated.body, /57 services, page 1 of 2/);
      assert.match(unrated.body, /href="\/risk-register\?band=unrated&amp;sort=service&amp;order=asc&amp;page=2"/);
      assert.ok(!rowsOf(unrated.body).includes('Home 01'));
      assert.match(unrated.body, /name="sort" value="service"/, 'the filter form keeps the order');
    });

    test('the register downloads as CSV: every filtered row, formula-safe, only this council', async () => {
      const csv = await officer.get('/risk-register.csv?sort=service');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="risk-register.csv"/);
      const lines = csvLines(csv.body);
      assert.equal(lines[0], 'Service,Provider,Category,PRR,Band,Rated on,Lead officer,Team');
      assert.equal(lines.length, 61, 'all 60 services, not one page');
      assert.ok(lines[1]!.startsWith(`"'=HYPERLINK(""http://evil.example"",""Click"")"`), lines[1]);
      assert.ok(!csv.body.includes('Other council home'));
      const filtered = csvLines((await officer.get('/risk-register.csv?band=unrated')).body);
      assert.equal(filtered.length, 58);
      const page = await officer.get('/risk-register');
      assert.match(page.body, /href="\/risk-register.csv"[^>]*>Download these 60 services \(CSV\)/);
      const placer = new PageClient(app);
      await placer.signIn(a.placer.email, a.placer.password);
      assert.equal((await placer.get('/risk-register.csv')).statusCode, 403);
    });

    test('the work list pages, filters by what is due, sorts, and downloads', async () => {
      const work = await officer.get('/work');
      assert.equal(work.statusCode, 200);
      assert.match(work.body, /Showing 1 to 25 of 60 services/);
      assert.match(work.body, /<strong>57<\/strong> not rated yet/, 'the summary counts everything, not the page');
      assert.match(work.body, /href="\/work\?page=2"/);
      assert.match((await officer.get('/work?page=3')).body, /Showing 51 to 60 of 60 services/);

      const notRated = await officer.get('/work?show=not_rated&sort=service&order=desc');
      assert.match(notRated.body, /Showing 1 to 25 of 57 services/);
      assert.match(notRated.body, /<option value="not_rated" selected>/);
      assert.match(notRated.body, /href="\/work\?show=not_rated&amp;sort=service&amp;order=desc&amp;page=2"/);
      assert.ok(!notRated.body.includes('>Home 01<'));
      assert.ok(notRated.body.indexOf('>Home 59<') < notRated.body.indexOf('>Home 58<'));

      const byRating = await officer.get('/work?sort=prr&order=desc');
      assert.ok(
        byRating.body.indexOf('>Home 03<') < byRating.body.indexOf('>Home 02<') &&
          byRating.body.indexOf('>Home 02<') < byRating.body.indexOf('>Home 01<'),
      );

      const csv = await officer.get('/work.csv?show=not_rated');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /filename="work-list.csv"/);
      const lines = csvLines(csv.body);
      assert.equal(lines.length, 58);
      assert.ok(lines.some((l) => l.startsWith(`"'=HYPERLINK(`)));
      const all = csvLines((await officer.get('/work.csv')).body);
      assert.equal(all.length, 61);
      // In the page's order: not rated yet first (by name), the three rated last.
      assert.ok(all[1]!.startsWith(`"'=HYPERLINK(`), all[1]);
      assert.deepEqual(
        all
          .slice(-3)
          .map((l) => l.split(',')[0])
          .sort(),
        ['Home 01', 'Home 02', 'Home 03'],
      );
    });

    test('the ratings audit pages each long list on its own, keeping the others where they are', async () => {
      const audit = await officer.get('/risk-register/audit');
      assert.equal(audit.statusCode, 200);
      assert.match(audit.body, /Not rated \(57\)/);
      assert.match(audit.body, /Showing 1 to 25 of 57 services/);
      assert.match(audit.body, /aria-label="Pages of services not rated"/);
      assert.match(audit.body, /href="\/risk-register\/audit\?unratedPage=2#unrated"/);
      const third = await officer.get('/risk-register/audit?olderThan=6&unratedPage=3');
      assert.match(third.body, /Showing 51 to 57 of 57 services/);
      assert.match(third.body, /href="\/risk-register\/audit\?olderThan=6&amp;unratedPage=2#unrated"/);
    });

    // Last: it rates a fourth service.
    test('a register page kept between visits shows a new rating on the next visit', async () => {
      const before = rowsOf((await officer.get('/risk-register')).body);
      assert.deepEqual(rowsOf((await officer.get('/risk-register')).body), before, 'nothing written: the same page');
      assert.deepEqual(before.slice(0, 3), ['Home 03', 'Home 02', 'Home 01']);
      const { id } = await store.asSystem((tx) =>
        tx.selectFrom('services').select('id').where('name', '=', 'Home 40').executeTakeFirstOrThrow(),
      );
      const put = await apiClient(app, a.officer.apiToken).put(`/api/v1/services/${id}/risk`, {
        scores: scoresOf({ cqc_rating: 2 }),
        rationale: 'Test',
      });
      assert.equal(put.statusCode, 200, put.body);
      const after = rowsOf((await officer.get('/risk-register')).body);
      assert.ok(after.slice(0, 4).includes('Home 40'), after.slice(0, 4).join(', '));
      assert.match((await officer.get('/risk-register?sort=service&order=asc')).body, /60 services/);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

const text = (s: string) => String(s).replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');
const stringAnswers = (answers: Record<string, unknown>) => Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v === true ? 'yes' : v === false ? 'no' : String(v)]));

for (const database of testDatabases()) {
  describe(`returns pages (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let returnId: string;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeReturnsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    async function signedIn(user: { email: string; password: string }) {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    }

    test('a provider’s home lists each of its services’ overdue returns, and nothing of the council’s records', async () => {
      const page = await (await signedIn(w.provider)).get('/');
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Quarterly returns/);
      assert.match(body, /Oakwood House: Q2 2026\/27 return overdue, it was due by 31 October 2026/);
      assert.match(body, /Oakwood Home Care: Q2 2026\/27 return overdue/);
      assert.doesNotMatch(body, /Oakwood Day Centre: Q2/, 'no return applies to day services');
      assert.doesNotMatch(body, /Elm Lodge/, 'another provider’s service');
      assert.doesNotMatch(body, /to review|Late quarterly returns/, 'the council’s own lines');
    });

    test('the provider fills a return on pages: errors per field, save and come back later, check answers, declaration, send', async () => {
      const client = await signedIn(w.provider);
      const list = await client.get('/returns');
      assert.equal(list.statusCode, 200);
      assert.match(text(list.body), /Oakwood House .*Late .*Start return/);
      const started = await client.post(`/services/${w.careHomeId}/returns/start`, { year: '2026', quarter: '2' }, { from: '/returns' });
      assert.equal(started.statusCode, 303);
      const first = started.headers.location as string;
      returnId = /\/returns\/([0-9a-f-]{36})\/sections\/1$/.exec(first)![1]!;

      const section1 = await client.get(first);
      assert.equal(section1.statusCode, 200);
      assert.match(section1.body, /Staff and vacancies/);
      assert.match(section1.body, /Section 1 of 5/);

      // A wrong value: the page again, with the GOV.UK error summary, the message by the field and what was typed.
      const wrong = await client.post(first, { care_posts_filled: 'twelve', care_posts_vacant: '2', agency_hours_percent: '150', action: 'continue' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /<title>Error: /);
      assert.match(wrong.body, /govuk-error-summary/);
      assert.match(wrong.body, /href="#care_posts_filled">The number of care staff posts filled must be a whole number/);
      assert.match(wrong.body, /The agency hours percentage must be between 0 and 100/);
      assert.match(wrong.body, /value="twelve"/);

      // Save and come back later: blanks allowed; the answers are kept.
      const saved = await client.post(first, { care_posts_filled: '12', care_posts_vacant: '2', agency_hours_percent: '26', action: 'save' });
      assert.equal(saved.statusCode, 303);
      assert.match(saved.headers.location as string, /^\/returns\?saved=/);
      assert.match(text((await client.get(saved.headers.location as string)).body), /Your answers have been saved/);
      assert.match((await client.get(first)).body, /value="26"/);

      // Check answers before everything is answered: the missing ones link to their sections.
      const early = await client.get(`/returns/${returnId}/check`);
      assert.match(early.body, new RegExp(`href="/returns/${returnId}/sections/1#manager_posts_filled">Enter the number of manager posts filled`));

      // Every section, in order.
      const answers = stringAnswers(completeAnswers('care_homes', { agency_hours_percent: 26, registered_manager_in_post: false }));
      let next = first;
      for (let n = 1; n <= 5; n++) {
        const page = await client.get(next);
        const keys = [...page.body.matchAll(/name="([a-z_]+)"/g)].map((m) => m[1]!).filter((k) => k in answers || k === 'nurse_posts_filled');
        const form = Object.fromEntries(keys.filter((k) => k in answers).map((k) => [k, answers[k]!]));
        const posted = await client.post(next, { ...form, action: 'continue' });
        assert.equal(posted.statusCode, 303, `section ${n}: ${text(posted.body).slice(0, 300)}`);
        next = posted.headers.location as string;
      }
      assert.equal(next, `/returns/${returnId}/check`);
      const check = await client.get(next);
      assert.match(text(check.body), /Check your answers before sending your return/);
      assert.match(text(check.body), /Agency hours as a percentage of all hours worked 26%/);

      const undeclared = await client.post(`/returns/${returnId}/submit`, {}, { from: next });
      assert.equal(undeclared.statusCode, 400);
      assert.match(undeclared.body, /Confirm that the information is correct to the best of your knowledge/);

      const sent = await client.post(`/returns/${returnId}/submit`, { declaration: 'confirmed' }, { from: next });
      assert.equal(sent.statusCode, 303);
      const show = await client.get(sent.headers.location as string);
      assert.match(text(show.body), /Return sent to the council/);
      assert.match(text(show.body), /Agency staff worked more than 20% of hours/);
      assert.match(text(show.body), /No registered manager in post/);
      // Once sent, the section pages lead to the return, which cannot change.
      assert.equal((await client.get(first)).headers.location, `/returns/${returnId}`);
    });

    test('the council sees the period overview with late, submitted and flagged returns, and downloads it as CSV', async () => {
      const client = await signedIn(w.council.officer);
      const home = text((await client.get('/')).body);
      assert.match(home, /Quarterly returns for Q2 2026\/27 to review/);
      const page = await client.get('/returns');
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Quarterly returns, Q2 2026\/27/);
      assert.match(body, /Oakwood House .*Submitted .*Agency staff worked more than 20% of hours/);
      assert.match(body, /Elm Lodge .*Late/);
      assert.match(body, /With flagged figures 1/);
      assert.doesNotMatch(body, /South View/);
      const csv = await client.get('/returns.csv?year=2026&quarter=2');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      assert.match(csv.body, /^Service,Provider,Category,Quarter,Due,Status,Submitted on,Flags\r\n/);
      assert.match(csv.body, /Oakwood House,Oakwood Care Ltd,.*,Q2 2026\/27,2026-10-31,Submitted,2026-12-06,Agency staff worked more than 20% of hours; No registered manager in post/);
      assert.match(csv.body, /Elm Lodge,Elm Homes Ltd,.*,Late,,/);
      const xlsx = await client.get('/returns.xlsx?year=2026&quarter=2');
      assert.equal(xlsx.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 7));
      assert.deepEqual(rows[0], ['Service', 'Provider', 'Category', 'Quarter', 'Due', 'Status']);
      assert.ok(rows.some((r) => r[0] === 'Oakwood House' && r[5] === 'Submitted'));
    });

    test('the council queries on the return’s page; the provider amends and sends a new version; the council accepts it', async () => {
      const officer = await signedIn(w.council.officer);
      const page = await officer.get(`/returns/${returnId}`);
      assert.match(page.body, /Accept the return/);
      const empty = await officer.post(`/returns/${returnId}/query`, { message: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter your question for the provider/);
      const asked = await officer.post(`/returns/${returnId}/query`, { message: 'Who is managing the home?' });
      assert.equal(asked.statusCode, 303);
      assert.match(text((await officer.get(asked.headers.location as string)).body), /Question sent to the provider/);

      const provider = await signedIn(w.provider);
      assert.match(text((await provider.get('/')).body), /Oakwood House: the council has a question about your Q2 2026\/27 return/);
      const queried = await provider.get(`/returns/${returnId}`);
      assert.match(text(queried.body), /The council asked .*Who is managing the home\?/);
      const amend = await provider.post(`/services/${w.careHomeId}/returns/start`, { year: '2026', quarter: '2' }, { from: `/returns/${returnId}` });
      const v2 = /\/returns\/([0-9a-f-]{36})\/sections\/1$/.exec(amend.headers.location as string)![1]!;
      assert.notEqual(v2, returnId);
      // The new version starts from what was sent, with the council's question above the answers.
      const amending = await provider.get(`/returns/${v2}/sections/3`);
      assert.match(amending.body, /value="no" checked/);
      assert.match(text(amending.body), /The council asked: Who is managing the home\?/);
      // Until it is sent again, the council sees version 1, queried.
      assert.equal((await officer.get(`/returns/${v2}`)).statusCode, 404);
      const period = (await apiClient(app, w.council.officer.apiToken).get('/api/v1/returns?year=2026&quarter=2')).json().items.find((i: { serviceId: string }) => i.serviceId === w.careHomeId);
      assert.deepEqual([period.status, period.returnId], ['queried', returnId]);
      await provider.post(`/returns/${v2}/sections/3`, { registered_manager_in_post: 'yes', business_continuity_issues: 'no', action: 'continue' });
      const sent = await provider.post(`/returns/${v2}/submit`, { declaration: 'confirmed' }, { from: `/returns/${v2}/check` });
      assert.equal(sent.statusCode, 303);

      const v2page = text((await officer.get(`/returns/${v2}`)).body);
      assert.match(v2page, /version 2/);
      assert.match(v2page, /Version 1 .*Queried/);
      assert.doesNotMatch(v2page, /No registered manager in post/);
      const accepted = await officer.post(`/returns/${v2}/accept`, {}, { from: `/returns/${v2}` });
      assert.equal(accepted.statusCode, 303);
      assert.match(text((await officer.get(accepted.headers.location as string)).body), /Return accepted/);
      // The service page shows the latest return.
      const service = text((await officer.get(`/services/${w.careHomeId}`)).body);
      assert.match(service, /Quarterly return .*Q2 2026\/27 return \(version 2\) Accepted/);
    });

    test('a provider user asks for email reminders on the returns page, and stops them', async () => {
      const client = await signedIn(w.provider);
      const on = await client.post('/returns/reminders', { remind: 'yes' }, { from: '/returns' });
      assert.equal(on.statusCode, 303);
      const page = await client.get(on.headers.location as string);
      assert.match(text(page.body), /You will get email reminders of returns/);
      assert.match(page.body, /name="remind" type="checkbox" value="yes" checked/);
      const off = await client.post('/returns/reminders', {}, { from: '/returns' });
      assert.doesNotMatch((await client.get(off.headers.location as string)).body, /value="yes" checked/);
      const officer = await signedIn(w.council.officer);
      assert.equal((await officer.post('/returns/reminders', { remind: 'yes' }, { from: '/returns' })).statusCode, 403);
    });

    test('tenancy on the pages: another provider, another council and the wrong roles are refused', async () => {
      const rival = await signedIn(w.rival);
      assert.equal((await rival.get(`/returns/${returnId}`)).statusCode, 404);
      assert.doesNotMatch(text((await rival.get('/returns')).body), /Oakwood/);
      const far = await signedIn(w.farProvider);
      assert.equal((await far.get(`/returns/${returnId}`)).statusCode, 404);
      const otherOfficer = await signedIn(w.other.officer);
      assert.equal((await otherOfficer.get(`/returns/${returnId}`)).statusCode, 404);
      assert.doesNotMatch(text((await otherOfficer.get('/returns?year=2026&quarter=2')).body), /Oakwood/);
      const placer = await signedIn(w.council.placer);
      assert.equal((await placer.get('/returns')).statusCode, 403);
      assert.equal((await placer.get(`/returns/${returnId}`)).statusCode, 403);
      const provider = await signedIn(w.provider);
      assert.equal((await provider.get('/returns.csv')).statusCode, 403);
      // A provider cannot decide, and the council cannot fill in for the provider.
      const officer = await signedIn(w.council.officer);
      assert.equal((await officer.post(`/services/${w.homeCareId}/returns/start`, { year: '2026', quarter: '2' }, { from: '/returns' })).statusCode, 403);
      const elm = await apiClient(app, w.rival.apiToken).post(`/api/v1/services/${w.elmLodgeId}/returns`, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') });
      assert.equal((await provider.post(`/returns/${elm.json().id}/accept`, {}, { from: '/returns' })).statusCode, 403);
    });
  });
}

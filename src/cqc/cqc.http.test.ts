import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import { runNextJob } from '../core/jobs/jobs.ts';
import { importPath } from './import-files.ts';
import { directory2025, makeLinkedService, realFile, setCells, tempDir, toCsv, writeFile } from './cqc.test-support.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/api/${name}.json`, import.meta.url), 'utf8')) as unknown;

/** A multipart form as a browser sends it, with the CSRF token among the fields. */
function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer }) {
  const boundary = '----cqc-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** PageClient posts url-encoded forms only; a multipart post needs its cookies. */
const cookiesOf = (client: PageClient) => (client as unknown as { cookieHeader(): string }).cookieHeader();

/** Runs the queued import jobs, as a server's job runner would. */
let runJobs: () => Promise<unknown> = () => Promise.resolve();

/** Uploads as a browser would (the form's token first); an upload that is queued is run, and its page (the result) is what comes back. */
async function upload(_app: FastifyInstance, client: PageClient, fields: Record<string, string>, file?: { name: string; content: string | Buffer }) {
  const posted = await client.upload('/admin/cqc-import', fields, file);
  if (posted.statusCode !== 303) return posted;
  await runJobs();
  return client.get(posted.headers.location as string);
}

for (const database of testDatabases()) {
  describe(`CQC pages and API (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let kingswood: string;
    let redKite: string;
    let unlinked: string;
    let partner: Awaited<ReturnType<typeof makeUser>>;

    before(async () => {
      store = await database.open();
      let services: Awaited<ReturnType<typeof testApp>>['services'];
      ({ app, services } = await testApp(store));
      runJobs = () => runNextJob(store, services.cqcJobs);
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      const dir = tempDir();
      const file = writeFile(dir, 'api.json', JSON.stringify([fixture('location-1-1000210669'), fixture('location-1-1000270393')]));
      await importPath(store, file, { keepGoodRows: false, today: '2026-11-23' });
      kingswood = await makeLinkedService(store, a.org.id, '1-1000210669', 'Kingswood House');
      redKite = await makeLinkedService(store, a.org.id, '1-1000270393', 'Red Kite');
      unlinked = await store.asSystem(async (tx) => {
        const p = await tx.insertInto('providers').values({ council_id: a.org.id, name: 'Unlinked Ltd' }).returning('id').executeTakeFirstOrThrow();
        return (await tx.insertInto('services').values({ council_id: a.org.id, provider_id: p.id, name: 'Unlinked Home', category: 'home_care', postcode: 'SG1 1AA' }).returning('id').executeTakeFirstOrThrow()).id;
      });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('GET /api/v1/services/{id}/cqc-ratings returns the history, newest first', async () => {
      const response = await apiClient(app, a.placer.apiToken).get(`/api/v1/services/${kingswood}/cqc-ratings`);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        items: [
          {
            publishedOn: '2024-03-14',
            firstSeenOn: '2026-11-23',
            overall: 'requires_improvement',
            safe: 'requires_improvement',
            effective: 'good',
            caring: 'good',
            responsive: 'good',
            wellLed: 'requires_improvement',
          },
          { publishedOn: '2019-06-12', firstSeenOn: '2026-11-23', overall: 'good', safe: 'good', effective: 'good', caring: 'good', responsive: 'good', wellLed: 'good' },
        ],
      });
      const newer = (await apiClient(app, a.officer.apiToken).get(`/api/v1/services/${redKite}/cqc-ratings`)).json() as { items: { publishedOn: string; responsive: string }[] };
      assert.equal(newer.items[0]?.publishedOn, '2025-02-20');
      assert.equal(newer.items[0]?.responsive, 'insufficient_evidence');
      assert.deepEqual((await apiClient(app, a.officer.apiToken).get(`/api/v1/services/${unlinked}/cqc-ratings`)).json(), { items: [] });
    });

    test('another council, a partner and strangers cannot read a service\'s ratings', async () => {
      assert.equal((await apiClient(app, b.admin.apiToken).get(`/api/v1/services/${kingswood}/cqc-ratings`)).statusCode, 404);
      assert.equal((await apiClient(app, partner.apiToken).get(`/api/v1/services/${kingswood}/cqc-ratings`)).statusCode, 404);
      assert.equal((await apiClient(app, a.admin.apiToken).get('/api/v1/services/not-a-uuid/cqc-ratings')).statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: `/api/v1/services/${kingswood}/cqc-ratings` })).statusCode, 401);
      const page = new PageClient(app);
      await page.signIn(b.officer.email, b.officer.password);
      assert.equal((await page.get(`/services/${kingswood}/cqc`)).statusCode, 404);
    });

    test('the service document carries the latest ratings, and the timeline the change', async () => {
      const api = apiClient(app, a.officer.apiToken);
      const service = (await api.get(`/api/v1/services/${kingswood}`)).json() as { cqc: Record<string, unknown> };
      assert.deepEqual(service.cqc, {
        locationId: '1-1000210669',
        registrationStatus: 'registered',
        publishedOn: '2024-03-14',
        firstSeenOn: '2026-11-23',
        overall: 'requires_improvement',
        safe: 'requires_improvement',
        effective: 'good',
        caring: 'good',
        responsive: 'good',
        wellLed: 'requires_improvement',
      });
      assert.equal(((await api.get(`/api/v1/services/${unlinked}`)).json() as { cqc: unknown }).cqc, null);
      const timeline = JSON.stringify((await api.get(`/api/v1/services/${kingswood}/timeline`)).json());
      assert.match(timeline, /CQC overall rating changed from Good to Requires improvement, published 14 March 2024/);
      assert.match(timeline, /CQC safe rating changed from Good to Requires improvement, published 14 March 2024/);
    });

    test('the service page shows the ratings per key question and how old the current one is', async () => {
      const client = new PageClient(app);
      await client.signIn(a.placer.email, a.placer.password);
      const page = await client.get(`/services/${kingswood}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /CQC ratings/);
      assert.match(page.body, /published 14 March 2024, \d+ years? (and \d+ months? )?ago/);
      const history = await client.get(`/services/${kingswood}/cqc`);
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /CQC overall rating changed from Good to Requires improvement, published 14 March 2024/);
      assert.match(history.body, /12 June 2019/);
    });

    test('the before-and-after report, on the page and as CSV', async () => {
      const client = new PageClient(app);
      await client.signIn(a.officer.email, a.officer.password);
      const form = await client.get('/reports/cqc-before-and-after');
      assert.equal(form.statusCode, 200);
      const page = await client.get('/reports/cqc-before-and-after?date-day=1&date-month=1&date-year=2024');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /3 services: 2 rated by CQC since 1 January 2024, 0 not rated since, 1 with no CQC rating/);
      const csv = await client.get('/reports/cqc-before-and-after.csv?date=2024-01-01');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /cqc-before-and-after-2024-01-01\.csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines.length, 4);
      assert.ok(lines.includes('Kingswood House,Care home (older people),1-1000210669,Rated since,Good,Good,Good,Good,Good,Good,2019-06-12,Requires improvement,Requires improvement,Good,Good,Good,Requires improvement,2024-03-14') || lines.some((l) => l.startsWith('Kingswood House,') && l.includes(',Rated since,Good,Good,Good,Good,Good,Good,2019-06-12,Requires improvement,Requires improvement,Good,Good,Good,Requires improvement,2024-03-14')), lines.join('\n'));
      const bad = await client.get('/reports/cqc-before-and-after?date-day=31&date-month=2&date-year=2024');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>Error: /);
      assert.match(bad.body, /The date must be a real date/);
      const placer = new PageClient(app);
      await placer.signIn(a.placer.email, a.placer.password);
      assert.equal((await placer.get('/reports/cqc-before-and-after?date=2024-01-01')).statusCode, 403);
    });

    test('an administrator uploads a file; a broken one changes nothing and lists its rows', async () => {
      const client = new PageClient(app);
      await client.signIn(a.admin.email, a.admin.password);
      assert.equal((await client.get('/admin/cqc-import')).statusCode, 200);
      const { header, rows } = directory2025();
      const good = toCsv([header, ...rows.slice(0, 5)]);
      const ok = await upload(app, client, { keepGoodRows: 'no', localAuthority: '' }, { name: 'directory.csv', content: good });
      assert.equal(ok.statusCode, 200, ok.body.replace(/[\s\S]*<main/, '').slice(0, 1500));
      assert.match(ok.body, /CQC data imported/);
      assert.match(ok.body, /Rows read\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*5\s*</);

      const broken = toCsv([header, ...rows.slice(5, 8), setCells(header, rows[8]!, { 'Location well-led rating': 'Excellent' })]);
      const refused = await upload(app, client, { keepGoodRows: 'no' }, { name: 'broken.csv', content: broken });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /The file was not imported/);
      assert.match(refused.body, /Location well led rating: &quot;Excellent&quot; is not a CQC rating/);
      const kept = await upload(app, client, { keepGoodRows: 'yes' }, { name: 'broken.csv', content: broken });
      assert.equal(kept.statusCode, 200);
      assert.match(kept.body, /Rows rejected\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</);

      const none = await upload(app, client, { keepGoodRows: 'no' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Select a CQC file/);
      const notCqc = await upload(app, client, { keepGoodRows: 'no' }, { name: 'notes.txt', content: 'just some notes\nnothing else\n' });
      assert.equal(notCqc.statusCode, 400);
      assert.match(notCqc.body, /The selected file is not CQC data/);

      const csrf = multipart({ keepGoodRows: 'no' }, { name: 'directory.csv', content: good });
      const cookie = cookiesOf(client);
      const forged = await app.inject({ method: 'POST', url: '/admin/cqc-import?_csrf=forged', payload: csrf.payload, headers: { 'content-type': csrf.contentType, cookie, accept: 'text/html' } });
      assert.equal(forged.statusCode, 400);

      // Issue 15: the token travels in the form, never the address, so no URL (or log, or Referer) holds it.
      const form = await client.get('/admin/cqc-import');
      assert.doesNotMatch(form.body, /action="[^"]*_csrf/);
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const inAddress = await app.inject({ method: 'POST', url: `/admin/cqc-import?_csrf=${encodeURIComponent(token)}`, payload: csrf.payload, headers: { 'content-type': csrf.contentType, cookie, accept: 'text/html' } });
      assert.equal(inAddress.statusCode, 400, 'a token in the address is not taken');
      assert.equal((await client.upload('/admin/cqc-import', { keepGoodRows: 'no' }, { name: 'directory.csv', content: good }, { csrf: 'forged' })).statusCode, 400);

      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      assert.equal((await officer.get('/admin/cqc-import')).statusCode, 403);
    });

    test('an upload is a job: its page shows progress (refreshing itself without JavaScript) and then the result, to its council only', async () => {
      const client = new PageClient(app);
      await client.signIn(a.admin.email, a.admin.password);
      const { header, rows } = directory2025();
      const posted = await client.upload('/admin/cqc-import', { keepGoodRows: 'no' }, { name: 'queued.csv', content: toCsv([header, ...rows.slice(0, 3)]) });
      assert.equal(posted.statusCode, 303);
      const jobUrl = posted.headers.location as string;
      assert.match(jobUrl, /^\/admin\/cqc-import\/[0-9a-f-]{36}$/);

      const waiting = await client.get(jobUrl);
      assert.equal(waiting.statusCode, 200);
      assert.match(waiting.body, /<title>Importing CQC data/);
      assert.match(waiting.body, /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/);
      assert.match(waiting.body, /Waiting to start/);
      assert.match(waiting.body, new RegExp(`data-progress-url="${jobUrl}/progress"`));
      const progress = await client.get(`${jobUrl}/progress`);
      assert.equal(progress.json().state, 'queued');
      assert.equal(progress.json().finished, false);
      assert.match((await client.get('/admin/cqc-import')).body, new RegExp(`Imports in progress[\\s\\S]*href="${jobUrl}">queued\\.csv`));

      // Another council's administrator, and an officer, cannot see it.
      const other = new PageClient(app);
      await other.signIn(b.admin.email, b.admin.password);
      assert.equal((await other.get(jobUrl)).statusCode, 404);
      assert.equal((await other.get(`${jobUrl}/progress`)).statusCode, 404);
      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      assert.equal((await officer.get(jobUrl)).statusCode, 403);

      await runJobs();
      const done = await client.get(jobUrl);
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /CQC data imported/);
      assert.match(done.body, /Rows read\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3\s*</);
      assert.doesNotMatch(done.body, /http-equiv="refresh"/);
      assert.deepEqual((await client.get(`${jobUrl}/progress`)).json().finished, true);
      const mainOf = (body: string) => body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/_csrf[=" a-z]+[^"&]+/g, '');
      assert.equal(mainOf((await client.get(jobUrl)).body), mainOf(done.body), 'a reload shows the same result');
    });

    test('the upload page shows what was skipped and why, and says why a file gave nothing', async () => {
      const client = new PageClient(app);
      await client.signIn(a.admin.email, a.admin.password);
      const table = await upload(app, client, { keepGoodRows: 'no', localAuthority: 'East Sussex' }, { name: 'locations.csv', content: readFileSync(realFile('api-locations-pandas.csv')) });
      assert.equal(table.statusCode, 200, table.body.replace(/[\s\S]*<main/, '').slice(0, 1500));
      assert.match(table.body, /CQC data imported/);
      assert.match(table.body, /Rows skipped<\/h2>\s*<ul class="govuk-list govuk-list--bullet"><li>2: not an adult social care location<\/li><\/ul>/);
      assert.match(table.body, /1 provider CQC's data gave only by id was added to your register as "CQC provider … \(name to be completed\)"/);
      assert.match(table.body, /<li>1: deregistered<\/li>/);
      assert.match(table.body, /<li>2: in another local authority<\/li>/);

      const warren = readFileSync(realFile('directory-2016-02-noheader.csv'), 'utf8').split('\n').find((line) => line.includes(',1-105862743,'))!;
      const named = await upload(app, client, { keepGoodRows: 'no' }, { name: 'directory-2016.csv', content: `${warren}\n` });
      assert.equal(named.statusCode, 200);
      assert.match(named.body, /The names of 1 provider that registers held by CQC id alone were completed from this file/);

      const thin = toCsv([['locationId', 'name', 'postalCode'], ['1-1000401911', 'Little Haven', 'SE6 1HP']]);
      const nothing = await upload(app, client, { keepGoodRows: 'no' }, { name: 'thin.csv', content: thin });
      assert.equal(nothing.statusCode, 422);
      assert.match(nothing.body, /<title>Nothing was imported/);
      assert.match(nothing.body, /Nothing in thin\.csv could be imported: none of its 1 row gave a CQC location to import \(1 skipped: not imported before, and the source does not say whether it is adult social care\); it has no column saying what kind of service each location is/);
      assert.match(nothing.body, /the columns it has are &quot;locationId&quot;, &quot;name&quot;, &quot;postalCode&quot;\./);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

const text = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** A CSV of rows, each a record of column → value, with the header made of every row's columns. */
function csv(rows: Record<string, unknown>[]) {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [header.join(','), ...rows.map((r) => header.map((h) => (r[h] === undefined ? '' : r[h] === true ? 'Yes' : r[h] === false ? 'No' : String(r[h] as string | number))).join(','))].join('\n');
}

for (const database of testDatabases()) {
  describe(`uploading returns for many services (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let client: PageClient;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeReturnsWorld(store);
      client = new PageClient(app);
      await client.signIn(w.provider.email, w.provider.password);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const home = () => ({ service_id: w.careHomeId, service_name: 'Oakwood House', year: 2026, quarter: 2, ...completeAnswers('care_homes') });
    const branch = () => ({ service_id: w.homeCareId, service_name: 'Oakwood Home Care', year: 2026, quarter: 2, ...completeAnswers('community') });
    const returnsOf = async (serviceId: string) => (await apiClient(app, w.provider.apiToken).get(`/api/v1/services/${serviceId}/returns`)).json().items as { version: number; status: string }[];

    test('the ready-made file lists the provider’s services that owe a return, with every key as a column', async () => {
      const response = await client.get('/returns/upload/template.csv');
      assert.equal(response.statusCode, 200);
      const [header, ...rows] = response.body.trim().split('\r\n');
      assert.match(header!, /^service_id,service_name,year,quarter,/);
      assert.ok(header!.split(',').includes('beds_occupied') && header!.split(',').includes('hours_delivered'));
      assert.deepEqual(rows.map((r) => r.split(',')[1]).sort(), ['Oakwood Home Care', 'Oakwood House']);
    });

    test('any bad row refuses the whole file, every problem reported by its row number', async () => {
      const file = csv([home(), { ...branch(), agency_hours_percent: 140, care_posts_vacant: '' }, { ...home(), service_id: w.elmLodgeId }, { ...home(), service_id: 'not-an-id' }, home()]);
      const response = await client.upload('/returns/upload', {}, { name: 'returns.csv', content: file, type: 'text/csv' });
      assert.equal(response.statusCode, 400);
      const body = text(response.body);
      assert.match(body, /The file was not sent/);
      assert.match(body, /3 agency_hours_percent: The agency hours percentage must be between 0 and 100/);
      assert.match(body, /3 care_posts_vacant: Enter the number of care staff posts vacant/);
      assert.match(body, new RegExp(`4 No service of yours has the id ${w.elmLodgeId}`));
      assert.match(body, /5 Enter the service’s id/);
      assert.match(body, /6 The same service and quarter as row 2/);
      assert.doesNotMatch(response.body, /<td class="govuk-table__cell">2<\/td>/, 'row 2 has no problem');
      assert.deepEqual(await returnsOf(w.careHomeId), [], 'row 2 was good, but nothing was kept');
    });

    test('a file without the needed columns, or not a table, is refused with a GOV.UK error', async () => {
      const noColumns = await client.upload('/returns/upload', {}, { name: 'r.csv', content: 'name,beds\nA,1\n', type: 'text/csv' });
      assert.equal(noColumns.statusCode, 400);
      assert.match(noColumns.body, /The selected file must have a column called service_id, year, quarter/);
      assert.match(noColumns.body, /<title>Error: /);
      const none = await client.upload('/returns/upload', {});
      assert.match(none.body, /Select a CSV or XLSX file of returns/);
    });

    test('a good CSV sends every row’s return at once, with yes/no written as words', async () => {
      const file = csv([{ ...home(), agency_hours_percent: 24 }, branch()]);
      const response = await client.upload('/returns/upload', {}, { name: 'returns.csv', content: file, type: 'text/csv' });
      assert.equal(response.statusCode, 200, text(response.body).slice(0, 400));
      assert.match(text(response.body), /2 returns were sent to the council/);
      assert.deepEqual((await returnsOf(w.careHomeId)).map((r) => [r.version, r.status]), [[1, 'submitted']]);
      assert.deepEqual((await returnsOf(w.homeCareId)).map((r) => [r.version, r.status]), [[1, 'submitted']]);
      const flags = (await apiClient(app, w.council.officer.apiToken).get('/api/v1/returns?year=2026&quarter=2')).json().items.find((i: { serviceId: string }) => i.serviceId === w.careHomeId).flags;
      assert.deepEqual(flags.map((f: { key: string }) => f.key), ['agency_hours_percent']);
      // Sent again while they wait for the council: refused, by row.
      const again = await client.upload('/returns/upload', {}, { name: 'returns.csv', content: file, type: 'text/csv' });
      assert.equal(again.statusCode, 400);
      assert.match(text(again.body), /2 The return for this quarter has been sent and is waiting for the council/);
    });

    test('an XLSX workbook is read the same way', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Returns');
      const row = { ...home(), year: 2026, quarter: 1 };
      sheet.addRow(Object.keys(row));
      sheet.addRow((Object.values(row) as unknown[]).map((v) => (v === true ? 'Yes' : v === false ? 'No' : v)));
      const content = Buffer.from(await workbook.xlsx.writeBuffer());
      const response = await client.upload('/returns/upload', {}, { name: 'returns.xlsx', content, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      assert.equal(response.statusCode, 200, text(response.body).slice(0, 400));
      assert.match(text(response.body), /1 return was sent to the council/);
      // Two quarters now: the service page follows each figure over them, oldest first, in a table.
      const officer = new PageClient(app);
      await officer.signIn(w.council.officer.email, w.council.officer.password);
      const html = (await officer.get(`/services/${w.careHomeId}`)).body;
      const service = text(html);
      // … and as a chart drawn on the server, with its text alternative.
      assert.match(html, /<svg [^>]*role="img" aria-labelledby="trend-agency_hours_percent-title trend-agency_hours_percent-desc"/);
      assert.match(html, /<desc id="trend-agency_hours_percent-desc">Agency hours over 2 quarters: Q1 2026\/27: 5%; Q2 2026\/27: 24% \(flagged\)\.<\/desc>/);
      assert.match(service, /Figures over the last 2 quarters with a return Figure Q1 2026\/27 Q2 2026\/27/);
      assert.match(service, /Agency hours 5% 24% \(flagged\)/);
    });

    test('only provider users upload', async () => {
      const officer = new PageClient(app);
      await officer.signIn(w.council.officer.email, w.council.officer.password);
      assert.equal((await officer.get('/returns/upload')).statusCode, 403);
      assert.equal((await officer.get('/returns/upload/template.csv')).statusCode, 403);
    });
  });
}

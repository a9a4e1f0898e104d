import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

function csv(rows: Record<string, unknown>[]) {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [header.join(','), ...rows.map((r) => header.map((h) => (r[h] === undefined ? '' : r[h] === true ? 'Yes' : r[h] === false ? 'No' : String(r[h] as string | number))).join(','))].join('\n');
}

for (const database of testDatabases()) {
  describe(`POST /api/v1/returns/uploads (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeReturnsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const send = (token: string, body: string | Buffer, type: string) => app.inject({ method: 'POST', url: '/api/v1/returns/uploads', headers: { authorization: `Bearer ${token}`, 'content-type': type }, payload: body });
    const home = (over: Record<string, unknown> = {}) => ({ service_id: w.careHomeId, year: 2026, quarter: 2, ...completeAnswers('care_homes'), ...over });
    const branch = (over: Record<string, unknown> = {}) => ({ service_id: w.homeCareId, year: 2026, quarter: 2, ...completeAnswers('community'), ...over });
    const count = async () => (await apiClient(app, w.provider.apiToken).get(`/api/v1/services/${w.careHomeId}/returns`)).json().items.length as number;

    test('a file with a problem sends nothing: a problem document naming each row', async () => {
      const response = await send(w.provider.apiToken, csv([home(), branch({ agency_hours_percent: 140 }), { ...home(), service_id: w.elmLodgeId }]), 'text/csv');
      assert.equal(response.statusCode, 400);
      assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
      const errors = response.json().errors as { row: number; path: string; message: string }[];
      assert.deepEqual(errors.map((e) => [e.row, e.path]), [[3, 'rows.3'], [4, 'rows.4']]);
      assert.match(errors[0]!.message, /^agency_hours_percent: The agency hours percentage must be between 0 and 100/);
      assert.match(errors[1]!.message, /No service of yours has the id/, 'another provider’s service is not found');
      assert.equal(await count(), 0, 'all or nothing');
    });

    test('a whole CSV body sends every row; a multipart XLSX form works too', async () => {
      const response = await send(w.provider.apiToken, csv([home(), branch()]), 'text/csv');
      assert.equal(response.statusCode, 201);
      assert.deepEqual(response.json(), { submitted: 2 });
      assert.equal(await count(), 1);

      setClock('2027-01-06');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Returns');
      const row = home({ quarter: 3, registered_manager_in_post: 'Yes', business_continuity_issues: 'No' });
      sheet.addRow(Object.keys(row));
      sheet.addRow(Object.values(row) as (string | number)[]);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      const boundary = 'x-boundary-1';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="returns.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const multi = await send(w.provider.apiToken, payload, `multipart/form-data; boundary=${boundary}`);
      assert.equal(multi.statusCode, 201, multi.body);
      assert.equal(await count(), 2);
      setClock('2026-12-06');
    });

    test('only a provider user uploads; an empty body is a 400', async () => {
      assert.equal((await send(w.council.officer.apiToken, csv([home()]), 'text/csv')).statusCode, 403);
      assert.equal((await send(w.other.admin.apiToken, csv([home()]), 'text/csv')).statusCode, 403);
      const empty = await send(w.provider.apiToken, '', 'text/csv');
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().errors[0].path, 'file');
    });
  });
}

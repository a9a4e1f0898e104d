import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testDatabases } from '../../test/support/databases.ts';
import { makeFeeBandsWorld, SCHEME } from '../../test/support/fee-bands-world.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

for (const database of testDatabases()) {
  describe(`fee bands API (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeFeeBandsWorld>>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeFeeBandsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const commissioner = () => apiClient(app, w.council.commissioner.apiToken);
    const officer = () => apiClient(app, w.council.officer.apiToken);
    const theirs = () => apiClient(app, w.other.commissioner.apiToken);

    test('PUT /api/v1/fee-band-schemes/{year}: commissioners only; the bands must rise from 0%', async () => {
      assert.equal((await officer().put('/api/v1/fee-band-schemes/2026', SCHEME)).statusCode, 403);
      assert.equal((await apiClient(app, w.provider.apiToken).put('/api/v1/fee-band-schemes/2026', SCHEME)).statusCode, 403);
      const bad = await commissioner().put('/api/v1/fee-band-schemes/2026', { ...SCHEME, bands: [{ ...SCHEME.bands[0]!, minPercent: 5 }, { ...SCHEME.bands[1]!, weeklyFee: 'lots' }] });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(bad.json().errors.some((e: { path: string }) => e.path === 'bands.1.weeklyFee'));
      const rising = await commissioner().put('/api/v1/fee-band-schemes/2026', { ...SCHEME, bands: [{ ...SCHEME.bands[0]!, minPercent: 5 }, SCHEME.bands[1]!] });
      assert.equal(rising.statusCode, 400);
      assert.deepEqual(rising.json().errors.map((e: { path: string }) => e.path), ['bands.0.minPercent']);
      const saved = await commissioner().put('/api/v1/fee-band-schemes/2026', SCHEME);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(saved.json(), { year: 2026, ...SCHEME });
    });

    test('GET /api/v1/fee-band-schemes/{year}: the council’s staff read it; another council and a provider do not', async () => {
      const got = await officer().get('/api/v1/fee-band-schemes/2026');
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), { year: 2026, ...SCHEME });
      assert.equal((await theirs().get('/api/v1/fee-band-schemes/2026')).statusCode, 404);
      assert.equal((await apiClient(app, w.provider.apiToken).get('/api/v1/fee-band-schemes/2026')).statusCode, 403);
      assert.equal((await officer().get('/api/v1/fee-band-schemes/2031')).statusCode, 404);
      assert.equal((await officer().get('/api/v1/fee-band-schemes/next')).statusCode, 404);
    });

    test('GET /api/v1/fee-bands?year= lists every care home with the contract’s fields', async () => {
      const response = await officer().get('/api/v1/fee-bands?year=2026');
      assert.equal(response.statusCode, 200);
      const items = response.json().items as Record<string, unknown>[];
      const oak = items.find((i) => i.serviceId === w.careHomeId)!;
      for (const key of ['serviceId', 'proposedBand', 'band', 'weeklyFee', 'reason', 'overridden', 'approved']) assert.ok(key in oak, key);
      assert.deepEqual([oak.proposedBand, oak.band, oak.weeklyFee, oak.overridden, oak.approved], ['4', '4', 640, false, false]);
      assert.equal(items.find((i) => i.serviceId === w.elmLodgeId)!.capped, true);
      assert.equal((await officer().get('/api/v1/fee-bands?year=twenty')).statusCode, 400);
      assert.equal((await apiClient(app, w.council.placer.apiToken).get('/api/v1/fee-bands?year=2026')).statusCode, 403);
    });

    test('overrides and approval: commissioners of the owning council only', async () => {
      const body = { year: 2026, band: '4', reason: 'Audit postponed by an outbreak' };
      assert.equal((await officer().post(`/api/v1/fee-bands/${w.birchCourtId}/override`, body)).statusCode, 403);
      assert.equal((await theirs().post(`/api/v1/fee-bands/${w.birchCourtId}/override`, body)).statusCode, 404);
      assert.equal((await commissioner().post(`/api/v1/fee-bands/${w.homeCareId}/override`, body)).statusCode, 404);
      assert.equal((await commissioner().post(`/api/v1/fee-bands/${w.birchCourtId}/override`, { ...body, reason: ' ' })).statusCode, 400);
      assert.equal((await officer().post('/api/v1/fee-band-schemes/2026/approve', {})).statusCode, 403);
      const early = await commissioner().post('/api/v1/fee-band-schemes/2026/approve', {});
      assert.equal(early.statusCode, 409);
      assert.match(early.json().detail ?? early.json().title, /Birch Court/);

      const overridden = await commissioner().post(`/api/v1/fee-bands/${w.birchCourtId}/override`, body);
      assert.equal(overridden.statusCode, 200, overridden.body);
      assert.deepEqual([overridden.json().band, overridden.json().weeklyFee, overridden.json().overridden], ['4', 810, true]);
      // Another council approving its own (empty) year changes nothing here.
      assert.equal((await theirs().post('/api/v1/fee-band-schemes/2026/approve', {})).statusCode, 409);
      const approved = await commissioner().post('/api/v1/fee-band-schemes/2026/approve', {});
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().version, 1);
      const items = (await officer().get('/api/v1/fee-bands?year=2026')).json().items as { approved: boolean }[];
      assert.ok(items.every((i) => i.approved));
    });

    test('providers see their own homes’ approved bands only', async () => {
      const own = (await apiClient(app, w.provider.apiToken).get('/api/v1/fee-bands?year=2026')).json().items as { serviceId: string; band: string; reason: string }[];
      assert.deepEqual(own.map((i) => i.serviceId).sort(), [w.careHomeId, w.birchCourtId].sort());
      const rival = (await apiClient(app, w.rival.apiToken).get('/api/v1/fee-bands?year=2026')).json().items as { serviceId: string; band: string }[];
      assert.deepEqual(rival.map((i) => [i.serviceId, i.band]), [[w.elmLodgeId, '1']]);
      assert.deepEqual((await apiClient(app, w.farProvider.apiToken).get('/api/v1/fee-bands?year=2026')).json().items, []);
      const csv = await apiClient(app, w.rival.apiToken).get('/api/v1/fee-bands?year=2026&format=csv');
      assert.ok(!csv.body.includes('Oakwood'));
    });

    test('finance gets the schedule as CSV and XLSX', async () => {
      const csv = await officer().get('/api/v1/fee-bands?year=2026&format=csv');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines[0], 'Service,Provider,CQC location id,Type,Band,Weekly fee,Effective from,Changed since last year,Approved');
      assert.ok(lines.includes('Birch Court,Oakwood Care Ltd,1-300000001,Nursing dementia,4,810.00,2026-04-01,Yes,Yes'), csv.body);
      assert.ok(lines.includes('Elm Lodge,Elm Homes Ltd,,Residential,1,520.00,2026-04-01,Yes,Yes'), csv.body);

      const xlsx = await officer().get('/api/v1/fee-bands?year=2026&format=xlsx');
      assert.equal(xlsx.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      assert.equal(sheet.rowCount, 4);
      const rows = [2, 3, 4].map((n) => sheet.getRow(n).values as unknown[]);
      const oak = rows.find((r) => r[1] === 'Oakwood House')!;
      assert.deepEqual(oak.slice(1, 8), ['Oakwood House', 'Oakwood Care Ltd', '', 'Residential', '4', 640, '2026-04-01']);
    });
  });
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { importPath } from './import-files.ts';
import { cell, counts, directory2025, makeLinkedService, realFile, setCells, tempDir, toCsv, writeFile } from './cqc.test-support.ts';

const TODAY = '2026-11-23';
const options = (extra: Partial<Parameters<typeof importPath>[2]> = {}) => ({ keepGoodRows: false, today: TODAY, ...extra });

async function withStore(database: ReturnType<typeof testDatabases>[number], work: (store: Store) => Promise<void>) {
  const store = await database.open();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

async function history(store: Store, locationId: string) {
  return store.asSystem((tx) =>
    tx.selectFrom('cqc_ratings').select(['published_on', 'first_seen_on', 'overall', 'safe', 'well_led', 'caring', 'source']).where('location_id', '=', locationId).orderBy('seq').execute(),
  );
}

for (const database of testDatabases()) {
  describe(`CQC import (${database.name})`, () => {
    test('the real 2025 directory: every adult social care row, blanks as no rating, both spellings of Requires improvement', () =>
      withStore(database, async (store) => {
        const summary = await importPath(store, realFile('directory-with-ratings-2025-08-head.csv'), options());
        assert.equal(summary.rowsRead, 999);
        assert.equal(summary.created, 991);
        assert.equal(summary.skipped, 8);
        assert.deepEqual(summary.rejected, []);
        assert.equal(summary.ratingsAdded, 747);
        assert.deepEqual(await counts(store), { locations: 991, ratings: 747, services: 0, providers: 0 });

        const { header, rows } = directory2025();
        const upper = rows.find((r) => cell(header, r, 'Location Latest Overall Rating') === 'Requires Improvement')!;
        const id = cell(header, upper, 'Location ID');
        const [rating] = await history(store, id);
        assert.equal(rating?.overall, 'requires_improvement');
        assert.equal(rating?.published_on, null, 'the export dates no rating');
        assert.equal(rating?.first_seen_on, TODAY);

        const unrated = rows.find((r) => cell(header, r, 'Location Latest Overall Rating') === '' && cell(header, r, 'Primary inspection category') === 'Residential social care')!;
        assert.deepEqual(await history(store, cell(header, unrated, 'Location ID')), []);

        const nhs = await store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().where('location_id', '=', 'RX3LD').executeTakeFirstOrThrow());
        assert.equal(nhs.name, '367 Thornaby Road');
        assert.equal(nhs.local_authority, 'Stockton-on-Tees');
        assert.equal(nhs.region, 'North East');

        const doctors = await store.asSystem((tx) => tx.selectFrom('cqc_locations').select('location_id').where('location_id', '=', '1-288474903').execute());
        assert.deepEqual(doctors, [], 'independent doctors are not adult social care');
      }));

    test('re-importing the same file changes nothing and says so', () =>
      withStore(database, async (store) => {
        await importPath(store, realFile('directory-with-ratings-2025-08-head.csv'), options());
        const again = await importPath(store, realFile('directory-with-ratings-2025-08-head.csv'), options({ today: '2026-12-01' }));
        assert.deepEqual(
          { created: again.created, updated: again.updated, unchanged: again.unchanged, ratingsAdded: again.ratingsAdded, ratingsChanged: again.ratingsChanged },
          { created: 0, updated: 0, unchanged: 991, ratingsAdded: 0, ratingsChanged: 0 },
        );
        assert.deepEqual(await counts(store), { locations: 991, ratings: 747, services: 0, providers: 0 });
      }));

    test('the real 2016 directory without a header, then the real list page, which only confirms what is known', () =>
      withStore(database, async (store) => {
        const first = await importPath(store, realFile('directory-2016-02-noheader.csv'), options());
        assert.equal(first.rowsRead, 7000);
        assert.equal(first.created, 6091);
        assert.equal(first.skipped, 909);
        assert.equal(first.ratingsAdded, 0);
        const row = await store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().where('location_id', '=', '1-1000312641').executeTakeFirstOrThrow());
        assert.equal(row.name, 'Human Support Group Limited - Sale');
        assert.equal(row.postcode, 'M33 7HF');
        assert.equal(row.provider_name, 'The Human Support Group Limited');
        assert.ok(row.specialisms.includes('Dementia'));

        const list = await importPath(store, realFile('api-locations-list-page-2018.json'), options());
        assert.equal(list.rowsRead, 1000);
        assert.equal(list.created, 0, 'a list entry cannot say it is adult social care');
        const ids = (JSON.parse(readFileSync(realFile('api-locations-list-page-2018.json'), 'utf8')) as { locations: { locations: { locationId: string }[] }[] }).locations[0]!.locations.map((l) => l.locationId);
        const known = await store.asSystem((tx) => tx.selectFrom('cqc_locations').select('location_id').where('location_id', 'in', ids).execute());
        assert.ok(known.length > 400);
        assert.equal(list.unchanged + list.updated, known.length);
        assert.equal(list.skipped, 1000 - known.length);

        const dentist = await importPath(store, realFile('api-location-2025.json'), options());
        assert.deepEqual({ rowsRead: dentist.rowsRead, skipped: dentist.skipped, created: dentist.created }, { rowsRead: 1, skipped: 1, created: 0 });
      }));

    test('an XLSX workbook with a notes sheet, a title above the header, typed cells and trailing blanks imports like the CSV', () =>
      withStore(database, async (store) => {
        const { header, rows } = directory2025();
        const slice = rows.slice(0, 40);
        const dir = tempDir();
        await importPath(store, writeFile(dir, 'slice.csv', toCsv([header, ...slice])), options());
        const before = await store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().orderBy('location_id').execute());

        const workbook = new ExcelJS.Workbook();
        workbook.addWorksheet('Notes').addRow(['This workbook lists adult social care locations.']);
        const sheet = workbook.addWorksheet('Locations');
        sheet.addRow(['CQC care directory with ratings, August 2025']);
        sheet.addRow([]);
        // Excel keeps no empty cells at the end of a row, and its columns can come in any order
        const order = [...header.keys()].reverse();
        sheet.addRow(order.map((i) => header[i]!));
        for (const r of slice) {
          sheet.addRow(
            order.map((i) => {
              const column = header[i]!;
              const value = r[i]!;
              if (column === 'Care homes beds') return Number(value);
              if (column === 'Location HSCA start date') return new Date(`${value}T00:00:00Z`);
              return value === '' ? null : value;
            }),
          );
        }
        const file = writeFile(dir, 'directory.bin', Buffer.from(await workbook.xlsx.writeBuffer()));
        const summary = await importPath(store, file, options());
        assert.deepEqual(summary.rejected, []);
        assert.equal(summary.rowsRead, 40);
        assert.equal(summary.unchanged + summary.skipped, 40, JSON.stringify(summary));
        assert.equal(summary.ratingsAdded, 0);
        const after = await store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().orderBy('location_id').execute());
        assert.deepEqual(after, before);
      }));

    test('a newer file adds only what is new, and counts the changed ratings', () =>
      withStore(database, async (store) => {
        const { header, rows } = directory2025();
        const dir = tempDir();
        const good = rows.findIndex((r) => cell(header, r, 'Location Latest Overall Rating') === 'Good' && cell(header, r, 'Location safe rating') === 'Good');
        const base = rows.slice(0, Math.max(20, good + 1));
        await importPath(store, writeFile(dir, 'august.csv', toCsv([header, ...base])), options({ today: '2025-08-20' }));

        const changed = setCells(header, base[good]!, { 'Location Latest Overall Rating': 'Requires improvement', 'Location safe rating': 'Inadequate' });
        const newcomer = rows[base.length]!;
        const september = [...base.slice(0, good), changed, ...base.slice(good + 1), newcomer];
        const summary = await importPath(store, writeFile(dir, 'september.csv', toCsv([header, ...september])), options({ today: '2025-09-20' }));
        const newcomerRated = cell(header, newcomer, 'Location Latest Overall Rating') !== '' ? 1 : 0;
        assert.equal(summary.created, 1);
        assert.equal(summary.updated, 1);
        assert.equal(summary.ratingsAdded, 1 + newcomerRated);
        assert.equal(summary.ratingsChanged, 2, 'overall and safe');
        assert.equal(summary.unchanged, september.length - 2 - summary.skipped);

        const id = cell(header, changed, 'Location ID');
        const timeline = await history(store, id);
        assert.deepEqual(
          timeline.map((r) => [r.first_seen_on, r.overall, r.safe]),
          [
            ['2025-08-20', 'good', 'good'],
            ['2025-09-20', 'requires_improvement', 'inadequate'],
          ],
        );
        const again = await importPath(store, writeFile(dir, 'september-again.csv', toCsv([header, ...september])), options({ today: '2025-10-01' }));
        assert.equal(again.ratingsAdded, 0);
        assert.equal(again.created + again.updated, 0);
      }));

    test('API records keep the whole history, and a later file with the dated rating adds nothing', () =>
      withStore(database, async (store) => {
        const dir = tempDir();
        const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/api/${name}.json`, import.meta.url), 'utf8')) as unknown;
        const file = writeFile(dir, 'locations.json', JSON.stringify([fixture('location-1-1000210669'), fixture('location-1-1000270393'), fixture('location-1-1000312641')], null, 2));
        const summary = await importPath(store, file, options());
        assert.equal(summary.created, 3);
        assert.equal(summary.ratingsAdded, 2 + 2 + 1);
        assert.equal(summary.ratingsChanged, 3 + 3, 'Kingswood: overall, safe and well-led fell; Red Kite: overall, safe and effective rose');
        const kingswood = await history(store, '1-1000210669');
        assert.deepEqual(kingswood.map((r) => [r.published_on, r.overall]), [['2019-06-12', 'good'], ['2024-03-14', 'requires_improvement']]);
        const sale = await store.asSystem((tx) => tx.selectFrom('cqc_locations').select(['registration_status', 'deregistered_on']).where('location_id', '=', '1-1000312641').executeTakeFirstOrThrow());
        assert.deepEqual(sale, { registration_status: 'deregistered', deregistered_on: '2023-11-30' });

        const lines = writeFile(dir, 'lines.ndjson', [fixture('location-1-1000210669'), fixture('location-1-1000270393')].map((o) => JSON.stringify(o)).join('\n'));
        const again = await importPath(store, lines, options());
        assert.deepEqual({ unchanged: again.unchanged, ratingsAdded: again.ratingsAdded }, { unchanged: 2, ratingsAdded: 0 });
      }));

    test('the long-format ratings file is matched on name and postcode; what cannot be matched is reported', () =>
      withStore(database, async (store) => {
        const dir = tempDir();
        const known = [
          { locationId: '1-111000001', name: 'Cygnet House', postalCode: 'DY8 3UU', inspectionDirectorate: 'Adult social care' },
          { locationId: '1-111000002', name: 'Tudor Manor', postalCode: 'DY8 3XF', inspectionDirectorate: 'Adult social care' },
          { locationId: '1-111000003', name: 'Safeharbour (260 Hagley Road)', postalCode: 'DY9 0RW', inspectionDirectorate: 'Adult social care' },
          { locationId: '1-111000004', name: 'Safeharbour (254 Hagley Road)', postalCode: 'DY9 0RW', inspectionDirectorate: 'Adult social care' },
        ];
        await importPath(store, writeFile(dir, 'known.json', JSON.stringify(known)), options());

        const refused = await importPath(store, realFile('latest-ratings-long-2024-dudley.csv'), options());
        assert.equal(refused.refusedFiles.length, 1);
        assert.equal(refused.rejected.length, 80);
        assert.match(refused.rejected[0]!.reason, /no CQC location called "60 Olive Lane" at B62 8LZ/);
        assert.equal(refused.rejected[0]!.row, 3);
        assert.equal((await counts(store)).ratings, 0, 'nothing kept');

        const kept = await importPath(store, realFile('latest-ratings-long-2024-dudley.csv'), options({ keepGoodRows: true }));
        assert.equal(kept.ratingsAdded, 4);
        assert.equal(kept.updated, 4);
        assert.equal(kept.rejected.length, 80);
        assert.deepEqual((await history(store, '1-111000002')).map((r) => [r.published_on, r.overall]), [['2023-11-11', 'inadequate']]);
        assert.deepEqual((await history(store, '1-111000004')).map((r) => [r.published_on, r.overall]), [['2019-06-14', 'good']]);
      }));

    test('broken rows: the whole file is refused with every reason, or the good rows are kept and each bad one reported', () =>
      withStore(database, async (store) => {
        const { header, rows } = directory2025();
        const good = rows.slice(0, 10);
        const broken = [
          ...good.slice(0, 3),
          setCells(header, rows[10]!, { 'Location safe rating': 'Requires improvment' }),
          ...good.slice(3, 6),
          setCells(header, rows[11]!, { 'Location ID': 'not-an-id' }),
          rows[12]!.slice(0, 30),
          ...good.slice(6),
        ];
        const dir = tempDir();
        const file = writeFile(dir, 'broken.csv', toCsv([header, ...broken]) + '"Unclosed quote,1-999\n');

        const refused = await importPath(store, file, options());
        assert.deepEqual(refused.refusedFiles, ['broken.csv']);
        assert.deepEqual(
          refused.rejected.map((r) => r.row),
          [5, 9, 10, 15],
        );
        assert.match(refused.rejected[0]!.reason, /Location safe rating: "Requires improvment" is not a CQC rating/);
        assert.match(refused.rejected[1]!.reason, /"not-an-id" is not a CQC location ID/);
        assert.match(refused.rejected[2]!.reason, /30 values but the header has 45 columns/);
        assert.match(refused.rejected[3]!.reason, /cannot be read from here on/);
        assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
        const log = await store.asSystem((tx) => tx.selectFrom('cqc_imports').select(['outcome', 'rejected_count', 'source']).execute());
        assert.deepEqual(log, [{ outcome: 'refused', rejected_count: 4, source: 'broken.csv' }]);

        const kept = await importPath(store, file, options({ keepGoodRows: true }));
        assert.deepEqual(kept.refusedFiles, []);
        assert.equal(kept.rejected.length, 4);
        const goodAsc = good.filter((r) => ['Residential social care', 'Community based adult social care services'].includes(cell(header, r, 'Primary inspection category'))).length;
        assert.equal(kept.created, goodAsc);
        assert.equal((await counts(store)).locations, goodAsc);
      }));

    test('a location name longer than the database keeps is a rejected row with its number, not a failed import', () =>
      withStore(database, async (store) => {
        const { header, rows } = directory2025();
        const asc = rows.filter((r) => ['Residential social care', 'Community based adult social care services'].includes(cell(header, r, 'Primary inspection category')));
        const longest = 'N'.repeat(300);
        const file = writeFile(tempDir(), 'long-names.csv', toCsv([
          header,
          setCells(header, asc[0]!, { 'Location Name': longest }),
          setCells(header, asc[1]!, { 'Location Name': `${longest}s` }),
          asc[2]!,
        ]));

        const refused = await importPath(store, file, options());
        assert.deepEqual(refused.refusedFiles, ['long-names.csv']);
        assert.deepEqual(refused.rejected.map((r) => r.row), [3]);
        assert.match(refused.rejected[0]!.reason, /location name is 301 characters long; at most 300 are kept/);
        assert.equal((await counts(store)).locations, 0);

        const kept = await importPath(store, file, options({ keepGoodRows: true }));
        assert.equal(kept.created, 2);
        const names = await store.asSystem((tx) => tx.selectFrom('cqc_locations').select('name').execute());
        assert.ok(names.some((n) => n.name === longest), 'a name of exactly 300 characters is kept whole');
      }));

    test('--org with the local authority adds that area\'s registered locations to that council only, once', () =>
      withStore(database, async (store) => {
        const a = await makeCouncil(store, 'East Sussex County Council');
        const b = await makeCouncil(store, 'Brighton and Hove City Council');
        const dir = tempDir();
        const all = readFileSync(realFile('directory-2016-02-noheader.csv'), 'utf8').split('\n').slice(0, 400).join('\n');
        const file = writeFile(dir, 'directory-2016.csv', all);
        const eastSussex = all.split('\n').filter((l) => /,East Sussex,South East,https/.test(l) && /(Residential homes|Nursing homes|Homecare agencies|Supported living)/.test(l));
        assert.ok(eastSussex.length >= 3, 'the slice has East Sussex locations');
        const firstId = /,(1-\d+),1-\d+\s*$/.exec(eastSussex[0]!)![1]!;
        const bService = await makeLinkedService(store, b.org.id, firstId, 'B already commissions this');
        const aService = await makeLinkedService(store, a.org.id, firstId, 'A already has this');

        const summary = await importPath(store, file, options({ council: { id: a.org.id, localAuthority: 'east sussex' } }));
        assert.equal(summary.servicesCreated, eastSussex.length - 1);
        const aServices = await store.asSystem((tx) =>
          tx.selectFrom('services').innerJoin('providers', 'providers.id', 'services.provider_id').select(['services.id', 'services.name', 'services.postcode', 'services.category', 'services.cqc_location_id', 'providers.cqc_provider_id', 'providers.council_id']).where('services.council_id', '=', a.org.id).execute(),
        );
        assert.equal(aServices.length, eastSussex.length);
        assert.ok(aServices.some((s) => s.id === aService));
        assert.ok(aServices.every((s) => s.council_id === a.org.id && s.postcode));
        assert.ok(aServices.filter((s) => s.id !== aService).every((s) => s.cqc_provider_id));
        const bServices = await store.asSystem((tx) => tx.selectFrom('services').select(['id', 'name']).where('council_id', '=', b.org.id).execute());
        assert.deepEqual(bServices, [{ id: bService, name: 'B already commissions this' }]);

        const again = await importPath(store, file, options({ council: { id: a.org.id, localAuthority: 'East Sussex' } }));
        assert.equal(again.servicesCreated, 0);
        const providers = await store.asSystem((tx) => tx.selectFrom('providers').select('cqc_provider_id').where('council_id', '=', a.org.id).where('cqc_provider_id', 'is not', null).execute());
        assert.equal(new Set(providers.map((p) => p.cqc_provider_id)).size, providers.length, 'one provider per CQC provider');

        const directory = await importPath(store, realFile('directory-with-ratings-2025-08-head.csv'), options({ council: { id: b.org.id, localAuthority: 'Essex' } }));
        assert.equal(directory.servicesCreated, 0, 'the 2025 export has no postcodes');
        assert.ok(Object.values(directory.servicesNotCreated).reduce((x, y) => x + y, 0) > 0);
      }));
  });
}

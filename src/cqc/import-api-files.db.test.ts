import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { counts, realFile, tempDir, toCsv, writeFile } from './cqc.test-support.ts';
import { importCqc } from './index.ts';

/**
 * A council's own CQC files (issue 12, section 6): a saved pull of the CQC API (list pages, location and
 * provider records in subfolders, NHS and deregistered locations among them) and API records flattened into
 * tables (camelCase columns with nested values as Python literals or JSON, dotted paths, CSV and XLSX).
 */
const PULL = realFile('api-pull');
const PANDAS = realFile('api-locations-pandas.csv');
const FLATTENED = realFile('api-locations-flattened.csv');

async function withStore(database: ReturnType<typeof testDatabases>[number], work: (store: Store) => Promise<void>) {
  setClock('2026-12-05');
  const store = await database.open();
  try {
    await work(store);
  } finally {
    await store.close();
    setClock(undefined);
  }
}

const locations = (store: Store) =>
  store.asSystem((tx) =>
    tx
      .selectFrom('cqc_locations')
      .select(['location_id', 'name', 'provider_id', 'provider_name', 'provider_company_number', 'brand_id', 'brand_name', 'local_authority', 'registration_status', 'postcode', 'beds'])
      .orderBy('location_id')
      .execute(),
  );

const register = (store: Store, councilId: string) =>
  store.asSystem((tx) =>
    tx
      .selectFrom('services')
      .innerJoin('providers', 'providers.id', 'services.provider_id')
      .select(['services.name', 'services.cqc_location_id', 'services.postcode', 'services.category', 'providers.name as provider', 'providers.cqc_provider_id', 'providers.name_pending'])
      .where('services.council_id', '=', councilId)
      .orderBy('services.cqc_location_id')
      .execute(),
  );

const ratings = (store: Store, locationId: string) =>
  store.asSystem((tx) => tx.selectFrom('cqc_ratings').select(['published_on', 'overall', 'safe', 'well_led']).where('location_id', '=', locationId).orderBy('seq').execute());

/** The pandas table as a workbook, its nested cells and its numbers as a spreadsheet holds them. */
async function asWorkbook(csvFile: string, dir: string): Promise<string> {
  const rows = parse(readFileSync(csvFile)) as string[][];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('locations');
  for (const [i, row] of rows.entries()) sheet.addRow(i === 0 ? row : row.map((cell) => (/^\d+(\.\d+)?$/.test(cell) && !cell.startsWith('0') ? Number(cell) : cell === '' ? null : cell)));
  return writeFile(dir, 'locations.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
}

for (const database of testDatabases()) {
  describe(`A council's own CQC files (${database.name})`, () => {
    test('a saved API pull is read whole: list entries and records are one location each, providers name their locations, every id form is taken', () =>
      withStore(database, async (store) => {
        const council = await makeCouncil(store, 'East Sussex County Council');
        const summary = await importCqc(store, { path: PULL, keepGoodRows: false, council: { org: council.org.code, localAuthority: 'East Sussex' } });

        // 8 listed (two of them NHS sites) and the dentist saved only as a record: 9 locations, once each
        assert.deepEqual(
          { rowsRead: summary.rowsRead, created: summary.created, skipped: summary.skipped, rejected: summary.rejected, refusedFiles: summary.refusedFiles, skippedFiles: summary.skippedFiles, nothingTaken: summary.nothingTaken },
          { rowsRead: 9, created: 6, skipped: 3, rejected: [], refusedFiles: [], skippedFiles: [], nothingTaken: [] },
        );
        assert.deepEqual(summary.skippedReasons, {
          'not an adult social care location': 2,
          'not imported before, and the source does not say whether it is adult social care': 1,
        });
        assert.deepEqual(summary.servicesNotCreated, { deregistered: 1, 'in another local authority': 3 });
        assert.equal(summary.servicesCreated, 2);
        assert.equal(summary.providersAwaitingName, 1);

        const stored = await locations(store);
        assert.deepEqual(
          stored.map((l) => l.location_id),
          ['1-1000210669', '1-1000270393', '1-1000312641', '1-1001764404', '1-105862743', 'RX3LD'],
        );
        const byId = new Map(stored.map((l) => [l.location_id, l]));
        assert.equal(byId.get('1-1000270393')?.name, 'Red Kite Home Care', "the record's name wins over the list entry's");
        assert.equal(byId.get('1-1000270393')?.provider_name, 'Red Kite Home Care Limited', 'named by the list page of providers');
        assert.equal(byId.get('1-1000210669')?.provider_company_number, '04184924', "from the provider's record");
        assert.deepEqual(
          { name: byId.get('RX3LD')?.provider_name, brandId: byId.get('RX3LD')?.brand_id, brand: byId.get('RX3LD')?.brand_name, beds: byId.get('RX3LD')?.beds },
          { name: 'Tees, Esk and Wear Valleys NHS Foundation Trust', brandId: 'Q74', brand: 'NHS England North (Cumbria and North East)', beds: 5 },
        );
        assert.equal(byId.get('1-1000312641')?.registration_status, 'deregistered');
        assert.deepEqual((await ratings(store, '1-1000210669')).map((r) => [r.published_on, r.overall]), [['2019-06-12', 'good'], ['2024-03-14', 'requires_improvement']]);

        assert.deepEqual(await register(store, council.org.id), [
          { name: 'Kingswood House Nursing Home', cqc_location_id: '1-1000210669', postcode: 'TN37 6HR', category: 'care_home_older_people', provider: 'Innowood Limited', cqc_provider_id: '1-877912132', name_pending: false },
          { name: 'Warren Drive', cqc_location_id: '1-105862743', postcode: 'TN6 1TP', category: 'care_home_older_people', provider: 'CQC provider 1-101616694 (name to be completed)', cqc_provider_id: '1-101616694', name_pending: true },
        ]);

        const again = await importCqc(store, { path: PULL, keepGoodRows: false, council: { org: council.org.code, localAuthority: 'East Sussex' } });
        assert.deepEqual({ unchanged: again.unchanged, created: again.created, ratingsAdded: again.ratingsAdded, servicesCreated: again.servicesCreated }, { unchanged: 6, created: 0, ratingsAdded: 0, servicesCreated: 0 });
      }));

    test('a rejected record in a pull names its file, and refuses the pull as one source', () =>
      withStore(database, async (store) => {
        const dir = tempDir();
        cpSync(PULL, dir, { recursive: true });
        const file = path.join(dir, 'locations', '1-1001764404.json');
        writeFile(path.dirname(file), path.basename(file), JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), registrationDate: 'soon' }));
        const summary = await importCqc(store, { path: dir, keepGoodRows: false });
        assert.deepEqual(summary.rejected, [{ row: 1, file: 'locations/1-1001764404.json', reason: 'registrationDate: "soon" is not a date' }]);
        assert.deepEqual(summary.refusedFiles, ['the saved CQC API records']);
        assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
      }));

    test('API records flattened by pandas (Python literals), by json_normalize (JSON and dotted paths) and into a workbook all read the same', () =>
      withStore(database, async (store) => {
        const council = await makeCouncil(store, 'East Sussex County Council');
        const pandas = await importCqc(store, { path: PANDAS, keepGoodRows: false, council: { org: council.org.code, localAuthority: 'East Sussex' } });
        assert.deepEqual(
          { rowsRead: pandas.rowsRead, created: pandas.created, skipped: pandas.skipped, rejected: pandas.rejected, ratingsAdded: pandas.ratingsAdded, nothingTaken: pandas.nothingTaken },
          { rowsRead: 7, created: 5, skipped: 2, rejected: [], ratingsAdded: 2 + 2 + 1 + 1, nothingTaken: [] },
        );
        assert.deepEqual(pandas.skippedReasons, { 'not an adult social care location': 2 });
        // the table gives providers by id only: the services are created, their providers flagged for a name
        assert.equal(pandas.servicesCreated, 2);
        assert.equal(pandas.providersAwaitingName, 2);
        assert.deepEqual(
          (await register(store, council.org.id)).map((s) => [s.cqc_location_id, s.provider, s.name_pending]),
          [
            ['1-1000210669', 'CQC provider 1-877912132 (name to be completed)', true],
            ['1-105862743', 'CQC provider 1-101616694 (name to be completed)', true],
          ],
        );
        assert.deepEqual((await ratings(store, '1-1000210669')).map((r) => [r.published_on, r.overall, r.safe, r.well_led]), [
          ['2019-06-12', 'good', 'good', 'good'],
          ['2024-03-14', 'requires_improvement', 'requires_improvement', 'requires_improvement'],
        ]);
        assert.deepEqual((await ratings(store, '1-1000270393')).at(-1), { published_on: '2025-02-20', overall: 'good', safe: 'good', well_led: 'requires_improvement' }, 'from the assessment column');
        const before = await locations(store);

        const flattened = await importCqc(store, { path: FLATTENED, keepGoodRows: false });
        assert.deepEqual({ unchanged: flattened.unchanged, skipped: flattened.skipped, ratingsAdded: flattened.ratingsAdded, rejected: flattened.rejected }, { unchanged: 5, skipped: 2, ratingsAdded: 0, rejected: [] });
        const workbook = await importCqc(store, { path: await asWorkbook(PANDAS, tempDir()), keepGoodRows: false });
        assert.deepEqual({ unchanged: workbook.unchanged, skipped: workbook.skipped, ratingsAdded: workbook.ratingsAdded, rejected: workbook.rejected }, { unchanged: 5, skipped: 2, ratingsAdded: 0, rejected: [] });
        assert.deepEqual(await locations(store), before);

        // a later file that names a provider completes it; a name someone typed is theirs, and no file changes it
        const named = await importCqc(store, { path: PULL, keepGoodRows: false });
        assert.equal(named.providerNamesCompleted, 1);
        await store.asUser(council.admin.actor, (tx) => tx.updateTable('providers').set({ name: 'Bluebell Care Homes' }).where('cqc_provider_id', '=', '1-101616694').execute());
        const directory = writeFile(tempDir(), 'directory-2016.csv', readFileSync(realFile('directory-2016-02-noheader.csv'), 'utf8').split('\n').slice(0, 400).join('\n'));
        assert.equal((await importCqc(store, { path: directory, keepGoodRows: false })).providerNamesCompleted, 0);
        assert.deepEqual(
          (await register(store, council.org.id)).map((s) => [s.cqc_location_id, s.provider, s.name_pending]),
          [
            ['1-1000210669', 'Innowood Limited', false],
            ['1-105862743', 'Bluebell Care Homes', false],
          ],
        );
      }));

    test('a provider waiting for its name in two councils is named in both by the next file that names it', () =>
      withStore(database, async (store) => {
        const east = await makeCouncil(store, 'East Sussex County Council');
        const other = await makeCouncil(store, 'Another council');
        for (const council of [east, other]) await importCqc(store, { path: PANDAS, keepGoodRows: false, council: { org: council.org.code, localAuthority: 'East Sussex' } });
        const directory = writeFile(tempDir(), 'directory-2016.csv', readFileSync(realFile('directory-2016-02-noheader.csv'), 'utf8').split('\n').slice(0, 400).join('\n'));
        assert.equal((await importCqc(store, { path: directory, keepGoodRows: false })).providerNamesCompleted, 4);
        for (const council of [east, other]) {
          assert.deepEqual(
            (await register(store, council.org.id)).map((s) => [s.cqc_location_id, s.provider, s.name_pending]),
            [
              ['1-1000210669', 'Innowood Limited', false],
              ['1-105862743', 'Bluebell Care Homes Limited', false],
            ],
          );
        }
      }));

    test('a table that gives nothing says why, listing the columns it has; so does a file with no CQC header', () =>
      withStore(database, async (store) => {
        const dir = tempDir();
        const rows = parse(readFileSync(PANDAS)) as string[][];
        const keep = ['locationId', 'name', 'postalCode', 'localAuthority'];
        const indexes = keep.map((c) => rows[0]!.indexOf(c));
        const thin = writeFile(dir, 'thin.csv', toCsv(rows.map((r) => indexes.map((i) => r[i]!))));
        const summary = await importCqc(store, { path: thin, keepGoodRows: false });
        assert.equal(summary.rowsRead, 7);
        assert.equal(summary.nothingTaken.length, 1);
        assert.equal(summary.nothingTaken[0]!.file, 'thin.csv');
        assert.match(summary.nothingTaken[0]!.reason, /^none of its 7 rows gave a CQC location to import \(7 skipped: not imported before, and the source does not say whether it is adult social care\)/);
        assert.match(summary.nothingTaken[0]!.reason, /it has no column saying what kind of service each location is \(such as "inspectionDirectorate"/);
        assert.match(summary.nothingTaken[0]!.reason, /the columns it has are "locationId", "name", "postalCode", "localAuthority"$/);

        const notCqc = writeFile(dir, 'providers.csv', toCsv([['Provider', 'Address', 'Phone'], ['Oak Care Ltd', '1 High Street', '01234 567890']]));
        await assert.rejects(importCqc(store, { path: notCqc, keepGoodRows: false }), (error: Error & { errors?: { message: string }[] }) =>
          /providers\.csv: the file has no CQC header row .*no column holds the CQC location ID .*the columns it has are "Provider", "Address", "Phone"/.test(error.errors?.[0]?.message ?? ''),
        );
      }));
  });
}

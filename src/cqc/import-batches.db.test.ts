import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Store } from '../core/db/database.ts';
import { sharedPostgresDatabase, testDatabases } from '../../test/support/databases.ts';
import { cell, counts, setCells, tempDir, toCsv, writeFile } from './cqc.test-support.ts';
import { HEADER_2025, writeDirectory } from './generate-directory.ts';
import { importPath } from './import-files.ts';
import { IMPORT_BATCH_ROWS } from './import.ts';
import { openSource } from './source.ts';

/**
 * The import reads and writes a batch of rows at a time (IMPORT_BATCH_ROWS), reading the next batch from
 * the file while the last is written. These files put what matters on either side of a batch's edge: the
 * results must be those of a row-by-row import (each row seeing every row before it), in one transaction.
 */
const TODAY = '2026-11-23';
const options = (extra: Partial<Parameters<typeof importPath>[2]> = {}) => ({ keepGoodRows: false, today: TODAY, ...extra });
const B = IMPORT_BATCH_ROWS;
/** Data rows are numbered as a spreadsheet shows them: the header is row 1. */
const rowNumber = (index: number) => index + 2;

async function withStore(database: ReturnType<typeof testDatabases>[number], work: (store: Store) => Promise<void>) {
  const store = await database.open();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

/** A generated 2025 directory of n rows, to change and write back. */
async function generated(n: number): Promise<string[][]> {
  const file = path.join(tempDir(), 'generated.csv');
  await writeDirectory(file, n);
  const [header, ...rows] = parse(readFileSync(file), { bom: true }) as string[][];
  assert.deepEqual(header, HEADER_2025);
  return rows;
}

const id = (row: readonly string[]) => cell(HEADER_2025, row, 'Location ID');
const isAdultSocialCare = (row: readonly string[]) => cell(HEADER_2025, row, 'Primary inspection category') !== 'Independent consulting doctors';
const RATED = ['Location Latest Overall Rating', 'Location safe rating', 'Location effective rating', 'Location caring rating', 'Location responsive rating', 'Location well-led rating'];
const hasRating = (row: readonly string[]) => RATED.some((column) => cell(HEADER_2025, row, column) !== '');
const overall = (row: readonly string[]) => cell(HEADER_2025, row, 'Location Latest Overall Rating');
/** Adult social care rows with any rating, and with an overall one. */
const ratedRows = (rows: readonly string[][]) => rows.map((r, i) => ({ r, i })).filter(({ r }) => isAdultSocialCare(r) && hasRating(r));
const ratedOverall = (rows: readonly string[][]) => ratedRows(rows).filter(({ r }) => overall(r) !== '');
/** A rating other than this one, and how the database stores a rating. */
const other = (value: string) => (value === 'Inadequate' ? 'Outstanding' : 'Inadequate');
const stored = (value: string) => value.toLowerCase().replace(/ /g, '_');

async function history(store: Store, locationId: string) {
  return store.asSystem((tx) =>
    tx.selectFrom('cqc_ratings').select(['published_on', 'first_seen_on', 'overall', 'safe', 'effective', 'import_id']).where('location_id', '=', locationId).orderBy('seq').execute(),
  );
}

async function location(store: Store, locationId: string) {
  return store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().where('location_id', '=', locationId).executeTakeFirst());
}

/** What the file's rows say, item by item, without the database: the counts a row-by-row import gives for new locations. */
async function itemCounts(file: string) {
  let locations = 0;
  let skipped = 0;
  let rated = 0;
  for await (const item of (await openSource(file)).items) {
    if (item.kind === 'location') {
      locations += 1;
      if (item.publications.length) rated += 1;
    } else if (item.kind === 'skip') skipped += 1;
  }
  return { locations, skipped, rated };
}

for (const database of testDatabases()) {
  describe(`CQC import in batches (${database.name})`, () => {
    test('a file longer than a batch: every row on both sides of each edge is imported, with progress after each whole batch', () =>
      withStore(database, async (store) => {
        const rows = await generated(2 * B + 250);
        const file = writeFile(tempDir(), 'national.csv', toCsv([HEADER_2025, ...rows]));
        const expected = await itemCounts(file);
        const progress: number[] = [];
        const summary = await importPath(store, file, options({ onBatch: (n) => progress.push(n) }));
        assert.deepEqual(progress, [B, 2 * B]);
        assert.deepEqual(
          { rowsRead: summary.rowsRead, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped },
          { rowsRead: 2 * B + 250, created: expected.locations, updated: 0, unchanged: 0, skipped: expected.skipped },
        );
        assert.equal(summary.ratingsAdded, expected.rated);
        assert.equal(summary.ratingsChanged, 0);
        assert.deepEqual(summary.rejected, []);
        assert.deepEqual(await counts(store), { locations: expected.locations, ratings: expected.rated, services: 0, providers: 0 });
        for (const index of [0, B - 2, B - 1, B, B + 1, 2 * B - 1, 2 * B, rows.length - 1]) {
          const row = rows[index]!;
          const stored = await location(store, id(row));
          if (!isAdultSocialCare(row)) {
            assert.equal(stored, undefined, `row ${index} is not adult social care`);
            continue;
          }
          assert.equal(stored?.name, cell(HEADER_2025, row, 'Location Name').trim().replace(/\s+/g, ' '), `row ${index}`);
          assert.equal((await history(store, id(row))).length, hasRating(row) ? 1 : 0, `row ${index}`);
        }

        const again = await importPath(store, file, options({ today: '2026-12-01' }));
        assert.deepEqual(
          { created: again.created, updated: again.updated, unchanged: again.unchanged, ratingsAdded: again.ratingsAdded, ratingsChanged: again.ratingsChanged },
          { created: 0, updated: 0, unchanged: expected.locations, ratingsAdded: 0, ratingsChanged: 0 },
        );
      }));

    test('one location several times: in one batch, in the next, and in the last partial batch with a new rating', () =>
      withStore(database, async (store) => {
        const rows = await generated(B + 300);
        const rated = ratedOverall(rows);
        const [a, b, c] = [rated[0]!, rated[1]!, rated[2]!];
        assert.ok(c.i < 100, 'the generator rates its first rows');
        // a: again in the same batch unchanged, then renamed in the next batch
        rows[200] = [...a.r];
        rows[B + 10] = setCells(HEADER_2025, a.r, { 'Location Name': 'Renamed across the edge' });
        // b: renamed within its own batch, then again unchanged just after the edge
        rows[300] = setCells(HEADER_2025, b.r, { 'Location Name': 'Renamed within the batch' });
        rows[B] = [...rows[300]!];
        // c: a new overall rating in the last, partial batch
        rows[B + 299] = setCells(HEADER_2025, c.r, { 'Location Latest Overall Rating': other(overall(c.r)) });
        const file = writeFile(tempDir(), 'repeats.csv', toCsv([HEADER_2025, ...rows]));

        const distinct = new Map(rows.map((r) => [id(r), r]));
        const uniqueAsc = [...distinct.values()].filter(isAdultSocialCare).length;
        const summary = await importPath(store, file, options());
        assert.deepEqual(summary.rejected, []);
        // first sightings are created; later sightings: a same (unchanged), a renamed (updated), b renamed
        // (updated), b same (unchanged), c re-rated (updated)
        assert.equal(summary.created, uniqueAsc);
        assert.equal(summary.updated, 3);
        assert.equal(summary.unchanged, 2);
        assert.equal(summary.ratingsAdded, ratedRows([...distinct.values()]).length + 1);
        // c's new publication repeats its other key questions: only the overall rating changed
        assert.equal(summary.ratingsChanged, 1);

        assert.equal((await location(store, id(a.r)))?.name, 'Renamed across the edge');
        assert.equal((await location(store, id(b.r)))?.name, 'Renamed within the batch');
        const cHistory = await history(store, id(c.r));
        assert.deepEqual(
          cHistory.map((p) => p.overall),
          [stored(overall(c.r)), stored(other(overall(c.r)))],
          'the first publication, then the last batch’s, in that order',
        );
        assert.equal(cHistory[1]!.import_id, cHistory[0]!.import_id);
        assert.equal((await history(store, id(a.r))).length, 1, 'the same ratings again are not news');
        assert.deepEqual(await counts(store), { locations: uniqueAsc, ratings: ratedRows([...distinct.values()]).length + 1, services: 0, providers: 0 });
      }));

    test('a rejected row in the second batch refuses the whole file: nothing from the first batch stays', () =>
      withStore(database, async (store) => {
        const rows = await generated(B + 200);
        const bad = B + 50;
        rows[bad] = setCells(HEADER_2025, rows[bad]!, { 'Location ID': 'not-an-id' });
        const file = writeFile(tempDir(), 'second-batch.csv', toCsv([HEADER_2025, ...rows]));

        const refused = await importPath(store, file, options());
        assert.deepEqual(refused.refusedFiles, ['second-batch.csv']);
        assert.deepEqual(
          refused.rejected.map((r) => r.row),
          [rowNumber(bad)],
        );
        assert.match(refused.rejected[0]!.reason, /"not-an-id" is not a CQC location ID/);
        assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
        const log = await store.asSystem((tx) => tx.selectFrom('cqc_imports').select(['outcome', 'rows_read', 'rejected_count']).execute());
        assert.deepEqual(log, [{ outcome: 'refused', rows_read: B + 200, rejected_count: 1 }]);

        const kept = await importPath(store, file, options({ keepGoodRows: true }));
        assert.deepEqual(kept.rejected.map((r) => r.row), [rowNumber(bad)]);
        const good = rows.filter((r, i) => i !== bad && isAdultSocialCare(r));
        assert.equal(kept.created, good.length);
        assert.equal((await counts(store)).locations, good.length);
      }));

    test('a write the database refuses in the second batch, while the third is read, fails the import and leaves nothing', () =>
      withStore(database, async (store) => {
        const rows = await generated(3 * B);
        // the row passes the file's checks but not the table's: a rule the file's checks cannot know, added
        // to this test's own database (a longer name than the table keeps is now a rejected row instead)
        await store.asSystem((tx) => sql`alter table cqc_locations add constraint refused_in_this_test check (name <> 'Refused by the database')`.execute(tx));
        const index = ratedRows(rows).find(({ i }) => i >= B + 10)!.i;
        rows[index] = setCells(HEADER_2025, rows[index]!, { 'Location Name': 'Refused by the database' });
        const file = writeFile(tempDir(), 'refused-by-the-database.csv', toCsv([HEADER_2025, ...rows]));
        await assert.rejects(importPath(store, file, options()), /refused_in_this_test/);
        assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
        assert.deepEqual(await store.asSystem((tx) => tx.selectFrom('cqc_imports').select('id').execute()), []);
      }));

    test('dated ratings across an edge: a publication inserted in one batch is extended and another dated in the next', () =>
      withStore(database, async (store) => {
        const rows = await generated(40);
        await importPath(store, writeFile(tempDir(), 'directory.csv', toCsv([HEADER_2025, ...rows])), options());
        const rated = ratedOverall(rows);
        const [x, y] = [rated[0]!.r, rated[1]!.r];
        // x's dated overall rating differs from its undated one, so it is a publication of its own
        const xOverall = other(overall(x));

        // The long format with location ids: one row per key question. x's Overall and Safe of one date fall
        // in the first batch and its Effective in the next; y's undated overall rating (first seen TODAY)
        // is confirmed with a date in the last batch, so it takes the date.
        const long = ['Location ID', 'Location Name', 'Domain', 'Latest Rating', 'Publication Date'];
        const filler = (i: number) => [id(rows[2 + (i % 30)]!), 'Filler', 'Caring', '', '01/02/2024'];
        const body: string[][] = Array.from({ length: B + 20 }, (_, i) => filler(i));
        body[5] = [id(x), 'X', 'Overall', xOverall, '01/03/2024'];
        body[6] = [id(x), 'X', 'Safe', 'Requires improvement', '01/03/2024'];
        body[B + 5] = [id(x), 'X', 'Effective', 'Outstanding', '01/03/2024'];
        body[B + 19] = [id(y), 'Y', 'Overall', overall(y), '15/06/2024'];
        const summary = await importPath(store, writeFile(tempDir(), 'long.csv', toCsv([long, ...body])), options({ today: '2026-12-01' }));
        assert.deepEqual(summary.rejected, []);
        assert.equal(summary.ratingsAdded, 1, 'x’s publication of 1 March 2024');

        const xHistory = await history(store, id(x));
        const dated = xHistory.find((p) => p.published_on === '2024-03-01');
        assert.deepEqual(
          { overall: dated?.overall, safe: dated?.safe, effective: dated?.effective },
          { overall: stored(xOverall), safe: 'requires_improvement', effective: 'outstanding' },
        );
        const yHistory = await history(store, id(y));
        assert.equal(yHistory.length, 1);
        assert.equal(yHistory[0]!.published_on, '2024-06-15', 'the undated rating took the date');
        assert.equal(yHistory[0]!.first_seen_on, TODAY);
        const longImport = await store.asSystem((tx) => tx.selectFrom('cqc_imports').select('id').where('source', '=', 'long.csv').executeTakeFirstOrThrow());
        assert.equal(yHistory[0]!.import_id, longImport.id, 'the import that dated it');
        assert.equal(dated?.import_id, longImport.id);
      }));
  });
}

// PostgreSQL only: PGlite runs no named prepared statements. One connection, so the import's session is the
// one asked afterwards.
const postgres = await sharedPostgresDatabase({ poolSize: 1 });

describe('CQC import in batches on PostgreSQL: each batch read is planned for the tables as they have grown', { skip: postgres ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  after(() => postgres?.close());

  test('no batch reads the known ratings on a plan kept from when the table was nearly empty', async () => {
    const batches = 8;
    const file = writeFile(tempDir(), 'eight-batches.csv', toCsv([HEADER_2025, ...(await generated(batches * B))]));
    const summary = await importPath(postgres!.store, file, options());
    assert.ok(summary.ratingsAdded > 0);
    const plans = await postgres!.store.asSystem(
      async (tx) =>
        (
          await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
            select statement, generic_plans, custom_plans from pg_prepared_statements
             where statement like 'select %from "cqc_ratings" where location_id = any($1::text[])%'`.execute(tx)
        ).rows,
    );
    assert.equal(plans.length, 1, 'the batch read of ratings ran as a named statement');
    assert.equal(Number(plans[0]!.generic_plans), 0);
    assert.equal(Number(plans[0]!.custom_plans), batches);
  });
});

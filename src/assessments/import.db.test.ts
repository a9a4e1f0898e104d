import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { testDatabases } from '../../test/support/databases.ts';
import type { Store } from '../core/db/database.ts';
import { loadAssessment } from './assessment.model.ts';
import { importAssessmentsAs } from './import.ts';

const TODAY = '2026-12-05';
const SAMPLE = path.resolve(import.meta.dirname, '../../docs/importing-assessments-sample.csv');
const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'));
const HEADER = ['Service ID', 'CQC location ID', 'Visited', 'Completed', 'Published', 'Overall band', 'Overall percent', 'Domain 1', 'Domain 3'];

/** Importing past results (issue 14): what is written, what is refused (by row, nothing written), and tenancy. */
for (const database of testDatabases()) {
  describe(`importing past assessments (${database.name})`, () => {
    let store: Store;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;
    let otherHomeId: string;

    before(async () => {
      store = await database.open();
      world = await makeAssessmentWorld(store);
      otherHomeId = await store.asSystem(async (tx) => {
        await tx.updateTable('services').set({ cqc_location_id: '1-000000001' }).where('id', '=', world.careHomeId).execute();
        await tx.updateTable('services').set({ cqc_location_id: '1-000000002' }).where('id', '=', world.elmLodgeId).execute();
        await tx.updateTable('services').set({ cqc_location_id: '1-000000003' }).where('id', '=', world.homeCareId).execute();
        const p = await tx.insertInto('providers').values({ council_id: world.other.org.id, name: 'South Homes' }).returning('id').executeTakeFirstOrThrow();
        const s = await tx
          .insertInto('services')
          .values({ council_id: world.other.org.id, provider_id: p.id, name: 'South House', category: 'care_home_older_people', postcode: 'SS1 1AA', cqc_location_id: '1-000000009' })
          .returning('id')
          .executeTakeFirstOrThrow();
        return s.id;
      });
    });
    after(() => store.close());

    const imported = () =>
      store.asSystem((tx) =>
        tx
          .selectFrom('assessments')
          .select(['id', 'service_id', 'status', 'kind', 'imported', 'imported_from', 'visited_on', 'completed_on', 'published_on', 'overall_band', 'overall_percent', 'domain_scores', 'created_by'])
          .where('imported', '=', true)
          .orderBy('published_on')
          .execute(),
      );

    test('a refused file names every bad row and writes nothing; another council’s service is an error for its row, not a leak', async () => {
      const summary = await importAssessmentsAs(store, world.council.commissioner.actor, {
        source: 'pamms-2018.csv',
        today: TODAY,
        content: csv([
          HEADER,
          ['', '1-000000001', '2018-02-14', '2018-02-21', '2018-03-09', 'Good', '81', 'Good', 'Poor'],
          ['', '1-000000009', '2018-02-14', '', '2018-03-09', 'Good', '', '', ''],
          [otherHomeId, '', '2018-02-14', '', '2018-03-09', 'Good', '', '', ''],
          ['', '1-000000002', '2018-02-14', '2018-02-10', '2027-01-01', 'Brilliant', '120', 'Meh', ''],
          ['', '', '31/02/2018', '', '2018-03-09', '', '', '', ''],
          ['', '1-000000001', '2018-02-14', '', '2018-03-09', 'Good', '', '', ''],
        ]),
      });
      assert.equal(summary.refused, true);
      assert.equal(summary.imported, 0);
      assert.equal(summary.rowsRead, 6);
      const byRow = (row: number) => summary.rejected.filter((r) => r.row === row).map((r) => r.reason);
      assert.deepEqual(byRow(2), []);
      assert.deepEqual(byRow(3), ['no service of this council has the CQC location ID 1-000000009']);
      assert.deepEqual(byRow(4), [`no service of this council has the ID ${otherHomeId}`]);
      assert.deepEqual(byRow(5), [
        'the date the assessment was completed must be the same as or after the date of the visit (14 February 2018)',
        'the date the report was published must be today or in the past',
        'the overall band must be Excellent, Good, Requires improvement (or Adequate) or Poor, not “Brilliant”',
        'the overall percent must be a number from 0 to 100',
        'domain 1’s band must be Excellent, Good, Requires improvement (or Adequate) or Poor',
      ]);
      assert.deepEqual(byRow(6), [
        'give the service’s CQC location ID or its Care Oversight service ID',
        'the date of the visit must be a real date, like 2018-03-27 or 27/03/2018',
        'enter the overall band',
      ]);
      assert.deepEqual(byRow(7), ['the same service’s result published on 2018-03-09 is already in row 2']);
      assert.deepEqual(await imported(), []);
    });

    test('a file without the columns it needs is refused as a whole', async () => {
      await assert.rejects(
        importAssessmentsAs(store, world.council.commissioner.actor, { source: 'x.csv', today: TODAY, content: csv([['Name', 'Visited'], ['Oakwood', '2018-01-01']]) }),
        (e: Error & { errors?: { message: string }[] }) => /no column for CQC location ID or service ID, published, overall band/.test(e.errors?.[0]?.message ?? ''),
      );
    });

    test('the sample file imports as published full assessments marked imported, with their dates and bands; the same file again is refused', async () => {
      const summary = await importAssessmentsAs(store, world.council.commissioner.actor, { source: 'importing-assessments-sample.csv', today: TODAY, content: readFileSync(SAMPLE) });
      assert.deepEqual(summary, { file: 'importing-assessments-sample.csv', rowsRead: 3, imported: 3, rejected: [], refused: false });
      const rows = await imported();
      assert.deepEqual(
        rows.map((r) => [r.service_id, r.status, r.kind, r.visited_on, r.completed_on, r.published_on, r.overall_band, r.overall_percent, r.created_by]),
        [
          [world.homeCareId, 'published', 'full', '2017-11-06', '2017-12-01', '2017-12-01', 'excellent', 96, world.council.commissioner.actor.userId],
          [world.elmLodgeId, 'published', 'full', '2018-01-10', '2018-01-18', '2018-02-01', 'requires_improvement', 70, world.council.commissioner.actor.userId],
          [world.careHomeId, 'published', 'full', '2018-02-14', '2018-02-21', '2018-03-09', 'good', 81.5, world.council.commissioner.actor.userId],
        ],
      );
      const home = rows[2]!;
      assert.deepEqual(
        (home.domain_scores as { band: string | null; percent?: number }[]).map((d) => [d.band, d.percent]),
        [
          ['good', 80],
          ['good', undefined],
          ['requires_improvement', undefined],
          ['good', undefined],
          ['excellent', undefined],
        ],
      );
      const loaded = await store.asUser(world.council.officer.actor, (tx) => loadAssessment(tx, home.id));
      assert.equal(loaded.imported, true);
      assert.equal(loaded.importedFrom, 'importing-assessments-sample.csv');
      assert.equal(loaded.answers.size, 0);
      assert.equal(loaded.scores.overall.band, 'good');
      assert.deepEqual(
        loaded.scores.domains.map((d) => d.band),
        ['good', 'good', 'requires_improvement', 'good', 'excellent'],
      );
      // Southshire sees none of Northshire's results.
      const seen = await store.asUser(world.other.commissioner.actor, (tx) => tx.selectFrom('assessments').select('id').where('imported', '=', true).execute());
      assert.deepEqual(seen, []);

      const again = await importAssessmentsAs(store, world.council.commissioner.actor, { source: 'again.csv', today: TODAY, content: readFileSync(SAMPLE) });
      assert.equal(again.refused, true);
      assert.deepEqual(
        again.rejected.map((r) => r.row),
        [2, 3, 4],
      );
      assert.match(again.rejected[0]!.reason, /was already imported \(from importing-assessments-sample\.csv\)/);
      assert.equal((await imported()).length, 3);
    });

    test('an XLSX workbook with dates as dates, services by our id; an officer may not import published results', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Results');
      sheet.addRow(['Service ID', 'Framework', 'Visited', 'Published', 'Overall band', 'Domain 2']);
      sheet.addRow([world.dayCentreId, 'Care at home quality framework', new Date(Date.UTC(2016, 4, 3)), new Date(Date.UTC(2016, 5, 1)), 'Adequate', 'Poor']);
      const content = Buffer.from(await workbook.xlsx.writeBuffer());
      await assert.rejects(
        importAssessmentsAs(store, world.council.officer.actor, { source: 'eoe.xlsx', today: TODAY, content }),
        /only a commissioner or administrator can import/,
      );
      const summary = await importAssessmentsAs(store, world.council.admin.actor, { source: 'eoe.xlsx', today: TODAY, content });
      assert.deepEqual([summary.imported, summary.rejected], [1, []]);
      const row = (await imported()).find((r) => r.service_id === world.dayCentreId)!;
      assert.deepEqual([row.visited_on, row.completed_on, row.published_on, row.overall_band, row.overall_percent], ['2016-05-03', '2016-06-01', '2016-06-01', 'requires_improvement', null]);
    });
  });
}

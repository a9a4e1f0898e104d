import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { cliTargets, runCli } from '../../test/support/cli.ts';
import { openStore } from '../core/db/database.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../docs/importing-assessments-sample.csv');

for (const target of cliTargets('co_assessments_cli')) {
  describe(`care-oversight import assessments (${target.name})`, () => {
    test('imports the sample for the council named, prints the summary; a file with a bad row imports nothing, names the row and exits 1', async () => {
      const { env, storeOptions, tearDown } = await target.setUp();
      const dir = mkdtempSync(path.join(tmpdir(), 'co-assessments-cli-'));
      try {
        assert.equal((await runCli(env, ['migrate'])).code, 0);
        let store = await openStore(storeOptions);
        let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;
        try {
          world = await makeAssessmentWorld(store);
          await store.asSystem(async (tx) => {
            for (const [id, cqc] of [[world.careHomeId, '1-000000001'], [world.elmLodgeId, '1-000000002'], [world.homeCareId, '1-000000003']] as const) {
              await tx.updateTable('services').set({ cqc_location_id: cqc }).where('id', '=', id).execute();
            }
          });
        } finally {
          await store.close();
        }

        const bad = path.join(dir, 'bad.csv');
        writeFileSync(bad, 'CQC location ID,Visited,Published,Overall band\n1-000000001,2018-01-05,2018-02-01,Good\n1-000000001,2018-01-05,2018-01-01,Good\n');
        const refused = await runCli(env, ['import', 'assessments', bad, '--org', world.council.org.code]);
        assert.equal(refused.code, 1, refused.stderr);
        assert.deepEqual((JSON.parse(refused.stdout) as { rejected: unknown }).rejected, [
          { row: 3, reason: 'the date the report was published must be the same as or after the date of the visit (5 January 2018)' },
        ]);
        assert.match(refused.stderr, /^care-oversight: 1 row rejected, so bad\.csv imported nothing/);

        const done = await runCli(env, ['import', 'assessments', SAMPLE, '--org', world.council.org.code]);
        assert.equal(done.code, 0, done.stderr);
        assert.deepEqual(JSON.parse(done.stdout), { file: 'importing-assessments-sample.csv', rowsRead: 3, imported: 3, rejected: [], refused: false });

        const usage = await runCli(env, ['import', 'assessments', SAMPLE]);
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /usage: care-oversight import assessments FILE --org ORG_CODE/);
        const notCouncil = await runCli(env, ['import', 'assessments', SAMPLE, '--org', world.providerOrg.code]);
        assert.notEqual(notCouncil.code, 0);
        assert.match(notCouncil.stderr, /is not a council/);

        store = await openStore(storeOptions);
        try {
          const rows = await store.asSystem((tx) => tx.selectFrom('assessments').select(['created_by', 'imported', 'status']).execute());
          assert.deepEqual(rows.map((r) => [r.created_by, r.imported, r.status]), [[null, true, 'published'], [null, true, 'published'], [null, true, 'published']]);
        } finally {
          await store.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await tearDown();
      }
    });
  });
}

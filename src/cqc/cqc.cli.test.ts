import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../core/db/database.ts';
import { cliTargets, runCli } from '../../test/support/cli.ts';
import { writeDirectory } from './generate-directory.ts';
import { counts, directory2025, realFile, setCells, tempDir, toCsv, writeFile } from './cqc.test-support.ts';

/** Runs the real command; `killWhen` ends it with SIGKILL as soon as its stderr shows that text. */
const run = (env: Record<string, string>, args: string[], killWhen?: RegExp) => runCli(env, args, killWhen ? { killWhen } : {});

const targets = cliTargets('co_cqc_cli');

for (const target of targets) {
  describe(`care-oversight import cqc (${target.name})`, () => {
    test('prints one JSON line; the same file again changes nothing; a broken file changes nothing and exits 1', async () => {
      const { env, storeOptions, tearDown } = await target.setUp();
      try {
        const first = await run(env, ['import', 'cqc', realFile('directory-with-ratings-2025-08-head.csv')]);
        assert.equal(first.code, 0, first.stderr);
        const lines = first.stdout.trim().split('\n');
        assert.equal(lines.length, 1);
        const summary = JSON.parse(lines[0]!) as Record<string, unknown>;
        assert.deepEqual(
          { rowsRead: summary.rowsRead, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, ratingsAdded: summary.ratingsAdded, rejected: summary.rejected },
          { rowsRead: 999, created: 991, updated: 0, unchanged: 0, ratingsAdded: 747, rejected: [] },
        );
        assert.deepEqual(Object.keys(summary).slice(0, 6), ['rowsRead', 'created', 'updated', 'unchanged', 'ratingsAdded', 'rejected']);

        const again = JSON.parse((await run(env, ['import', 'cqc', realFile('directory-with-ratings-2025-08-head.csv')])).stdout) as Record<string, number>;
        assert.deepEqual({ unchanged: again.unchanged, ratingsAdded: again.ratingsAdded, created: again.created, updated: again.updated }, { unchanged: 991, ratingsAdded: 0, created: 0, updated: 0 });

        const { header, rows } = directory2025();
        const dir = tempDir();
        const broken = writeFile(dir, 'broken.csv', toCsv([header, rows[0]!, setCells(header, rows[1]!, { 'Location ID': '' }), rows[2]!]));
        const refused = await run(env, ['import', 'cqc', broken]);
        assert.equal(refused.code, 1);
        assert.deepEqual((JSON.parse(refused.stdout) as { rejected: unknown }).rejected, [{ row: 3, reason: 'no CQC location ID' }]);
        assert.equal(refused.stderr.trim().split('\n').length, 1);
        assert.match(refused.stderr, /^care-oversight: 1 row rejected, so broken\.csv changed nothing/);
        const kept = await run(env, ['import', 'cqc', broken, '--keep-good-rows']);
        assert.equal(kept.code, 0);

        const usage = await run(env, ['import', 'cqc', broken, '--org', 'NMC']);
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /--org and --local-authority go together/);

        const store = await openStore(storeOptions);
        try {
          assert.equal((await counts(store)).locations, 991);
        } finally {
          await store.close();
        }
      } finally {
        await tearDown();
      }
    });

    test("a council's saved API pull and a table of API records; a file that gives nothing exits 1 and says why", async () => {
      const { env, tearDown } = await target.setUp();
      try {
        const org = await run(env, ['org', 'add', '--code', 'ESX', '--name', 'East Sussex County Council', '--kind', 'council']);
        assert.equal(org.code, 0, org.stderr);
        const pull = await run(env, ['import', 'cqc', realFile('api-pull'), '--org', 'ESX', '--local-authority', 'East Sussex']);
        assert.equal(pull.code, 0, pull.stderr);
        const summary = JSON.parse(pull.stdout) as Record<string, unknown>;
        assert.deepEqual(
          { rowsRead: summary.rowsRead, created: summary.created, servicesCreated: summary.servicesCreated, providersAwaitingName: summary.providersAwaitingName, skippedReasons: summary.skippedReasons },
          {
            rowsRead: 9,
            created: 6,
            servicesCreated: 2,
            providersAwaitingName: 1,
            skippedReasons: { 'not an adult social care location': 2, 'not imported before, and the source does not say whether it is adult social care': 1 },
          },
        );
        assert.deepEqual(summary.servicesNotCreated, { deregistered: 1, 'in another local authority': 3 });

        const table = await run(env, ['import', 'cqc', realFile('api-locations-pandas.csv')]);
        assert.equal(table.code, 0, table.stderr);
        assert.deepEqual((JSON.parse(table.stdout) as { unchanged: number; skipped: number }).unchanged, 5);

        const { header, rows } = directory2025();
        const names = writeFile(tempDir(), 'names.csv', toCsv([['Location Name', 'Provider Name'], ...rows.slice(0, 3).map((r) => [r[header.indexOf('Location Name')]!, r[header.indexOf('Provider Name')]!])]));
        const nothing = await run(env, ['import', 'cqc', names]);
        assert.equal(nothing.code, 1);
        assert.equal(nothing.stdout, '', 'a file with no CQC header is not read at all');
        assert.match(nothing.stderr, /^care-oversight: file: names\.csv: the file has no CQC header row .*no column holds the CQC location ID .*the columns it has are "Location Name", "Provider Name"\n$/);

        const thin = writeFile(tempDir(), 'thin.csv', toCsv([['locationId', 'name', 'postalCode'], ['1-1000401911', 'Little Haven', 'SE6 1HP'], ['1-1000587219', 'Highlands Borders Care Home', 'EX1 2QE']]));
        const skipped = await run(env, ['import', 'cqc', thin]);
        assert.equal(skipped.code, 1);
        assert.deepEqual((JSON.parse(skipped.stdout) as { nothingTaken: unknown }).nothingTaken, [
          {
            file: 'thin.csv',
            reason:
              'none of its 2 rows gave a CQC location to import (2 skipped: not imported before, and the source does not say whether it is adult social care); it has no column saying what kind of service each location is (such as "inspectionDirectorate", "type", "inspectionCategories" or "gacServiceTypes", or "Primary inspection category" or "Service types"); the columns it has are "locationId", "name", "postalCode"',
          },
        ]);
        assert.match(skipped.stderr, /^care-oversight: nothing was imported from thin\.csv: none of its 2 rows/);
        assert.equal(skipped.stderr.trim().split('\n').length, 1);
      } finally {
        await tearDown();
      }
    });

    test('--progress shows on stderr how far the import has read, of about how many rows, and when it has finished', async () => {
      const { env, tearDown } = await target.setUp();
      try {
        const result = await run(env, ['import', 'cqc', realFile('directory-with-ratings-2025-08-head.csv'), '--progress']);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(JSON.parse(result.stdout).rowsRead, 999, 'stdout is still the summary alone');
        assert.deepEqual(result.stderr.trimEnd().split('\n'), ['cqc import: 500 rows read of about 999 (50%)', 'cqc import: finished, 999 rows read']);
      } finally {
        await tearDown();
      }
    });

    test('an import killed part-way leaves the database as it was', async () => {
      const { env, storeOptions, tearDown } = await target.setUp();
      try {
        const dir = tempDir();
        const file = path.join(dir, 'national.csv');
        await writeDirectory(file, 20_000);
        const killed = await run(env, ['import', 'cqc', file, '--progress'], /rows read/);
        assert.equal(killed.signal, 'SIGKILL', `the import was still running when killed: ${killed.stderr}`);
        assert.match(killed.stderr, /cqc import: \d+ rows read/);
        const store = await openStore(storeOptions);
        try {
          await store.migrate();
          assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
          const log = await store.asSystem((tx) => tx.selectFrom('cqc_imports').select('id').execute());
          assert.deepEqual(log, []);
        } finally {
          await store.close();
        }
      } finally {
        await tearDown();
      }
    });
  });
}

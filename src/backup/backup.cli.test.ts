import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openStore, type StoreOptions } from '../core/db/database.ts';
import { cliTargets, runCli, type CliRun } from '../../test/support/cli.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { backupLines, makeBackupWorld, rowsByTable, type BackupWorld } from '../../test/support/backup-world.ts';

/**
 * `care-oversight export` and `restore` as an operator runs them, and the move from the embedded database to
 * PostgreSQL and back.
 */

function jsonLine(run: CliRun): Record<string, unknown> {
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stdout);
  // Long runs report progress on stderr; nothing else is written there.
  for (const line of run.stderr.split('\n').filter(Boolean)) assert.match(line, /^(export|restore): \d+ of \d+ tables, [\d,]+ rows( \(\w+\))?$/);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

function assertFails(run: CliRun, code: number, message: RegExp) {
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, message);
  assert.equal(run.code, code);
}

/** The same records: every table's rows, whatever order each database's collation lists text keys in. */
function sameRecords(one: string, other: string) {
  const sorted = (file: string) => new Map([...rowsByTable(backupLines(file))].map(([table, rows]) => [table, [...rows].sort()]));
  assert.deepEqual(sorted(other), sorted(one));
  const sequences = (file: string) => backupLines(file).filter((l) => l.startsWith('{"sequence"'));
  assert.deepEqual(sequences(other), sequences(one));
}

describe('care-oversight export and restore', () => {
  let dir: string;
  let source: string;
  let world: BackupWorld;
  let file: string;

  /** Records in a PGlite folder, made through the product as a council would. */
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'backup-cli-'));
    source = path.join(dir, 'source');
    const store = await openStore({ dataDir: source });
    await store.migrate();
    const { app } = await testApp(store);
    world = await makeBackupWorld(store, app);
    await app.close();
    await store.close();
    file = path.join(dir, 'pglite.jsonl.gz');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('export from a PGlite folder, restore into a new one, export again: the same records', async () => {
    const exported = jsonLine(await runCli({ DATA_DIR: source }, ['export', file]));
    assert.deepEqual(Object.keys(exported).sort(), ['file', 'organisation', 'rows', 'sequences', 'tables']);
    assert.equal(exported.organisation, null);
    assert.ok(!existsSync(`${file}.partial`));
    const copy = path.join(dir, 'copy');
    const restored = jsonLine(await runCli({ DATA_DIR: copy }, ['restore', file]));
    assert.deepEqual([restored.rows, restored.tables], [exported.rows, exported.tables]);
    const again = path.join(dir, 'again.jsonl.gz');
    jsonLine(await runCli({ DATA_DIR: copy }, ['export', again]));
    assert.deepEqual(backupLines(again).slice(1, -1), backupLines(file).slice(1, -1));

    const council = path.join(dir, 'council.jsonl.gz');
    const summary = jsonLine(await runCli({ DATA_DIR: source }, ['export', council, '--org', world.a.org.code.toLowerCase()]));
    assert.equal(summary.organisation, world.a.org.code);
    assert.ok(!backupLines(council).some((l) => l.includes(world.b.org.id)));
  });

  test('refusals: one line, non-zero, nothing written', async () => {
    const fresh = path.join(dir, 'never');
    assertFails(await runCli({ DATA_DIR: source }, ['restore', file]), 1, /^care-oversight: the database is not empty \(\w+ has \d+ rows\): restore only into an empty database/);
    writeFileSync(path.join(dir, 'cut.jsonl.gz'), gzipSync(`${backupLines(file).slice(0, -1).join('\n')}\n`));
    assertFails(await runCli({ DATA_DIR: fresh }, ['restore', path.join(dir, 'cut.jsonl.gz')]), 1, /^care-oversight: cut\.jsonl\.gz is incomplete: it ends before its last line/);
    assertFails(await runCli({ DATA_DIR: fresh }, ['restore', path.join(dir, 'missing.jsonl.gz')]), 1, /^care-oversight: missing\.jsonl\.gz: no such file$/);
    assertFails(await runCli({ DATA_DIR: fresh }, ['restore']), 2, /^care-oversight: usage: care-oversight restore FILE$/);
    assertFails(await runCli({ DATA_DIR: fresh }, ['export']), 2, /^care-oversight: usage: care-oversight export FILE \[--org ORG_CODE\]$/);
    assertFails(await runCli({ DATA_DIR: fresh }, ['export', path.join(dir, 'no', 'such', 'folder.gz')]), 2, /^care-oversight: .*folder\.gz: no folder .* to write it in$/);
    assert.equal(existsSync(fresh), false, 'no database was created');
    assertFails(await runCli({ DATA_DIR: source }, ['export', path.join(dir, 'nope.gz'), '--org', 'NOPE']), 1, /^care-oversight: --org: No council has the code NOPE$/);
    assert.equal(existsSync(path.join(dir, 'nope.gz')) || existsSync(path.join(dir, 'nope.gz.partial')), false);
  });

  for (const target of cliTargets('co_backup').filter((t) => t.name.startsWith('PostgreSQL'))) {
    test('moving to PostgreSQL and back: PGlite → PostgreSQL → PGlite, the same records, and the product answers the same', async () => {
      if (!existsSync(file)) jsonLine(await runCli({ DATA_DIR: source }, ['export', file]));
      const server = await target.setUp();
      try {
        jsonLine(await runCli(server.env, ['restore', file]));
        const fromServer = path.join(dir, 'postgres.jsonl.gz');
        assert.equal(JSON.parse(backupLines(file)[0]!).source, 'pglite');
        jsonLine(await runCli(server.env, ['export', fromServer]));
        assert.equal(JSON.parse(backupLines(fromServer)[0]!).source, 'postgres');
        sameRecords(file, fromServer);
        await sameAnswers({ dataDir: source }, server.storeOptions, world);

        const back = path.join(dir, 'back');
        jsonLine(await runCli({ DATA_DIR: back }, ['restore', fromServer]));
        const again = path.join(dir, 'back.jsonl.gz');
        jsonLine(await runCli({ DATA_DIR: back }, ['export', again]));
        sameRecords(fromServer, again);
      } finally {
        await server.tearDown();
      }
    });
  }
});

/** A few API reads answer the same on the original and on the copy. */
async function sameAnswers(original: StoreOptions, copy: StoreOptions, world: BackupWorld) {
  const reads = ['/api/v1/me', `/api/v1/services/${world.aRecords.serviceId}`, `/api/v1/services/${world.aRecords.serviceId}/risk`, '/api/v1/live-status'];
  const answers = async (options: StoreOptions) => {
    const store = await openStore(options);
    const { app } = await testApp(store);
    try {
      const out: unknown[] = [];
      for (const url of reads) {
        const response = await apiClient(app, world.a.officer.apiToken).get(url);
        assert.equal(response.statusCode, 200, url);
        out.push(response.json());
      }
      return out;
    } finally {
      await app.close();
      await store.close();
    }
  };
  assert.deepEqual(await answers(copy), await answers(original));
}

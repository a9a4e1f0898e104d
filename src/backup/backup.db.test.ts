import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../core/db/database.ts';
import { nextReferenceNumber } from '../intelligence/concerns/concerns.repository.ts';
import { scoresOf } from '../risk/risk.test-support.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { backupLines, dataLines, makeBackupWorld, rowsByTable, type BackupWorld } from '../../test/support/backup-world.ts';
import { BackupRefused, exportBackup, restoreBackup } from './index.ts';

/**
 * An assessment's answers come in the order the database finds them (the query has no order), and a restore
 * writes rows in key order: the same answers, maybe listed in another order.
 */
function inQuestionOrder(body: unknown): unknown {
  const answers = (body as { answers?: { questionId: string }[] }).answers;
  return answers ? { ...(body as object), answers: [...answers].sort((x, y) => x.questionId.localeCompare(y.questionId)) } : body;
}

/** Rewrites a backup's lines and signs it again, as someone who knows the format could. */
function rewrite(from: string, to: string, change: (lines: string[]) => string[]) {
  const lines = change(backupLines(from).slice(0, -1));
  const body = lines.map((l) => `${l}\n`).join('');
  const end = JSON.parse(backupLines(from).at(-1)!) as Record<string, unknown>;
  writeFileSync(to, gzipSync(`${body}${JSON.stringify({ ...end, sha256: createHash('sha256').update(body).digest('hex') })}\n`));
}

async function counts(store: Store): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and relkind = 'r' and relname not like 'kysely%' order by 1`.execute(store.db);
  const out: Record<string, number> = {};
  for (const { name } of tables.rows) out[name] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(store.db)).rows[0]!.n;
  return out;
}

for (const database of testDatabases()) {
  describe(`backup and restore (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let w: BackupWorld;
    let dir: string;
    let full: string;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'backup-db-test-'));
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeBackupWorld(store, app);
      full = path.join(dir, 'full.jsonl.gz');
      await exportBackup(store, { file: full });
    });
    after(async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('export, restore into an empty database, export again: the same records, and the product answers the same', async () => {
      const copy = await database.open();
      const { app: copyApp } = await testApp(copy);
      try {
        const summary = await restoreBackup(copy, { file: full });
        assert.equal(summary.organisation, null);
        const again = path.join(dir, 'again.jsonl.gz');
        await exportBackup(copy, { file: again });
        assert.deepEqual(dataLines(again), dataLines(full), 'ids, timestamps, audit rows and sequences are as they were');
        const header = JSON.parse(backupLines(full)[0]!) as { schema: { migrations: string[] }; formatVersion: number };
        assert.ok(header.schema.migrations.length > 5 && header.formatVersion === 1);

        const reads = [
          '/api/v1/me',
          `/api/v1/services/${w.aRecords.serviceId}`,
          `/api/v1/services/${w.aRecords.serviceId}/risk`,
          `/api/v1/services/${w.aRecords.serviceId}/timeline`,
          `/api/v1/assessments/${w.aRecords.assessmentId}`,
          '/api/v1/live-status',
          '/api/v1/services',
        ];
        for (const url of reads) {
          const before = await apiClient(app, w.a.officer.apiToken).get(url);
          const after = await apiClient(copyApp, w.a.officer.apiToken).get(url);
          assert.equal(before.statusCode, 200, url);
          assert.deepEqual(inQuestionOrder(after.json()), inQuestionOrder(before.json()), url);
        }

        // Triggers and counters are back on, and carry on where the original left off.
        for (const [target, client] of [
          [store, apiClient(app, w.b.officer.apiToken)],
          [copy, apiClient(copyApp, w.b.officer.apiToken)],
        ] as const) {
          const put = await client.put(`/api/v1/services/${w.bRecords.serviceId}/risk`, { scores: scoresOf({ complaints: 5 }), rationale: 'After the restore' });
          assert.equal(put.statusCode, 200, put.body);
          void target;
        }
        const lastAudit = async (s: Store) => (await sql<{ id: number; table_name: string }>`select id::int as id, table_name from audit_events order by id desc limit 1`.execute(s.db)).rows[0];
        assert.deepEqual(await lastAudit(copy), await lastAudit(store));
        assert.equal((await lastAudit(copy))!.table_name, 'risk_ratings', 'the audit trigger writes again');
        assert.equal(await copy.asSystem((tx) => nextReferenceNumber(tx, 2026)), await store.asSystem((tx) => nextReferenceNumber(tx, 2026)));
      } finally {
        await copyApp.close();
        await copy.close();
      }
    });

    test("one council's export: its records and audit trail, the organisations and users they name, nothing of another council", async () => {
      const file = path.join(dir, 'northmoor.jsonl.gz');
      const summary = await exportBackup(store, { file, council: { code: (await orgCode(store, w.a.org.id)) } });
      assert.equal(summary.organisation, await orgCode(store, w.a.org.id));
      const tables = rowsByTable(backupLines(file));
      const mentions = (table: string, id: string) => tables.get(table)!.some((l) => l.includes(id));
      assert.ok(mentions('services', w.aRecords.serviceId) && !mentions('services', w.bRecords.serviceId));
      assert.ok(mentions('risk_ratings', w.aRecords.serviceId) && !mentions('risk_ratings', w.bRecords.serviceId));
      assert.ok(mentions('suspensions', w.aRecords.serviceId) && !mentions('suspensions', w.bRecords.serviceId));
      assert.ok(mentions('organisations', w.a.org.id) && mentions('organisations', w.providerOrg.id), 'the council and the organisations it manages');
      assert.ok(mentions('organisations', w.partnerOrg.id), 'the partner it shares with, which a record names');
      assert.ok(!mentions('organisations', w.b.org.id), 'not another council');
      assert.ok(mentions('users', w.providerUser.actor.userId) && mentions('users', w.a.admin.actor.userId));
      assert.ok(!mentions('users', w.b.admin.actor.userId) && !mentions('users', w.partner.actor.userId), "no user of another organisation that nothing names");
      assert.ok(mentions('api_tokens', w.a.admin.actor.userId) && !mentions('api_tokens', w.b.admin.actor.userId));
      assert.ok(tables.get('audit_events')!.length > 0);
      const councilColumn = (JSON.parse(backupLines(file).find((l) => l.startsWith('{"table":"audit_events"'))!) as { columns: { name: string }[] }).columns.findIndex((c) => c.name === 'council_id');
      const ownOrganisations = new Set([w.a.org.id, w.providerOrg.id]);
      assert.ok(tables.get('audit_events')!.every((l) => ownOrganisations.has((JSON.parse(l) as string[])[councilColumn]!)), "only the council's audit trail");
      assert.ok(!backupLines(file).some((l) => l.includes('Southmoor')), 'no record of another council, even by name');
      assert.ok(tables.get('cqc_locations')!.length > 0 && tables.get('frameworks')!.length > 0, 'shared data: the CQC register as imported, the framework templates');
      assert.deepEqual(tables.get('outgoing_emails'), [], 'nothing of the installation that belongs to no council');

      const copy = await database.open();
      const { app: copyApp } = await testApp(copy);
      try {
        await restoreBackup(copy, { file });
        const url = `/api/v1/services/${w.aRecords.serviceId}`;
        assert.deepEqual((await apiClient(copyApp, w.a.officer.apiToken).get(url)).json(), (await apiClient(app, w.a.officer.apiToken).get(url)).json());
        assert.equal((await apiClient(copyApp, w.b.officer.apiToken).get('/api/v1/me')).statusCode, 401, 'the other council is not there');
      } finally {
        await copyApp.close();
        await copy.close();
      }
    });

    test('refuses a database that is not empty, writing nothing', async () => {
      const before = await counts(store);
      await assert.rejects(restoreBackup(store, { file: full }), (error: unknown) => error instanceof BackupRefused && /^the database is not empty \(\w+ has \d+ rows\)/.test(error.message));
      assert.deepEqual(await counts(store), before);
    });

    test('refuses a file cut short, altered, or from a newer schema or format, writing nothing; the database can then be restored', async () => {
      const target = await database.open();
      try {
        const empty = await counts(target);
        const bad = (name: string) => path.join(dir, name);
        const whole = backupLines(full);
        writeFileSync(bad('cut.gz'), gzipSync(`${whole.slice(0, -3).join('\n')}\n`));
        writeFileSync(bad('truncated.gz'), gzipSync(`${whole.join('\n')}\n`).subarray(0, 2000));
        writeFileSync(bad('altered.gz'), gzipSync(`${whole.join('\n').replace(w.aRecords.serviceId, w.bRecords.serviceId)}\n`));
        writeFileSync(bad('appended.gz'), Buffer.concat([gzipSync(`${whole.join('\n')}\n`), gzipSync('["extra"]\n')]));
        rewrite(full, bad('newer-schema.gz'), (lines) => {
          const header = JSON.parse(lines[0]!) as { schema: { migrations: string[] } };
          header.schema.migrations.push('29991231T2359_from_the_future');
          return [JSON.stringify(header), ...lines.slice(1)];
        });
        rewrite(full, bad('newer-format.gz'), (lines) => [lines[0]!.replace('"formatVersion":1', '"formatVersion":2'), ...lines.slice(1)]);
        rewrite(full, bad('miscounted.gz'), (lines) => lines.filter((l) => !l.includes(w.bRecords.assessmentId) || !l.startsWith('[')));
        writeFileSync(bad('not-a-backup.gz'), gzipSync('{"hello":"world"}\n'));
        const refusals: [string, RegExp][] = [
          ['cut.gz', /^cut\.gz is incomplete: it ends before its last line/],
          ['truncated.gz', /^truncated\.gz is incomplete/],
          ['altered.gz', /^altered\.gz has been altered since it was written: its checksum does not match/],
          ['appended.gz', /^appended\.gz has been altered/],
          ['newer-schema.gz', /^newer-schema\.gz was made by a newer version of Care Oversight \(its schema includes 29991231T2359_from_the_future\)/],
          ['newer-format.gz', /^newer-format\.gz was written by a newer version of Care Oversight \(backup format 2\)/],
          ['miscounted.gz', /^miscounted\.gz has been altered: its row counts do not match/],
          ['not-a-backup.gz', /^not-a-backup\.gz is not a Care Oversight backup$/],
          ['missing.gz', /^missing\.gz: no such file$/],
        ];
        for (const [name, message] of refusals) {
          await assert.rejects(restoreBackup(target, { file: bad(name) }), (error: unknown) => error instanceof BackupRefused && message.test(error.message) && !error.message.includes('\n'), name);
          assert.deepEqual(await counts(target), empty, `${name} wrote nothing`);
        }
        await restoreBackup(target, { file: full });
        assert.equal((await counts(target)).services, (await counts(store)).services);
      } finally {
        await target.close();
      }
    });

    test('a table a capability adds later is backed up and restored without changing this code', async () => {
      // A reference to itself that points forward, identity and generated columns, arrays, JSON; and a table
      // without a primary key.
      const create = sql`create table later_things (
        id uuid primary key default gen_random_uuid(), parent_id uuid references later_things (id),
        council_id uuid references organisations (id), seq bigint generated always as identity,
        amount numeric(8, 2), twice numeric generated always as (amount * 2) stored, tags text[], doc jsonb, at timestamptz);
        create table later_notes (thing_id uuid not null references later_things (id), note text)`;
      const source = await database.open();
      const target = await database.open();
      try {
        await create.execute(source.db);
        await create.execute(target.db);
        const a = (await source.asSystem((tx) => tx.insertInto('organisations').values({ code: 'LATER', name: 'Later', kind: 'council' }).returning('id').executeTakeFirstOrThrow())).id;
        const ids = ['ffffffff-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
        await sql`insert into later_things (id, parent_id, council_id, amount, tags, doc, at) values
          (${ids[0]}, null, ${a}, 12.50, '{"a b", "c,d"}', '{"k": [1, "two"]}', '2026-03-01 10:11:12.345678+00'),
          (${ids[1]}, ${ids[0]}, null, null, '{}', null, null)`.execute(source.db);
        await sql`insert into later_notes (thing_id, note) select ${ids[0]}::uuid, 'note ' || n from generate_series(1, 2500) n`.execute(source.db);
        const file = path.join(dir, 'later.jsonl.gz');
        await exportBackup(source, { file });
        assert.equal(rowsByTable(backupLines(file)).get('later_things')!.length, 2);
        await restoreBackup(target, { file });
        const rows = await sql<Record<string, unknown>>`select id, parent_id, council_id, seq::int as seq, amount::text as amount, twice::text as twice, tags, doc, at::text as at
          from later_things order by seq`.execute(target.db);
        const original = await sql<Record<string, unknown>>`select id, parent_id, council_id, seq::int as seq, amount::text as amount, twice::text as twice, tags, doc, at::text as at
          from later_things order by seq`.execute(source.db);
        assert.deepEqual(rows.rows, original.rows);
        assert.equal(rows.rows[1]!.parent_id, ids[0]);
        const notes = async (s: Store) => (await sql<{ n: number; last: string }>`select count(*)::int as n, max(note) as last from later_notes`.execute(s.db)).rows[0];
        assert.deepEqual(await notes(target), { n: 2500, last: 'note 999' }, 'read in pages, by physical order');
        const council = path.join(dir, 'later-council.jsonl.gz');
        await exportBackup(source, { file: council, council: { code: 'LATER' } });
        const later = rowsByTable(backupLines(council)).get('later_things')!;
        assert.equal(later.length, 2, "the council's row, and the shared one (no council)");
        assert.equal(rowsByTable(backupLines(council)).get('later_notes')!.length, 2500, "rows that hang from the council's");
      } finally {
        await source.close();
        await target.close();
      }
    });
  });
}

async function orgCode(store: Store, id: string): Promise<string> {
  return (await store.db.selectFrom('organisations').select('code').where('id', '=', id).executeTakeFirstOrThrow()).code;
}

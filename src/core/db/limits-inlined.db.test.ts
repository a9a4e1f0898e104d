import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { sharedPostgresDatabase, testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';
import type { Tx } from './types.ts';

/** Users of every council with their organisation, a page at a time: a statement with a join, an order and a page. */
const usersPage = (tx: Tx, limit: number, offset = 0) =>
  tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.email', 'o.name as org_name'])
    .orderBy('u.email')
    .limit(limit)
    .offset(offset);

for (const database of testDatabases()) {
  describe(`limits and offsets written into the statement (${database.name})`, () => {
    let store: Store;
    let emails: string[];
    before(async () => {
      store = await database.open();
      await makeCouncil(store, 'Northmoor County Council');
      await makeCouncil(store, 'Ravensdale Borough Council');
      emails = await store.asSystem(async (tx) => (await tx.selectFrom('users').select('email').orderBy('email').execute()).map((r) => r.email));
    });
    after(() => store.close());

    test('a page is the same rows, with its limit and offset in the text rather than among the parameters', async () => {
      assert.ok(emails.length >= 8, 'two councils make enough users to page through');
      const compiled = await store.asSystem(async (tx) => usersPage(tx, 3, 2).compile());
      assert.match(compiled.sql, /limit 3 offset 2$/);
      assert.deepEqual(compiled.parameters, []);
      const page = await store.asSystem(async (tx) => usersPage(tx, 3, 2).execute());
      assert.deepEqual(
        page.map((r) => r.email),
        emails.slice(2, 5),
      );
    });

    test('anything but a whole, non-negative number stays a parameter, and the database refuses it as before', async () => {
      const compiled = await store.asSystem(async (tx) => usersPage(tx, -1).compile());
      assert.match(compiled.sql, /limit \$1 offset 0$/);
      assert.deepEqual(compiled.parameters, [-1]);
      await assert.rejects(
        store.asSystem(async (tx) => usersPage(tx, -1).execute()),
        /LIMIT must not be negative/,
      );
      const fraction = await store.asSystem(async (tx) => usersPage(tx, 1.5).compile());
      assert.deepEqual(fraction.parameters, [1.5]);
    });
  });
}

const shared = await sharedPostgresDatabase();

describe('a paged statement keeps one plan on PostgreSQL', { skip: shared ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  after(() => shared?.close());

  test('after five executions on a connection the statement runs on its generic plan rather than being planned each time', async () => {
    const store = shared!.store;
    const plans = await store.asSystem(async (tx) => {
      // Ten thousand rows with an index on the order: a first page reads five entries of the index.
      await sql`create temporary table paged_rows on commit drop as select g as id, md5(g::text) as name from generate_series(1, 10000) g`.execute(tx);
      await sql`create index on paged_rows (name)`.execute(tx);
      await sql`analyze paged_rows`.execute(tx);
      const firstPage = () => (tx as unknown as Kysely<{ paged_rows: { id: number; name: string } }>).selectFrom('paged_rows').select(['id', 'name']).where('id', '>', 0).orderBy('name').limit(5);
      for (let i = 0; i < 8; i++) assert.equal((await firstPage().execute()).length, 5);
      const text = firstPage().compile().sql;
      const rows = await sql<{ generic_plans: string; custom_plans: string }>`
        select generic_plans, custom_plans from pg_prepared_statements where statement = ${text}`.execute(tx);
      return rows.rows;
    });
    assert.equal(plans.length, 1, 'the statement is a named prepared statement');
    // With its limit a parameter, the planner prices the generic plan for a tenth of the rows and plans anew each time.
    assert.equal(Number(plans[0]!.custom_plans), 5);
    assert.equal(Number(plans[0]!.generic_plans), 3);
  });
});

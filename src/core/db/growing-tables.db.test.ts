import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { sharedPostgresDatabase } from '../../../test/support/databases.ts';
import type { Tx } from './database.ts';
import { planForGrowingTables } from './growing-tables.ts';

/**
 * Named prepared statements (prepared.ts) settle on a generic plan after five executions on a connection.
 * Within one transaction that fills a table, such a plan made while the table was empty stays. These tests
 * read a table seven times while it is empty, fill it, and read it three more times, counting the plans.
 */
// one connection, so a transaction after another runs on the same session
const shared = await sharedPostgresDatabase({ poolSize: 1 });

/** Each test its own table, so its statement's plans are counted from zero on a connection of the pool. */
async function readWhileGrowing(tx: Tx, table: string): Promise<{ generic: number; custom: number }> {
  await sql`create temporary table ${sql.table(table)} (key text primary key, value integer not null) on commit drop`.execute(tx);
  const db = tx as unknown as Kysely<Record<string, { key: string; value: number }>>;
  const read = (keys: string[]) => db.selectFrom(table).select(['key', 'value']).where(sql<boolean>`key = any(${keys}::text[])`).orderBy('key');
  // a batch's worth of keys, as the CQC import reads: 500 of them, three of which the table will hold
  const keys = ['k1', 'k2', 'k3', ...Array.from({ length: 497 }, (_, i) => `missing${i}`)];
  for (let i = 0; i < 7; i++) assert.deepEqual(await read(keys).execute(), []);
  await sql`insert into ${sql.table(table)} select 'k' || g, g from generate_series(1, 50000) g`.execute(tx);
  for (let i = 0; i < 3; i++) assert.deepEqual((await read(keys).execute()).map((r) => r.value), [1, 2, 3]);
  const compiled = read(keys).compile();
  const plans = await sql<{ generic_plans: string; custom_plans: string }>`
    select generic_plans, custom_plans from pg_prepared_statements where statement = ${compiled.sql}`.execute(tx);
  assert.equal(plans.rows.length, 1, 'the read is a named prepared statement');
  return {
    generic: Number(plans.rows[0]!.generic_plans),
    custom: Number(plans.rows[0]!.custom_plans),
  };
}

describe('a transaction that fills the tables it reads (PostgreSQL)', { skip: shared ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  after(() => shared?.close());

  test('left to itself, the server settles on one plan made while the table was empty and keeps it once the table is full', async () => {
    const plans = await shared!.store.asSystem((tx) => readWhileGrowing(tx, 'growing_left_alone'));
    assert.equal(plans.custom, 5);
    assert.equal(plans.generic, 5);
  });

  test('with planForGrowingTables, every read is planned for the table as it is then', async () => {
    const plans = await shared!.store.asSystem(async (tx) => {
      await planForGrowingTables(tx);
      return readWhileGrowing(tx, 'growing_planned');
    });
    assert.equal(plans.generic, 0);
    assert.equal(plans.custom, 10);
  });

  test('the setting ends with the transaction', async () => {
    await shared!.store.asSystem(planForGrowingTables);
    const after = await shared!.store.asSystem(async (tx) => (await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(tx)).rows[0]!.mode);
    assert.equal(after, 'auto');
  });
});

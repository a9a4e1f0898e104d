import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import type { Store } from './database.ts';
import { PREPARED_MAX_PARAMETERS, PREPARED_PER_CONNECTION } from './prepared.ts';
import type { Tx } from './types.ts';

/**
 * Named prepared statements, on PostgreSQL (prepared.ts) and on PGlite (pglite-prepared.ts): the same
 * behaviour and the same limits. pglite-prepared.db.test.ts checks what is PGlite's own.
 */

/** The protocol-level prepared statements of the transaction's connection, by their text. */
async function preparedTexts(tx: Tx): Promise<string[]> {
  const rows = await sql<{ statement: string }>`select statement from pg_prepared_statements where not from_sql`.execute(tx);
  return rows.rows.map((r) => r.statement);
}

for (const database of testDatabases()) {
  describe(`named prepared statements (${database.name})`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(() => store.close());

    test('a statement with parameters, or a select without, is parsed once per connection and answers as before; others stay unnamed', async () => {
      const texts = await store.asSystem(async (tx) => {
        for (const n of [1, 2, 3, 4, 5, 6, 7]) {
          const row = (await sql<{ doubled: number }>`select ${n}::int * 2 as doubled`.execute(tx)).rows[0]!;
          assert.equal(row.doubled, n * 2, 'each execution binds its own value');
        }
        for (let i = 0; i < 3; i++)
          assert.equal((await sql<{ plain: string }>`select 'no parameters' as plain`.execute(tx)).rows[0]!.plain, 'no parameters');
        await sql`set local application_name = 'not a select'`.execute(tx);
        await sql`select 'one'::text as a; select 'of two' as b`.execute(tx);
        return preparedTexts(tx);
      });
      assert.equal(texts.filter((t) => t === 'select $1::int * 2 as doubled').length, 1, 'one named statement for seven executions');
      assert.equal(texts.filter((t) => t === `select 'no parameters' as plain`).length, 1, 'a select without parameters is named too');
      assert.ok(!texts.some((t) => t.includes('not a select')), 'any other statement without parameters keeps the simple protocol');
      assert.ok(!texts.some((t) => t.includes('of two')), 'as does a text of several statements');
    });

    test('a failed statement or a rolled-back transaction leaves the connection usable, and the statement still works', async () => {
      await assert.rejects(
        store.asSystem(async (tx) => {
          await sql`select ${'x'}::int as broken`.execute(tx);
        }),
        /invalid input syntax for type integer/,
      );
      const value = await store.asSystem(
        async (tx) => (await sql<{ broken: number }>`select ${'5'}::int as broken`.execute(tx)).rows[0]!.broken,
      );
      assert.equal(value, 5);
    });

    test('statements with many parameters stay unnamed, and a connection names at most its share', async () => {
      const many = Array.from({ length: PREPARED_MAX_PARAMETERS + 1 }, (_, i) => i);
      const texts = await store.asSystem(async (tx) => {
        const sum = await sql<{ total: number }>`select (${sql.join(
          many.map((n) => sql`${n}::int`),
          sql` + `,
        )}) as total`.execute(tx);
        assert.equal(
          sum.rows[0]!.total,
          many.reduce((a, b) => a + b, 0),
        );
        for (let i = 0; i < PREPARED_PER_CONNECTION + 20; i++) await sql`select ${i}::int as ${sql.ref(`n${i}`)}`.execute(tx);
        return preparedTexts(tx);
      });
      assert.ok(!texts.some((t) => t.includes(`$${PREPARED_MAX_PARAMETERS + 1}`)), 'the long statement was not named');
      assert.equal(texts.length, PREPARED_PER_CONNECTION, 'the connection stops naming statements at its limit');
      assert.ok(!texts.includes(`select $1::int as "n${PREPARED_PER_CONNECTION + 19}"`), 'the last distinct statement ran unnamed');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openStore, type Store } from './database.ts';
import { PglitePrepared } from './pglite-prepared.ts';

/**
 * What is PGlite's own in its named prepared statements: values through its serializers and parsers, affected
 * rows, a failed parse, the limit on a small scale. prepared.db.test.ts checks, on both databases, that a
 * statement is parsed once and the limits hold.
 */

describe('named prepared statements on PGlite', () => {
  let store: Store;
  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await store.migrate();
  });
  after(() => store.close());

  test('values go in and come out as through PGlite’s own query(): arrays, json, dates, booleans, numbers and nulls', async () => {
    const statement = sql<{ ids: string[]; doc: { a: number[] }; day: string; yes: boolean; big: number; none: string | null; n: number }>`
      select ${['a', 'b', 'c"d']}::text[] as ids, ${JSON.stringify({ a: [1, 2] })}::jsonb as doc, ${'2026-12-07'}::date as day,
        ${true}::boolean as yes, ${'9007199254740'}::bigint as big, ${null}::text as none, ${12.5}::numeric as n`;
    const compiled = statement.compile(store.db);
    const raw = await PGlite.create();
    const ours: Awaited<ReturnType<typeof raw.query>>['rows'] = [];
    let theirs: unknown;
    try {
      const prepared = new PglitePrepared(raw);
      for (let i = 0; i < 7; i++) ours.push((await prepared.query(compiled.sql, compiled.parameters)).rows[0]);
      theirs = (await raw.query(compiled.sql, [...compiled.parameters])).rows[0];
    } finally {
      await raw.close();
    }
    for (const row of ours) assert.deepEqual(row, theirs);
    // and through the store, with its parsers
    const row = await store.asSystem(async (tx) => (await statement.execute(tx)).rows[0]!);
    assert.deepEqual(row, {
      ids: ['a', 'b', 'c"d'],
      doc: { a: [1, 2] },
      day: '2026-12-07',
      yes: true,
      big: 9007199254740,
      none: null,
      n: 12.5,
    });
  });

  test('writes report the rows they changed; a failed statement leaves the connection usable and the statement working', async () => {
    await store.asSystem(async (tx) => {
      await sql`create temporary table prepared_probe (id int primary key, label text not null) on commit drop`.execute(tx);
      const inserted = await tx
        .insertInto('prepared_probe' as never)
        .values({ id: 1, label: 'one' } as never)
        .executeTakeFirst();
      assert.equal(inserted.numInsertedOrUpdatedRows, 1n);
      const updated = await sql`update prepared_probe set label = ${'uno'} where id = ${1}`.execute(tx);
      assert.equal(updated.numAffectedRows, 1n);
    });
    await assert.rejects(
      store.asSystem(async (tx) => {
        await sql`select ${'x'}::int as broken`.execute(tx);
      }),
      // PostgreSQL's error as the app reads it: its code (fromDatabaseError) as well as its message
      { code: '22P02', message: /invalid input syntax for type integer/ },
    );
    // a statement whose parse fails is not kept: the same text, fixed, is a new statement
    await assert.rejects(
      store.asSystem((tx) => sql`select ${1}::int as value from no_such_table`.execute(tx)),
      { code: '42P01', message: /no_such_table/ },
    );
    const value = await store.asSystem(
      async (tx) => (await sql<{ broken: number }>`select ${'5'}::int as broken`.execute(tx)).rows[0]!.broken,
    );
    assert.equal(value, 5);
  });

  test('a small limit is kept too, and the statements beyond it answer all the same', async () => {
    const raw = await PGlite.create();
    try {
      const prepared = new PglitePrepared(raw, 2);
      for (const n of [1, 2, 3]) {
        const text = `select $1::int + ${n} as v`;
        assert.equal(prepared.takes(text, [n]), n <= 2, `statement ${n}`);
        if (prepared.takes(text, [n])) assert.deepEqual((await prepared.query<{ v: number }>(text, [n])).rows, [{ v: 2 * n }]);
      }
      assert.equal(prepared.takes('select $1::int + 1 as v', [9]), true, 'a named statement stays named');
      assert.equal(prepared.takes('select 1', []), false, 'no parameters: the simple protocol');
    } finally {
      await raw.close();
    }
  });
});

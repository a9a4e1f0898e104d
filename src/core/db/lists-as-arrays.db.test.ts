import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';
import { LIST_AS_ARRAY_FROM } from './lists-as-arrays.ts';

for (const database of testDatabases()) {
  describe(`lists of values sent as one array (${database.name})`, () => {
    let store: Store;
    let users: { id: string; email: string }[];
    before(async () => {
      store = await database.open();
      await makeCouncil(store, 'Northmoor County Council');
      await makeCouncil(store, 'Ravensdale Borough Council');
      users = await store.asSystem((tx) => tx.selectFrom('users').select(['id', 'email']).orderBy('email').execute());
    });
    after(() => store.close());

    test('`in` a list finds the same rows as one array parameter, one statement text for any length', async () => {
      assert.ok(users.length >= 8);
      const byIds = (ids: readonly string[]) =>
        store.asSystem((tx) => tx.selectFrom('users').select('email').where('id', 'in', ids).orderBy('email').execute());
      const some = users.slice(1, 6);
      const compiled = await store.asSystem(async (tx) =>
        tx
          .selectFrom('users')
          .select('email')
          .where(
            'id',
            'in',
            some.map((u) => u.id),
          )
          .where('active', '=', true)
          .compile(),
      );
      assert.match(compiled.sql, /"id" = any\(\$1\) and "active" = \$2/);
      assert.deepEqual(compiled.parameters, [some.map((u) => u.id), true]);
      assert.deepEqual(
        (await byIds(some.map((u) => u.id))).map((r) => r.email),
        some.map((u) => u.email),
      );
      assert.deepEqual(
        (await byIds(users.map((u) => u.id))).map((r) => r.email),
        users.map((u) => u.email),
      );
      // Inside or and parentheses too, and numbers and text as well as ids.
      const either = await store.asSystem((tx) =>
        tx
          .selectFrom('users')
          .select('email')
          .where((eb) =>
            eb.or([
              eb('email', 'in', [users[0]!.email, users[1]!.email, 'nobody@example.org']),
              eb('id', 'in', [users[2]!.id, users[3]!.id, users[4]!.id]),
            ]),
          )
          .orderBy('email')
          .execute(),
      );
      assert.deepEqual(
        either.map((r) => r.email),
        users.slice(0, 5).map((u) => u.email),
      );
      const numbers = await store.asSystem((tx) =>
        tx
          .selectFrom(sql<{ n: number }>`generate_series(1, 10)`.as('g'))
          .select(sql<number>`g`.as('n'))
          .where(sql.ref('g'), 'in', [2, 4, 6, 99])
          .execute(),
      );
      assert.equal(numbers.length, 3);
    });

    test('a short list stays a list; a subquery, a list with a null and a `not in` are left as written', async () => {
      const short = Array.from({ length: LIST_AS_ARRAY_FROM - 1 }, (_, i) => users[i]!.id);
      const compiled = await store.asSystem(async (tx) => tx.selectFrom('users').select('email').where('id', 'in', short).compile());
      assert.match(compiled.sql, /"id" in \(\$1, \$2\)/);
      const sub = await store.asSystem(async (tx) =>
        tx
          .selectFrom('users')
          .select('email')
          .where('org_id', 'in', (eb) => eb.selectFrom('organisations').select('id'))
          .compile(),
      );
      assert.match(sub.sql, /"org_id" in \(select/);
      const withNull = await store.asSystem(async (tx) =>
        tx.selectFrom('users').select('email').where('team', 'in', ['a', 'b', null]).compile(),
      );
      assert.match(withNull.sql, /"team" in \(\$1, \$2, \$3\)/);
      const notIn = await store.asSystem(async (tx) =>
        tx
          .selectFrom('users')
          .select('email')
          .where(
            'id',
            'not in',
            users.slice(0, 4).map((u) => u.id),
          )
          .execute(),
      );
      assert.equal(notIn.length, users.length - 4);
    });

    test('lists of different lengths are one named prepared statement', async () => {
      const texts = await store.asSystem(async (tx) => {
        for (const n of [3, 5, users.length]) {
          await tx
            .selectFrom('users')
            .select('email')
            .where(
              'id',
              'in',
              users.slice(0, n).map((u) => u.id),
            )
            .execute();
        }
        const rows = await sql<{ statement: string }>`select statement from pg_prepared_statements where not from_sql`.execute(tx);
        return rows.rows.map((r) => r.statement);
      });
      assert.equal(texts.filter((t) => t === 'select "email" from "users" where "id" = any($1)').length, 1, texts.join('\n'));
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';

/**
 * store.readsTogether: inside a request's unit of work, the reads it starts are steps without a savepoint
 * each, still as their user (row-level security) or as the system; a read that fails there fails the
 * request's transaction. Outside a request it changes nothing.
 */
for (const database of testDatabases()) {
  describe(`reads together in a request's unit of work (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      await store.asSystem(async (tx) => {
        await tx.insertInto('providers').values({ council_id: a.org.id, name: 'A Provider' }).execute();
        await tx.insertInto('providers').values({ council_id: b.org.id, name: 'B Provider' }).execute();
      });
    });
    after(() => store.close());

    const providerNames = (tx: Parameters<Parameters<Store['asSystem']>[0]>[0]) =>
      tx.selectFrom('providers').select('name').orderBy('name').execute().then((rows) => rows.map((r) => r.name));

    test('the reads share the transaction without savepoints, each still as its user or as the system', async () => {
      const unit = store.openRequest(a.officer.actor);
      const [mine, everyone, mineAgain] = await unit.run(() =>
        store.readsTogether(() => Promise.all([store.asUser(a.officer.actor, providerNames), store.asSystem(providerNames), store.asUser(a.officer.actor, providerNames)])),
      );
      await unit.commit();
      assert.deepEqual(mine, ['A Provider'], 'row-level security still applies to the user');
      assert.deepEqual(everyone, ['A Provider', 'B Provider'], 'the system step sees every council');
      assert.deepEqual(mineAgain, ['A Provider'], 'back to the user after the system step');
      assert.deepEqual(unit.counts, { transactions: 1, steps: 3, savepoints: 0 });
    });

    test('steps outside readsTogether keep their savepoints', async () => {
      const unit = store.openRequest(a.officer.actor);
      await unit.run(async () => {
        await store.asUser(a.officer.actor, providerNames);
        await store.readsTogether(() => store.asUser(a.officer.actor, providerNames));
        await store.asUser(a.officer.actor, providerNames);
      });
      await unit.commit();
      assert.deepEqual(unit.counts, { transactions: 1, steps: 3, savepoints: 2 });
    });

    test('a read that fails fails the transaction: nothing after it in the request reaches the database', async () => {
      const unit = store.openRequest(a.officer.actor);
      await assert.rejects(
        unit.run(() => store.readsTogether(() => store.asUser(a.officer.actor, (tx) => sql`select 1 / 0 as broken`.execute(tx)))),
        /division by zero/,
      );
      await assert.rejects(
        unit.run(() => store.asUser(a.officer.actor, providerNames)),
        /current transaction is aborted/,
      );
      await unit.rollback();
    });

    test('outside a request it only runs the work, in transactions of its own', async () => {
      const names = await store.readsTogether(() => store.asUser(b.officer.actor, providerNames));
      assert.deepEqual(names, ['B Provider']);
    });
  });
}

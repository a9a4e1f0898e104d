import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';
import { UnitsOfWork } from './unit-of-work.ts';

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

    test('what is asked for once inside readsTogether is read once for all of it: per transaction, role and readsTogether', async () => {
      const units = new UnitsOfWork(store.db);
      const reads: string[] = [];
      const stamp = (tx: Parameters<Parameters<Store['asSystem']>[0]>[0], key: string, who: string) =>
        units.onceInReads(tx, key, async () => {
          reads.push(`${who}:${key}`);
          const { rows } = await sql<{ now: string }>`select clock_timestamp()::text as now`.execute(tx);
          return rows[0]!.now;
        });
      const unit = units.open(a.officer.actor);
      const asked = await unit.run(() =>
        units.readsTogether(async () => {
          const first = await units.join(a.officer.actor, 'user', (tx) => stamp(tx, 'council', 'user'));
          const again = await units.join(a.officer.actor, 'user', (tx) => stamp(tx, 'council', 'user'));
          const other = await units.join(a.officer.actor, 'user', (tx) => stamp(tx, 'another', 'user'));
          const system = await units.join(undefined, 'system', (tx) => stamp(tx, 'council', 'system'));
          // a transaction of its own (as a replica's read is) reads for itself; PGlite's one connection is the unit's
          const elsewhere = database.name === 'postgres' ? await store.db.transaction().execute((tx) => stamp(tx, 'council', 'elsewhere')) : undefined;
          return { first, again, other, system, elsewhere };
        }),
      );
      assert.equal(asked.again, asked.first, 'asked again, the first answer');
      assert.deepEqual(reads, ['user:council', 'user:another', 'system:council', ...(asked.elsewhere ? ['elsewhere:council'] : [])]);
      assert.equal(unit.sharedReads, 1);

      // after readsTogether, and in another readsTogether of the same request, it reads afresh
      reads.length = 0;
      await unit.run(async () => {
        await units.join(a.officer.actor, 'user', (tx) => stamp(tx, 'council', 'after'));
        await units.readsTogether(async () => {
          await units.join(a.officer.actor, 'user', (tx) => stamp(tx, 'council', 'next'));
        });
      });
      await unit.commit();
      assert.deepEqual(reads, ['after:council', 'next:council']);
      assert.equal(unit.sharedReads, 1);
    });

    test('outside a request it only runs the work, in transactions of its own', async () => {
      const names = await store.readsTogether(() => store.asUser(b.officer.actor, providerNames));
      assert.deepEqual(names, ['B Provider']);
    });
  });
}

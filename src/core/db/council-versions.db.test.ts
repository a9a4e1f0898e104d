import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeStatusWorld, type StatusWorld } from '../../../test/support/status-world.ts';
import type { Store } from './database.ts';

/**
 * A council's version (council_versions, the stamp of every answer kept by council) moves with every committed
 * change to one of its services' records, once a transaction however many rows change (migration
 * 20261207T2120_council_versions_once), and never for another council's changes. The mark that says "already
 * moved in this transaction" goes with the transaction, and with a savepoint rolled back.
 */
for (const database of testDatabases()) {
  describe(`council versions (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    const versionOf = (councilId: string) =>
      store.asSystem(async (tx) => (await sql<{ version: string }>`select version::text from council_versions where council_id = ${councilId}`.execute(tx)).rows[0]?.version);
    const rename = (id: string, name: string) => sql`update services set name = ${name} where id = ${id}`;

    before(async () => {
      store = await database.open();
      world = await makeStatusWorld(store);
    });
    after(async () => store.close());

    test('every transaction that changes a council’s services moves its version; others’ do not', async () => {
      const { north, west } = world;
      const [north0, west0] = [await versionOf(north.org.id), await versionOf(west.org.id)];
      assert.ok(north0 && west0, 'each council with services has a version');
      await store.asSystem(async (tx) => {
        await rename(world.oakHouseId, 'Oak House I').execute(tx);
        await rename(world.elmId, 'Elm View I').execute(tx);
        await rename(world.oakHouseId, 'Oak House II').execute(tx);
      });
      const north1 = await versionOf(north.org.id);
      assert.notEqual(north1, north0, 'moved by the first transaction');
      assert.equal(await versionOf(west.org.id), west0, 'another council’s version stays');
      await store.asSystem((tx) => rename(world.elmId, 'Elm View II').execute(tx));
      const north2 = await versionOf(north.org.id);
      assert.notEqual(north2, north1, 'moved again by the next transaction: the mark does not outlive its transaction');
      assert.ok(BigInt(north2!) > BigInt(north1!));
      assert.equal(await versionOf(west.org.id), west0);
    });

    test('a bump rolled back to a savepoint takes its mark with it', async () => {
      const { north } = world;
      const before = await versionOf(north.org.id);
      await store.asSystem(async (tx) => {
        await sql`savepoint s`.execute(tx);
        await sql`select council_versions_bump(array[${north.org.id}]::uuid[])`.execute(tx);
        await sql`rollback to savepoint s`.execute(tx);
        await rename(world.oakLodgeId, 'Oak Lodge I').execute(tx);
      });
      assert.notEqual(await versionOf(north.org.id), before, 'the change after the rollback moved the version');
    });

    test('a transaction that changes nothing of a council’s leaves its version', async () => {
      const { north } = world;
      const before = await versionOf(north.org.id);
      await store.asSystem((tx) => sql`update services set name = name where council_id = ${world.west.org.id}`.execute(tx));
      assert.equal(await versionOf(north.org.id), before);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import type { Store } from '../db/database.ts';
import { clearAttempts, countAttempt, pruneAttempts, readAttempts, uncountAttempt } from './rate-limits.repository.ts';

const MINUTE = 60_000;

for (const database of testDatabases()) {
  describe(`rate-limit counters (${database.name})`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(() => store.close());

    const count = (key: string, windowMs: number) => store.asSystem((tx) => countAttempt(tx, key, windowMs));
    const read = (key: string) => store.asSystem((tx) => readAttempts(tx, key));
    /** Moves a counter's window back in time, as if its attempts had been made `ms` earlier. */
    const age = (key: string, ms: number) =>
      store.asSystem((tx) => sql`update rate_limits set resets_at = resets_at - make_interval(secs => ${ms / 1000}) where key = ${key}`.execute(tx));

    test('a counter keeps the window it started with: a caller with a shorter window cannot cut it short', async () => {
      for (let i = 1; i <= 3; i++) assert.equal((await count('k:long', 15 * MINUTE)).hits, i);
      await age('k:long', MINUTE + 1000);
      const next = await count('k:long', MINUTE);
      assert.equal(next.hits, 4, 'a one-minute caller a minute later does not restart a fifteen-minute counter');
      assert.ok(next.resetsInMs > 13 * MINUTE && next.resetsInMs <= 14 * MINUTE, String(next.resetsInMs));
    });

    test('once its window has ended a counter starts again at one, with the new window', async () => {
      await count('k:ended', MINUTE);
      await count('k:ended', MINUTE);
      await age('k:ended', MINUTE);
      assert.deepEqual(await read('k:ended'), { hits: 0, resetsInMs: 0 });
      const restarted = await count('k:ended', 15 * MINUTE);
      assert.equal(restarted.hits, 1);
      assert.ok(restarted.resetsInMs > 14 * MINUTE, String(restarted.resetsInMs));
    });

    test('keys count apart; an attempt taken back, and a counter cleared', async () => {
      await count('k:a', MINUTE);
      await count('k:a', MINUTE);
      await count('k:b', MINUTE);
      assert.equal((await read('k:a')).hits, 2);
      assert.equal((await read('k:b')).hits, 1);
      await store.asSystem((tx) => uncountAttempt(tx, 'k:a'));
      assert.equal((await read('k:a')).hits, 1);
      await store.asSystem((tx) => clearAttempts(tx, 'k:a'));
      assert.equal((await read('k:a')).hits, 0);
      assert.equal((await read('k:b')).hits, 1);
    });

    test('counters that ended over an hour ago are pruned; running ones stay', async () => {
      await count('k:old', MINUTE);
      await count('k:running', MINUTE);
      await age('k:old', 62 * MINUTE);
      await store.asSystem(pruneAttempts);
      const keys = await store.asSystem((tx) => sql<{ key: string }>`select key from rate_limits where key in ('k:old', 'k:running')`.execute(tx));
      assert.deepEqual(keys.rows.map((r) => r.key), ['k:running']);
    });
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { snapshotCache, type SnapshotOf } from './snapshot-cache.ts';
import type { Tx } from './types.ts';

/**
 * Reads under way are shared: requests in flight when the database changes all miss at once, and only the
 * first reads. The database's snapshot is given here, so which requests share it is certain (on a real server
 * any commit in the cluster moves it). snapshot-cache.db.test.ts checks the cache against real commits.
 */
const tx = {} as Tx;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets every request started so far run up to its first wait. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('answers kept while the database is unchanged: reads under way', () => {
  test('requests that miss under the same snapshot read once and get the same answer', async () => {
    const snapshot: SnapshotOf = async () => ({ snapshot: '10:10:', wrote: false });
    const cache = snapshotCache(10, snapshot);
    const { opened, open } = gate();
    let reads = 0;
    const read = async () => {
      reads++;
      await opened;
      return { items: [1, 2, 3] };
    };
    const asked = [1, 2, 3, 4].map(() => cache.remember(tx, 'work:me', read));
    await settle();
    open();
    const answers = await Promise.all(asked);
    assert.equal(reads, 1);
    for (const answer of answers) assert.equal(answer, answers[0]);
    assert.ok(Object.isFrozen(answers[0]!.items));
    // and the answer is kept for the next request under that snapshot
    assert.equal(await cache.remember(tx, 'work:me', read), answers[0]);
    assert.equal(reads, 1);
  });

  test('another key, or another snapshot, is another read', async () => {
    let current = '10:10:';
    const cache = snapshotCache(10, async () => ({ snapshot: current, wrote: false }));
    const { opened, open } = gate();
    let reads = 0;
    const read = async () => {
      reads++;
      await opened;
      return { reads };
    };
    const first = cache.remember(tx, 'work:me', read);
    const other = cache.remember(tx, 'work:you', read);
    await settle();
    current = '11:11:';
    const later = cache.remember(tx, 'work:me', read);
    await settle();
    open();
    await Promise.all([first, other, later]);
    assert.equal(reads, 3);
  });

  test('when the read under way fails, the requests waiting for it read for themselves', async () => {
    const cache = snapshotCache(10, async () => ({ snapshot: '10:10:', wrote: false }));
    const { opened, open } = gate();
    let reads = 0;
    const read = async () => {
      reads++;
      await opened;
      if (reads === 1) throw new Error('the first request failed');
      return { ok: true };
    };
    const first = cache.remember(tx, 'work:me', read);
    const waiting = [cache.remember(tx, 'work:me', read), cache.remember(tx, 'work:me', read)];
    await settle();
    assert.equal(reads, 1, 'only the first is reading');
    open();
    await assert.rejects(first, /the first request failed/);
    assert.deepEqual(await Promise.all(waiting), [{ ok: true }, { ok: true }]);
    assert.equal(reads, 3);
  });

  test('a unit of work that has written reads for itself, and does not share its answer', async () => {
    let wrote = true;
    const cache = snapshotCache(10, async () => ({ snapshot: '10:10:', wrote }));
    let reads = 0;
    const read = async () => ({ n: ++reads });
    assert.deepEqual(await cache.remember(tx, 'work:me', read), { n: 1 });
    assert.deepEqual(await cache.remember(tx, 'work:me', read), { n: 2 });
    wrote = false;
    assert.deepEqual(await cache.remember(tx, 'work:me', read), { n: 3 });
    assert.deepEqual(await cache.remember(tx, 'work:me', read), { n: 3 });
  });

  test('answers about a state the database has left are let go; what is kept is about the newest', async () => {
    let current = '10:12:';
    const cache = snapshotCache(10, async () => ({ snapshot: current, wrote: false }));
    const { opened, open } = gate();
    await cache.remember(tx, 'work:me', async () => 'mine');
    await cache.remember(tx, 'work:you', async () => 'yours');
    assert.equal(cache.size(), 2);
    // A read begun under 10:12 finishes after 10:13 is seen: it is answered, not kept.
    const slow = cache.remember(tx, 'report:me', async () => {
      await opened;
      return 'slow';
    });
    await settle();
    current = '12:13:12';
    assert.equal(await cache.remember(tx, 'work:me', async () => 'mine, again'), 'mine, again');
    assert.equal(cache.size(), 1, 'the answers under 10:12 are gone');
    open();
    assert.equal(await slow, 'slow');
    assert.equal(cache.size(), 1, 'and the one read under 10:12 is not kept');
    // The same xmax with a transaction finished since (a shorter list in progress) is another snapshot, but
    // an answer under it is kept beside those of its xmax.
    current = '13:13:';
    assert.equal(await cache.remember(tx, 'work:you', async () => 'yours, again'), 'yours, again');
    assert.equal(cache.size(), 2);
  });
});

describe('answers kept: none when the capacity is 0 (KEPT_ANSWERS=0)', () => {
  test('every call reads, the snapshot is never asked for, and the answer is not frozen', async () => {
    let asked = 0;
    const cache = snapshotCache(0, async () => {
      asked++;
      return { snapshot: '10:10:', wrote: false };
    });
    let reads = 0;
    const read = async () => ({ reads: ++reads });
    const first = await cache.remember(tx, 'work:me', read);
    const second = await cache.remember(tx, 'work:me', read);
    assert.deepEqual([first.reads, second.reads], [1, 2]);
    assert.equal(asked, 0, 'no statement for the snapshot: a read costs what it did before answers were kept');
    assert.equal(cache.size(), 0);
    assert.ok(!Object.isFrozen(first));
  });

  test('a capacity of 1 keeps the latest answer only', async () => {
    const cache = snapshotCache(1, async () => ({ snapshot: '10:10:', wrote: false }));
    let reads = 0;
    const read = async () => ++reads;
    await cache.remember(tx, 'a', read);
    await cache.remember(tx, 'b', read);
    assert.equal(await cache.remember(tx, 'b', read), 2, 'b is kept');
    assert.equal(await cache.remember(tx, 'a', read), 3, 'a was let go to keep b');
    assert.equal(cache.size(), 1);
  });
});

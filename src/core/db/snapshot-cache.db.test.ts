import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sharedPostgresDatabase, testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import { readBrand, saveBrand } from '../brand/brand.ts';
import { openStore, type Actor, type Store } from './database.ts';
import { readSetting, writeSetting } from './settings.ts';

/**
 * Store.remember keeps an answer only while nothing has been committed to the database: the page frame
 * (the council's brand) and the work lists rely on it, so a change must show on the very next request, in
 * this process and in any other on the same database.
 */
for (const database of testDatabases()) {
  describe(`answers kept while the database is unchanged (${database.name})`, () => {
    let store: Store;
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let officer: Actor;

    before(async () => {
      store = await database.open();
      council = await makeCouncil(store, 'Northmoor County Council');
      officer = council.officer.actor;
    });
    after(() => store.close());

    /** The brand as the page frame reads it, and how many times it was read from the tables. */
    let reads = 0;
    const brand = () =>
      store.asSystem((tx) =>
        store.remember(tx, `brand:${council.org.id}`, () => {
          reads++;
          return readBrand(tx, officer);
        }),
      );

    test('the same answer, without reading again, while nothing is committed; a committed change is seen at once', async () => {
      reads = 0;
      const first = await brand();
      const second = await brand();
      assert.equal(reads, 1, 'read once');
      assert.deepEqual(second, first);
      assert.equal(first.footerLinks[0]!.href, '/privacy');

      await store.asSystem((tx) => saveBrand(tx, council.org.id, { privacy_url: 'https://northmoor.example.gov.uk/privacy' }));
      const changed = await brand();
      assert.equal(reads, 2, 'read again after the change');
      assert.equal(changed.footerLinks[0]!.href, 'https://northmoor.example.gov.uk/privacy');

      // Any committed write anywhere counts as a change: the cache never decides what an answer depends on.
      await store.asSystem((tx) => writeSetting(tx, 'snapshot-cache-test', { n: 1 }));
      await brand();
      assert.equal(reads, 3);
      await brand();
      assert.equal(reads, 3);
    });

    test('a unit of work that has written reads afresh, and sees its own change', async () => {
      await brand();
      const before = reads;
      const seen = await store.asSystem(async (tx) => {
        await saveBrand(tx, council.org.id, { contact_url: 'https://northmoor.example.gov.uk/contact' });
        return store.remember(tx, `brand:${council.org.id}`, () => {
          reads++;
          return readBrand(tx, officer);
        });
      });
      assert.equal(reads, before + 1);
      assert.equal(seen.footerLinks[2]!.href, 'https://northmoor.example.gov.uk/contact');
      assert.equal((await brand()).footerLinks[2]!.href, 'https://northmoor.example.gov.uk/contact');
    });

    test('a change rolled back leaves the answer as it was', async () => {
      const kept = await brand();
      await assert.rejects(
        store.asSystem(async (tx) => {
          await saveBrand(tx, council.org.id, { privacy_url: 'https://example.org/never' });
          throw new Error('undone');
        }),
        /undone/,
      );
      assert.deepEqual(await brand(), kept);
    });

    test('a caller cannot change the kept answer: it is frozen, for the first caller as for the next', async () => {
      const first = await brand();
      assert.throws(() => {
        (first.footerLinks as unknown as unknown[]).length = 0;
      }, TypeError);
      assert.throws(() => {
        (first.footerLinks[0] as { href: string }).href = 'https://elsewhere.example/';
      }, TypeError);
      const again = await brand();
      assert.equal(again.footerLinks.length, 3);
      assert.equal(again.footerLinks[0]!.href, first.footerLinks[0]!.href);
    });
  });
}

const shared = await sharedPostgresDatabase();

describe('answers kept by two instances on one PostgreSQL database', { skip: shared ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let one: Store;
  let two: Store;
  before(async () => {
    one = shared!.store;
    two = await openStore({ databaseUrl: shared!.url, poolSize: 2 });
  });
  after(async () => {
    await two.close();
    await shared?.close();
  });

  test('a change committed by one instance is seen by the other on its next read', async () => {
    const setting = (store: Store) => store.asSystem((tx) => store.remember(tx, 'setting:shared', () => readSetting(tx, 'shared-by-instances')));
    await one.asSystem((tx) => writeSetting(tx, 'shared-by-instances', 'first'));
    assert.equal(await setting(one), 'first');
    assert.equal(await setting(two), 'first');
    await two.asSystem((tx) => writeSetting(tx, 'shared-by-instances', 'second'));
    assert.equal(await setting(one), 'second', 'instance one does not keep the answer it read before instance two changed it');
    await one.asSystem((tx) => writeSetting(tx, 'shared-by-instances', 'third'));
    assert.equal(await setting(two), 'third');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { SERVICE_SORTS, type SortOrder } from './services.search.ts';
import { countServices, searchServices, type ServiceSearchCriteria } from './services.repository.ts';
import { makeProvider, makeService } from './register.test-support.ts';

/** The register search the services list, the API and the benchmark all use, on both databases. */
for (const database of testDatabases()) {
  describe(`service register search (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: Awaited<ReturnType<typeof makeUser>>;
    let oak: { id: string };
    let elm: { id: string };
    const names: string[] = [];

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const portal = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, portal, 'provider');
      oak = await makeProvider(store, a.org.id, { name: 'Oak Care Ltd', orgId: portal.id });
      elm = await makeProvider(store, a.org.id, { name: 'Elm 100% Homes' });
      const categories = ['care_home_older_people', 'home_care', 'supported_living'] as const;
      // 30 services with deliberately repeated sort values, so ties must be broken by id.
      for (let i = 0; i < 30; i++) {
        const name = `${['Ash', 'Birch', 'Cedar', 'Damson', 'Elder'][i % 5]} ${i % 2 ? 'House' : 'Lodge'} ${Math.floor(i / 10)}`;
        names.push(name);
        await makeService(store, a.org.id, i % 3 ? oak.id : elm.id, {
          name,
          category: categories[i % 3],
          postcode: `SG${10 + (i % 4)} ${i % 9}AB`,
          cqcLocationId: `1-${1000 + i}`,
          fundedPeople: i % 4,
          inCounty: i % 5 !== 0,
          leadOfficerId: i % 2 ? a.officer.actor.userId : null,
        });
      }
      const other = await makeProvider(store, b.org.id, { name: 'Oak Care Ltd' });
      await makeService(store, b.org.id, other.id, { name: 'Ash House B', postcode: 'SG10 0AB', cqcLocationId: '1-1000' });
    });
    after(() => store.close());

    const asA = <T>(work: Parameters<Store['asUser']>[1] extends (tx: infer X) => Promise<unknown> ? (tx: X) => Promise<T> : never) =>
      store.asUser(a.officer.actor, work);
    const search = (criteria: Partial<ServiceSearchCriteria>) => asA((tx) => searchServices(tx, { limit: 200, councilId: a.org.id, ...criteria }));

    test('free text finds by service name, provider name, postcode start and CQC location id', async () => {
      const cases: [string, (s: { name: string; provider: { name: string }; postcode: string; cqcLocationId: string | null }) => boolean][] = [
        ['cedar', (s) => s.name.startsWith('Cedar')],
        ['LODGE 2', (s) => s.name.endsWith('Lodge 2')],
        ['elm 100%', (s) => s.provider.name === 'Elm 100% Homes'],
        ['sg11', (s) => s.postcode.startsWith('SG11 ')],
        ['SG12 1', (s) => s.postcode.startsWith('SG12 1')],
        ['sg121ab', (s) => s.postcode === 'SG12 1AB'],
        ['1-1007', (s) => s.cqcLocationId === '1-1007'],
      ];
      const all = (await search({})).items;
      for (const [q, expected] of cases) {
        const found = (await search({ q })).items.map((s) => s.id).sort();
        const wanted = all.filter(expected).map((s) => s.id).sort();
        assert.ok(wanted.length > 0, `the case ${q} should match something`);
        assert.deepEqual(found, wanted, q);
      }
    });

    test('LIKE wildcards in the search are taken literally', async () => {
      assert.equal((await search({ q: '%' })).items.length, 10, 'only the provider with % in its name');
      assert.equal((await search({ q: '_' })).items.length, 0);
    });

    test('filters narrow the results and combine', async () => {
      const all = (await search({})).items;
      assert.equal(all.length, 30);
      assert.equal((await search({ category: 'home_care' })).items.length, 10);
      assert.equal((await search({ inCounty: false })).items.length, 6);
      assert.equal((await search({ leadOfficerId: a.officer.actor.userId })).items.length, 15);
      assert.equal((await search({ providerId: elm.id })).items.length, 10);
      assert.equal((await search({ cqcLocationId: '1-1003' })).items.length, 1);
      const combined = (await search({ providerId: oak.id, category: 'home_care', inCounty: true })).items;
      assert.ok(combined.every((s) => s.provider.id === oak.id && s.category === 'home_care' && s.inCounty));
      assert.equal(combined.length, all.filter((s) => s.provider.id === oak.id && s.category === 'home_care' && s.inCounty).length);
      assert.equal(await asA((tx) => countServices(tx, { councilId: a.org.id, providerId: oak.id, category: 'home_care', inCounty: true })), combined.length);
    });

    for (const sort of SERVICE_SORTS) {
      for (const order of ['asc', 'desc'] as SortOrder[]) {
        test(`keyset pages by ${sort} ${order} visit every service once, in order`, async () => {
          const whole = (await search({ sort, order })).items;
          const seen: string[] = [];
          let after: string[] | undefined;
          let pages = 0;
          do {
            const page = await search({ sort, order, limit: 7, after });
            seen.push(...page.items.map((s) => s.id));
            after = page.nextKey;
            pages++;
          } while (after && pages < 20);
          assert.equal(pages, 5);
          assert.deepEqual(seen, whole.map((s) => s.id));
          const offsetPage = await search({ sort, order, limit: 7, offset: 14 });
          assert.deepEqual(offsetPage.items.map((s) => s.id), whole.slice(14, 21).map((s) => s.id));
        });
      }
    }

    test('sort orders really order', async () => {
      const byName = (await search({ sort: 'name' })).items.map((s) => s.name.toLowerCase());
      assert.deepEqual(byName, [...byName].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      const funded = (await search({ sort: 'fundedPeople', order: 'desc' })).items.map((s) => s.fundedPeople);
      assert.deepEqual(funded, [...funded].sort((x, y) => y - x));
      const categories = (await search({ sort: 'category' })).items.map((s) => s.category);
      assert.deepEqual(categories, [...categories].sort());
      await store.asSystem((tx) => tx.updateTable('services').set({ town: 'Ware' }).where('name', '=', 'Birch House 0').execute());
      assert.equal((await search({ sort: 'updatedAt', order: 'desc', limit: 1 })).items[0]!.name, 'Birch House 0');
    });

    test('the last page has no next key', async () => {
      const page = await search({ limit: 30 });
      assert.equal(page.items.length, 30);
      assert.equal(page.nextKey, undefined);
    });

    test('another council sees none of it, even naming the council', async () => {
      const seen = await store.asUser(b.officer.actor, (tx) => searchServices(tx, { limit: 100, councilId: a.org.id }));
      assert.equal(seen.items.length, 0);
      const own = await store.asUser(b.officer.actor, (tx) => searchServices(tx, { limit: 100, q: 'ash' }));
      assert.deepEqual(own.items.map((s) => s.name), ['Ash House B']);
    });

    test('a provider user finds only its own provider’s services', async () => {
      const seen = await store.asUser(providerUser.actor, (tx) => searchServices(tx, { limit: 100 }));
      assert.equal(seen.items.length, 20);
      assert.ok(seen.items.every((s) => s.provider.id === oak.id));
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { noServiceExtensions } from '../core/http/extensions.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeUser } from '../../test/support/fixtures.ts';
import { addIntelligence, makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';
import { parseServiceListQuery } from './services.search.ts';
import { servicesService } from './services.service.ts';

/**
 * A council's services list is kept until one of the council's services changes (store.keepByCouncil), whoever
 * else commits. After each kind of change that shows on it (in its rows, its count or its filters' choices) it is
 * read again and is as if read afresh; a commit elsewhere leaves it kept.
 */
for (const database of testDatabases()) {
  describe(`the services list kept by council (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    let reads = 0;
    let kept: ReturnType<typeof servicesService>;
    let fresh: ReturnType<typeof servicesService>;

    before(async () => {
      store = await database.open();
      world = await makeStatusWorld(store);
      kept = servicesService({ ...store, keepByCouncil: (tx, key, councilId, read) => store.keepByCouncil(tx, key, councilId, () => (reads++, read())) }, noServiceExtensions);
      fresh = servicesService({ ...store, keepByCouncil: (_tx, _key, _councilId, read) => read() }, noServiceExtensions);
    });
    after(async () => store.close());

    test('a service or provider added, changed or renamed, and the council’s people, show on the next read; others’ commits do not', async () => {
      const { north, west } = world;
      const officer = north.officer.actor;
      const queries = [{}, { sort: 'updatedAt' }, { q: 'oak' }, { providerId: world.homesId }, { page: '2' }].map((q) => parseServiceListQuery(q));
      const step = async (what: string, change: () => Promise<unknown>, readAgain: boolean) => {
        await change();
        reads = 0;
        for (const query of queries) {
          assert.deepEqual(await kept.list(officer, query), await fresh.list(officer, query), `${what}: ${JSON.stringify(query)} as if read afresh`);
        }
        assert.equal(reads, readAgain ? queries.length : 0, `${what}: read again`);
      };
      const system = store.asSystem;

      await step('the first view', async () => undefined, true);
      await step('nothing changed', async () => undefined, false);
      await step('intelligence in another council', () => addIntelligence(store, west.org.id, world.westHomeId, west.officer.actor.userId, null), false);
      await step('another council’s service renamed', () => system((tx) => tx.updateTable('services').set({ name: 'Western Heights' }).where('id', '=', world.westHomeId).execute()), false);
      await step('another council’s provider added', () => system((tx) => tx.insertInto('providers').values({ council_id: west.org.id, name: 'West New Care' }).execute()), false);
      await step('a provider added (offered in the filter)', () => system((tx) => tx.insertInto('providers').values({ council_id: north.org.id, name: 'Alder Care' }).execute()), true);
      await step('a provider renamed', () => system((tx) => tx.updateTable('providers').set({ name: 'Elm Care Homes' }).where('id', '=', world.elmProviderId).execute()), true);
      await step('a service renamed', () => system((tx) => tx.updateTable('services').set({ name: 'Oak House East' }).where('id', '=', world.oakHouseId).execute()), true);
      await step('a service added', () => system((tx) => tx.insertInto('services').values({ council_id: north.org.id, provider_id: world.elmProviderId, name: 'Elm Rise', category: 'home_care', postcode: 'NS8 8AA' }).execute()), true);
      await step('a service given a lead officer', () => system((tx) => tx.updateTable('services').set({ lead_officer_id: officer.userId }).where('id', '=', world.elmId).execute()), true);
      await step('the officer renamed', () => system((tx) => tx.updateTable('users').set({ name: 'Olive Officer-Jones' }).where('id', '=', officer.userId).execute()), true);
      await step('someone joins the council', () => makeUser(store, { id: north.org.id, name: north.org.name, kind: 'council' }, 'officer', 'Nina New'), true);
      const list = await kept.list(officer, queries[0]!);
      assert.ok(list.choices.providers.some((p) => p.name === 'Alder Care'), 'the new provider is offered');
      assert.ok(list.items.some((i) => i.name === 'Elm Rise'), 'the new service is listed');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { addCqcRating, addIntelligence, makeStatusWorld, revoke, share, type StatusWorld } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { parse } from '../core/forms.ts';
import { escalationServices } from '../escalation/index.ts';
import { searchSchema } from './status.schemas.ts';
import { liveStatusService } from './status.service.ts';

/**
 * A Live Status List search is kept until one of the councils its searcher sees changes, or a council starts or
 * stops sharing with them (store.keepByVisibleCouncils), whoever else commits. After each kind of change that shows
 * in a search (a service, its provider, its status facts, its CQC rating, its council's name, an agreement) every
 * searcher who sees it reads again and gets what a fresh read gives; a commit in a council they do not see leaves
 * their searches kept.
 */
for (const database of testDatabases()) {
  describe(`Live Status List searches kept by the councils their searcher sees (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    const reads = new Map<string, number>();
    let kept: ReturnType<typeof liveStatusService>;
    let fresh: ReturnType<typeof liveStatusService>;

    before(async () => {
      setClock('2026-03-10');
      store = await database.open();
      world = await makeStatusWorld(store);
      kept = liveStatusService({
        ...store,
        keepByVisibleCouncils: (tx, key, purpose, read) =>
          store.keepByVisibleCouncils(tx, key, purpose, () => {
            const who = key.split(':').slice(1, 3).join(':');
            reads.set(who, (reads.get(who) ?? 0) + 1);
            return read();
          }),
      });
      fresh = liveStatusService({ ...store, keepByVisibleCouncils: (_tx, _key, _purpose, read) => read() });
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('each kind of change is read again by those who see it, and only by them', async () => {
      const { north, west, east } = world;
      const escalation = escalationServices(store, () => []).escalation;
      const searchers: Record<string, Actor> = {
        'north placer': north.placer.actor,
        'north officer': north.officer.actor,
        'west placer': west.placer.actor,
        healthwatch: world.healthwatch.actor,
      };
      const whoOf = (actor: Actor) => `${actor.orgId}:${actor.role}`;
      const queries: Record<string, string>[] = [{}, { q: 'o' }, { q: 'care' }, { postcode: 'NS1' }, { cqcLocationId: '1-100000001' }, { concernsOnly: 'true' }, { q: 'e', limit: '1' }];
      const search = (service: typeof kept, actor: Actor, query: Record<string, string>) => service.search(actor, parse(searchSchema, query));
      await share(store, north.org.id, world.healthwatchOrg.id);

      const step = async (what: string, change: () => Promise<unknown>, readAgainBy: readonly string[]) => {
        await change();
        reads.clear();
        for (const [name, actor] of Object.entries(searchers)) {
          for (const query of queries) {
            const first = await search(kept, actor, query);
            assert.deepEqual(first, await search(fresh, actor, query), `${what}: ${name} ${JSON.stringify(query)} as if read afresh`);
            if (first.nextCursor) {
              const next = { ...query, cursor: first.nextCursor };
              assert.deepEqual(await search(kept, actor, next), await search(fresh, actor, next), `${what}: ${name}'s next page as if read afresh`);
            }
          }
        }
        for (const [name, actor] of Object.entries(searchers)) {
          const expected = readAgainBy.includes(name);
          const count = reads.get(whoOf(actor)) ?? 0;
          if (expected) assert.ok(count >= queries.length, `${what}: ${name} read again (${count})`);
          else assert.equal(count, 0, `${what}: ${name} kept`);
        }
      };
      const system = store.asSystem;
      const everyone = ['north placer', 'north officer', 'west placer', 'healthwatch'];
      const northsWatchers = ['north placer', 'north officer', 'healthwatch'];

      await step('the first searches', async () => undefined, everyone);
      await step('nothing changed', async () => undefined, []);
      await step('a service renamed in a council no one here sees', () => system((tx) => tx.updateTable('services').set({ name: 'Eastern Heights' }).where('id', '=', world.eastHomeId).execute()), []);
      await step('intelligence recorded in that council', () => addIntelligence(store, east.org.id, world.eastHomeId, east.officer.actor.userId, 'open'), []);
      let westShares = await share(store, west.org.id, north.org.id);
      // an agreement moves its council's services' versions (their pages show whom they are shared with)
      await step('Westshire shares its live status with Northshire', async () => westShares, ['north placer', 'north officer', 'west placer']);
      await step('a Westshire service renamed', () => system((tx) => tx.updateTable('services').set({ name: 'Western Orchard' }).where('id', '=', world.westHomeId).execute()), ['north placer', 'north officer', 'west placer']);
      await step('a Northshire provider renamed (found by its name)', () => system((tx) => tx.updateTable('providers').set({ name: 'Elm Care Partnership' }).where('id', '=', world.elmProviderId).execute()), northsWatchers);
      await step('a Northshire service moved to another postcode', () => system((tx) => tx.updateTable('services').set({ postcode: 'NS1 9ZZ' }).where('id', '=', world.elmId).execute()), northsWatchers);
      await step('a CQC rating published (every council’s)', () => addCqcRating(store, '1-100000001', 'inadequate', '2026-03-01'), everyone);
      await step('a concerns case opened on a provider group', () => escalation.openCase(north.commissioner.actor, { providerId: world.groupId }, { stage: 2, reason: 'Staffing', openedOn: '2026-03-02' }), northsWatchers);
      await step('a suspension in Westshire', () => escalation.suspend(west.commissioner.actor, world.westHomeId, { scope: 'full', reason: 'Safeguarding', startsOn: '2026-03-03', reviewOn: '2026-06-03' }), ['north placer', 'north officer', 'west placer']);
      await step('Northshire renamed', () => system((tx) => tx.updateTable('organisations').set({ name: 'Northshire Council' }).where('id', '=', north.org.id).execute()), everyone);
      await step('Westshire stops sharing', () => revoke(store, westShares.id), ['north placer', 'north officer', 'west placer']);
      await step('a Westshire service renamed once it no longer shares', () => system((tx) => tx.updateTable('services').set({ name: 'Western Rise' }).where('id', '=', world.westHomeId).execute()), ['west placer']);
      westShares = await share(store, west.org.id, north.org.id, { liveStatus: false, alerts: true });
      await step('Westshire shares its alerts only', async () => westShares, ['west placer']);

      const [found] = (await search(kept, north.placer.actor, { q: 'oak house' })).items;
      assert.equal(found?.status, 'concerns_procedure', 'the provider group’s case shows on its subsidiary’s service');
      assert.equal(found?.cqc?.overall, 'inadequate');
      assert.equal(found?.council.name, 'Northshire Council');
      assert.equal((await search(kept, north.placer.actor, { q: 'western' })).items.length, 0, 'no longer shared');
    });
  });
}

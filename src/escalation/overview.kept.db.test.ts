import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { escalationServices } from './escalation.module.ts';

/**
 * The escalation overview (on every work list and home page of the council) is kept by council
 * (store.keepByCouncil) until one of the council's services, cases or providers changes, whoever else commits.
 * A case about a provider with no services moves the council's version itself (migration
 * 20261207T2110_council_versions_direct): nothing else would. After each kind of change the kept overview is as if
 * read afresh, and it is read again exactly when the change is the council's.
 */
for (const database of testDatabases()) {
  describe(`the escalation overview kept by council (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    let reads = 0;
    let kept: ReturnType<typeof escalationServices>['escalation'];
    let fresh: ReturnType<typeof escalationServices>['escalation'];

    before(async () => {
      setClock('2026-03-10');
      store = await database.open();
      world = await makeStatusWorld(store);
      kept = escalationServices({ ...store, keepByCouncil: (tx, key, councilId, read) => store.keepByCouncil(tx, key, councilId, () => (reads++, read())) }, () => []).escalation;
      fresh = escalationServices({ ...store, keepByCouncil: (_tx, _key, _councilId, read) => read() }, () => []).escalation;
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('cases, actions, suspensions, processes and providers show on the next read; other councils’ changes do not', async () => {
      const { north, east } = world;
      const viewers = [north.commissioner.actor, north.officer.actor];
      const step = async (what: string, change: () => Promise<unknown>, readAgain: boolean) => {
        await change();
        reads = 0;
        for (const actor of viewers) assert.deepEqual(await kept.overview(actor), await fresh.overview(actor), `${what}: as if read afresh (${actor.role})`);
        assert.equal(reads, readAgain ? viewers.length : 0, `${what}: read again`);
      };
      const system = store.asSystem;
      const commissioner = north.commissioner.actor;
      // a provider group with no services of its own in the council
      const holdings = await system((tx) => tx.insertInto('providers').values({ council_id: north.org.id, name: 'Birch Holdings' }).returning('id').executeTakeFirstOrThrow());

      await step('the first view', async () => undefined, true);
      await step('nothing changed', async () => undefined, false);
      await step('a case opened in another council', () => kept.openCase(east.commissioner.actor, { serviceId: world.eastHomeId }, { stage: 1, reason: 'Late calls', openedOn: '2026-03-01' }), false);
      const onHoldings = await kept.openCase(commissioner, { providerId: holdings.id }, { stage: 2, reason: 'Group finances', openedOn: '2026-03-02' });
      await step('a case opened on a provider with no services', async () => onHoldings, true);
      const action = { description: 'Send the accounts', ownerName: 'Birch finance director', ownerOrganisationType: 'provider' as const, dueOn: '2026-03-05' };
      const withAction = await kept.addAction(north.officer.actor, onHoldings.id, action);
      await step('an action added to it (now overdue)', async () => withAction, true);
      await step('the provider renamed', () => system((tx) => tx.updateTable('providers').set({ name: 'Birch Holdings plc' }).where('id', '=', holdings.id).execute()), true);
      await step('the provider’s parent set (its name unchanged)', () => system((tx) => tx.updateTable('providers').set({ parent_provider_id: world.groupId }).where('id', '=', holdings.id).execute()), false);
      await step('another council’s provider renamed', () => system((tx) => tx.updateTable('providers').set({ name: 'Eastern Care Ltd' }).where('council_id', '=', east.org.id).execute()), false);
      await step('a service suspended', () => kept.suspend(commissioner, world.elmId, { scope: 'full', reason: 'Safeguarding', startsOn: '2026-03-03', reviewOn: '2026-03-08' }), true);
      await step('a contractual process started', () => kept.startProcess(commissioner, world.oakHouseId, { kind: 'remedies_for_poor_performance', reason: 'Late calls', startedOn: '2026-03-04' }), true);
      const actionId = (await kept.overview(commissioner)).overdueActions[0]!.id;
      await step('the action done', () => kept.completeAction(north.officer.actor, actionId, { completedOn: '2026-03-09' }), true);
      await step('the case closed', () => kept.closeCase(commissioner, onHoldings.id, { reason: 'Accounts received', closedOn: '2026-03-09' }), true);
      setClock('2026-03-11');
      await step('the next day', async () => undefined, true);
      setClock('2026-03-10');

      const overview = await kept.overview(commissioner);
      assert.equal(overview.cases.length, 0, 'the case closed');
      assert.equal(overview.suspensions.length, 1);
      assert.equal(overview.processes.length, 1);
    });
  });
}

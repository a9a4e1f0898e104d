import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { returnsOverviewService } from './overview.service.ts';
import { remindersService } from './reminders.service.ts';
import { returnsService } from './returns.service.ts';

/**
 * A provider group: the group's organisation is linked to the parent provider on the register; two branches
 * (providers under it) each run a care home, and one branch has its own portal organisation and user.
 */
async function makeGroup(store: Store, w: Awaited<ReturnType<typeof makeReturnsWorld>>) {
  const groupOrg = await makeOrganisation(store, 'provider', { managedBy: w.council.org.id, name: 'Acorn Care Group' });
  const northOrg = await makeOrganisation(store, 'provider', { managedBy: w.council.org.id, name: 'Acorn North Ltd' });
  const groupUser = await makeUser(store, groupOrg, 'provider', 'Gill Group');
  const northUser = await makeUser(store, northOrg, 'provider', 'Nina North');
  const ids = await store.asSystem(async (tx) => {
    const parent = await tx.insertInto('providers').values({ council_id: w.council.org.id, name: 'Acorn Care Group', org_id: groupOrg.id }).returning('id').executeTakeFirstOrThrow();
    const north = await tx.insertInto('providers').values({ council_id: w.council.org.id, name: 'Acorn North Ltd', org_id: northOrg.id, parent_provider_id: parent.id }).returning('id').executeTakeFirstOrThrow();
    const south = await tx.insertInto('providers').values({ council_id: w.council.org.id, name: 'Acorn South Ltd', parent_provider_id: parent.id }).returning('id').executeTakeFirstOrThrow();
    const home = (provider: string, name: string) =>
      tx.insertInto('services').values({ council_id: w.council.org.id, provider_id: provider, name, category: 'care_home_older_people', postcode: 'NS9 9AA' }).returning('id').executeTakeFirstOrThrow();
    return { northHomeId: (await home(north.id, 'Acorn North House')).id, southHomeId: (await home(south.id, 'Acorn South House')).id };
  });
  return { groupUser, northUser, ...ids };
}

for (const database of testDatabases()) {
  describe(`a provider group's returns (${database.name})`, () => {
    let store: Store;
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let g: Awaited<ReturnType<typeof makeGroup>>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      w = await makeReturnsWorld(store);
      g = await makeGroup(store, w);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const owed = async (actor: typeof w.provider.actor) => (await returnsOverviewService(store).forProvider(actor, '2026-12-06')).map((i) => i.serviceName).sort();

    test('the group’s user sees every branch’s services; a branch’s user only its own; neither sees another provider’s', async () => {
      assert.deepEqual(await owed(g.groupUser.actor), ['Acorn North House', 'Acorn South House']);
      assert.deepEqual(await owed(g.northUser.actor), ['Acorn North House']);
      assert.deepEqual(await owed(w.provider.actor), ['Oakwood Home Care', 'Oakwood House']);
    });

    test('the group’s user submits for a branch; the branch reads it; a sibling branch and another provider cannot', async () => {
      const returns = returnsService(store);
      const sent = await returns.submit(g.groupUser.actor, g.northHomeId, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') });
      assert.equal(sent.status, 'submitted');
      assert.equal((await returns.get(g.northUser.actor, sent.id)).ret.id, sent.id);
      await assert.rejects(returns.get(w.provider.actor, sent.id), NotFound);
      await assert.rejects(returns.submit(g.northUser.actor, g.southHomeId, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') }), NotFound);
      await assert.rejects(returns.submit(g.groupUser.actor, w.careHomeId, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') }), NotFound);
    });

    test('reminders reach the group’s user for its branches’ returns', async () => {
      const reminders = remindersService(store, { publicBaseUrl: 'https://oversight.example.gov.uk' });
      await reminders.setSubscribed(g.groupUser.actor, true);
      // Two months late now, so the overdue reminder: North has sent its return; South has not.
      assert.equal(await reminders.send('2026-12-06'), 1);
      const emails = await store.asSystem((tx) => tx.selectFrom('outgoing_emails').select(['to_address', 'subject']).execute());
      assert.deepEqual(emails.map((e) => [e.to_address, e.subject]), [[g.groupUser.email, 'Overdue: Q2 2026/27 return for Acorn South House']]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeUser } from '../../test/support/fixtures.ts';
import { DEFAULT_MATRIX } from './matrix.ts';
import { matrixService } from './matrix.service.ts';
import { registerService, type RegisterListQuery } from './register.service.ts';
import { riskService } from './risk.service.ts';
import { addIntelligence, makeService, scoresOf, setTeam } from './risk.test-support.ts';

const TODAY = '2026-11-23';

/**
 * The risk register is kept until one of the council's services changes (store.keepByCouncil), whoever else
 * commits. After each kind of change that shows on it, it is read again and is as if read afresh; a commit
 * elsewhere leaves it kept.
 */
for (const database of testDatabases()) {
  describe(`the risk register kept by council (${database.name})`, () => {
    let store: Store;
    let reads = 0;
    let kept: ReturnType<typeof registerService>;
    let fresh: ReturnType<typeof registerService>;
    let risk: ReturnType<typeof riskService> & ReturnType<typeof matrixService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      kept = registerService({ ...store, keepByCouncil: (tx, key, councilId, read) => store.keepByCouncil(tx, key, councilId, () => (reads++, read())) });
      fresh = registerService({ ...store, keepByCouncil: (_tx, _key, _councilId, read) => read() });
      risk = { ...riskService(store), ...matrixService(store) };
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('a rating, a provider renamed, people renamed or moved between teams, a new service, a new matrix: each shows on the next read', async () => {
      const council = await makeCouncil(store, 'Kept register council');
      const other = await makeCouncil(store, 'Kept register neighbour');
      const officer = council.officer.actor;
      const commissioner = council.commissioner.actor;
      await setTeam(store, officer.userId, 'North team');
      const alder = await makeService(store, council.org.id, { name: 'Alder House', leadOfficerId: officer.userId });
      await makeService(store, council.org.id, { name: 'Birch Court', leadOfficerId: officer.userId, category: 'home_care' });
      const elsewhere = await makeService(store, other.org.id, { name: 'Elsewhere', leadOfficerId: other.officer.actor.userId });
      const queries: RegisterListQuery[] = [{}, { team: 'North team' }, { band: 'unrated' }, { sort: 'officer', order: 'asc' }];

      const step = async (what: string, change: () => Promise<unknown>, readAgain: boolean) => {
        await change();
        reads = 0;
        for (const query of queries) {
          const list = await kept.register(commissioner, query);
          assert.deepEqual(list, await fresh.register(commissioner, query), `${what}: ${JSON.stringify(query)} as if read afresh`);
        }
        assert.equal(reads, readAgain ? queries.length : 0, `${what}: read again`);
      };

      await step('the first view', async () => undefined, true);
      await step('another council’s service rated', () => risk.rate(other.officer.actor, elsewhere.id, { scores: scoresOf(), rationale: 'Elsewhere' }), false);
      await step('intelligence elsewhere in England', () => addIntelligence(store, { councilId: other.org.id, serviceId: elsewhere.id, createdBy: other.officer.actor.userId, receivedOn: TODAY, source: 'complaint' }), false);
      await step('Alder House rated', () => risk.rate(officer, alder.id, { scores: scoresOf({ safeguarding: 5 }), rationale: 'Concerns' }), true);
      const provider = await store.asSystem(async (tx) => (await tx.selectFrom('services').select('provider_id').where('id', '=', alder.id).executeTakeFirstOrThrow()).provider_id);
      await step('its provider renamed', () => store.asSystem((tx) => tx.updateTable('providers').set({ name: 'Alder Care Group' }).where('id', '=', provider).execute()), true);
      await step('the officer renamed', () => store.asSystem((tx) => tx.updateTable('users').set({ name: 'Olive Officer-Jones' }).where('id', '=', officer.userId).execute()), true);
      await step('the officer moved to another team', () => setTeam(store, officer.userId, 'South team'), true);
      await step('someone new joins a team', () => makeUser(store, { id: council.org.id, name: council.org.name, kind: 'council' }, 'officer', 'Nina New').then((u) => setTeam(store, u.actor.userId, 'East team')), true);
      await step('a new service', () => makeService(store, council.org.id, { name: 'Cedar Lodge' }), true);
      await step('a new matrix with other band labels', () => risk.saveMatrix(council.admin.actor, { ...DEFAULT_MATRIX, bands: DEFAULT_MATRIX.bands.map((b) => ({ ...b, label: `${b.label} risk` })) }), true);
      const after = await kept.register(commissioner, {});
      assert.ok(after.options.bands.every((b) => b.text.endsWith(' risk')), 'the new matrix’s bands are offered');
      assert.ok(after.items.some((i) => i.providerName === 'Alder Care Group'));
    });
  });
}

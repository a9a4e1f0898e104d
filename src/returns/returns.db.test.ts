import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { returnsService } from './returns.service.ts';

/** Row-level security and the guard trigger hold even where the service's own checks are bypassed. */
for (const database of testDatabases()) {
  describe(`returns in the database (${database.name})`, () => {
    let store: Store;
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let returnId: string;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      w = await makeReturnsWorld(store);
      returnId = (await returnsService(store).submit(w.provider.actor, w.careHomeId, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') })).id;
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('every council gets the default templates, and a new council too', async () => {
      const rows = await store.asUser(w.council.admin.actor, (tx) => tx.selectFrom('return_templates').select(['template_key', 'council_id']).execute());
      assert.deepEqual(rows.map((r) => r.template_key).sort(), ['care_homes', 'community']);
      assert.ok(rows.every((r) => r.council_id === w.council.org.id), 'no built-in or other council’s template is visible');
    });

    test('another provider and another council see no row at all (before any draft exists)', async () => {
      for (const actor of [w.rival.actor, w.farProvider.actor, w.other.officer.actor, w.council.placer.actor, w.partner.actor]) {
        const rows = await store.asUser(actor, (tx) => tx.selectFrom('returns').select('id').execute());
        assert.deepEqual(rows, [], actor.role);
      }
    });

    test('a draft is the provider’s own until it is sent: the council sees no drafts', async () => {
      setClock('2026-12-06');
      const draft = await returnsService(store).start(w.provider.actor, w.homeCareId, { year: 2026, quarter: 2 });
      const providerSees = await store.asUser(w.provider.actor, (tx) => tx.selectFrom('returns').select('id').where('id', '=', draft.id).execute());
      assert.equal(providerSees.length, 1);
      const councilSees = await store.asUser(w.council.officer.actor, (tx) => tx.selectFrom('returns').select('id').where('id', '=', draft.id).execute());
      assert.deepEqual(councilSees, []);
    });

    test('a provider cannot insert a return for another provider’s service', async () => {
      const template = await store.asSystem((tx) => tx.selectFrom('return_templates').select('id').where('council_id', '=', w.council.org.id).where('template_key', '=', 'care_homes').executeTakeFirstOrThrow());
      await assert.rejects(
        store.asUser(w.rival.actor, (tx) =>
          tx
            .insertInto('returns')
            .values({ council_id: w.council.org.id, service_id: w.careHomeId, template_id: template.id, year: 2025, quarter: 1, version: 1, status: 'draft', answers: '{}', flags: '[]', created_by: w.rival.actor.userId })
            .execute(),
        ),
      );
    });

    test('the council cannot change a submitted return’s answers; the provider cannot change it at all', async () => {
      await assert.rejects(
        store.asUser(w.council.officer.actor, (tx) => tx.updateTable('returns').set({ status: 'accepted', accepted_at: new Date(), answers: '{"care_posts_filled": 1}' }).where('id', '=', returnId).execute()),
      );
      const touched = await store.asUser(w.provider.actor, (tx) => tx.updateTable('returns').set({ answers: '{"care_posts_filled": 1}' }).where('id', '=', returnId).executeTakeFirst());
      assert.equal(Number(touched.numUpdatedRows), 0, 'a submitted return is not the provider’s to change');
      const row = await store.asSystem((tx) => tx.selectFrom('returns').select(['answers', 'status']).where('id', '=', returnId).executeTakeFirstOrThrow());
      assert.equal((row.answers as Record<string, number>).care_posts_filled, 4);
      assert.equal(row.status, 'submitted');
    });

    test('another council’s officer cannot decide on the return', async () => {
      const result = await store.asUser(w.other.officer.actor, (tx) => tx.updateTable('returns').set({ status: 'accepted', accepted_at: new Date() }).where('id', '=', returnId).executeTakeFirst());
      assert.equal(Number(result.numUpdatedRows), 0);
    });

    test('a status moves only forward', async () => {
      await store.asUser(w.council.officer.actor, (tx) => tx.updateTable('returns').set({ status: 'accepted', accepted_at: new Date() }).where('id', '=', returnId).execute());
      await assert.rejects(store.asSystem((tx) => tx.updateTable('returns').set({ status: 'draft', accepted_at: null, submitted_at: null, submitted_by: null }).where('id', '=', returnId).execute()));
    });
  });
}

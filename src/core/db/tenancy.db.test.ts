import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';
import { actAs } from './unit-of-work.ts';

/**
 * Row-level security is the last line of tenancy: these tests go straight to the database as each role,
 * with no WHERE clauses, and try to read and write across every boundary.
 */
for (const database of testDatabases()) {
  describe(`row-level security (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerAId: string;
    let serviceAId: string;
    let providerUser: Awaited<ReturnType<typeof makeUser>>;
    let partnerUser: Awaited<ReturnType<typeof makeUser>>;

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, providerOrg, 'provider');
      partnerUser = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      ({ providerAId, serviceAId } = await store.asSystem(async (tx) => {
        const p = await tx.insertInto('providers').values({ council_id: a.org.id, name: 'Oak Care Ltd', org_id: providerOrg.id }).returning('id').executeTakeFirstOrThrow();
        const s = await tx
          .insertInto('services')
          .values({ council_id: a.org.id, provider_id: p.id, name: 'Oak House', category: 'care_home_older_people', postcode: 'SG1 1AA' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.insertInto('services').values({ council_id: a.org.id, provider_id: p.id, name: 'Ash House', category: 'care_home_older_people', postcode: 'SG1 1AB' }).execute();
        const other = await tx.insertInto('providers').values({ council_id: a.org.id, name: 'Elm Ltd' }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('services').values({ council_id: a.org.id, provider_id: other.id, name: 'Elm Lodge', category: 'home_care', postcode: 'SG1 1AC' }).execute();
        return { providerAId: p.id, serviceAId: s.id };
      }));
    });
    after(() => store.close());

    const count = (rows: unknown[]) => rows.length;

    test('each council sees only its own providers and services', async () => {
      assert.equal(count(await store.asUser(a.officer.actor, (tx) => tx.selectFrom('services').select('id').execute())), 3);
      assert.equal(count(await store.asUser(b.officer.actor, (tx) => tx.selectFrom('services').select('id').execute())), 0);
      assert.equal(count(await store.asUser(b.admin.actor, (tx) => tx.selectFrom('providers').select('id').execute())), 0);
      const direct = await store.asUser(b.commissioner.actor, (tx) => tx.selectFrom('services').select('id').where('id', '=', serviceAId).execute());
      assert.equal(direct.length, 0);
    });

    test('a provider user sees only the services of its own provider, and cannot write', async () => {
      const seen = await store.asUser(providerUser.actor, (tx) => tx.selectFrom('services').select('name').orderBy('name').execute());
      assert.deepEqual(seen.map((s) => s.name), ['Ash House', 'Oak House']);
      await assert.rejects(
        store.asUser(providerUser.actor, (tx) => tx.insertInto('services').values({ council_id: a.org.id, provider_id: providerAId, name: 'Sneaky', category: 'home_care', postcode: 'SG1 1AA' }).execute()),
        /row-level security/,
      );
      const updated = await store.asUser(providerUser.actor, (tx) => tx.updateTable('services').set({ funded_people: 99 }).where('id', '=', serviceAId).executeTakeFirst());
      assert.equal(Number(updated.numUpdatedRows), 0);
    });

    test('a partner with nothing shared sees nothing', async () => {
      assert.equal(count(await store.asUser(partnerUser.actor, (tx) => tx.selectFrom('services').select('id').execute())), 0);
      assert.equal(count(await store.asUser(partnerUser.actor, (tx) => tx.selectFrom('providers').select('id').execute())), 0);
    });

    test('another council can neither insert into nor update a council’s register', async () => {
      await assert.rejects(
        store.asUser(b.officer.actor, (tx) => tx.insertInto('providers').values({ council_id: a.org.id, name: 'Planted' }).execute()),
        /row-level security/,
      );
      const moved = await store.asUser(b.officer.actor, (tx) => tx.updateTable('services').set({ name: 'Hijacked' }).where('id', '=', serviceAId).executeTakeFirst());
      assert.equal(Number(moved.numUpdatedRows), 0);
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.updateTable('services').set({ council_id: b.org.id }).where('id', '=', serviceAId).execute()),
        /row-level security/,
      );
    });

    test('the provider checks in the policies run for provider users only: a council’s read never calls them row by row', async () => {
      // The definer functions' calls in this transaction (track_functions is a superuser setting: set it as the
      // system, then act as the user with the same settings a unit of work uses).
      async function definerCalls(actor: typeof a.officer.actor) {
        return store.asSystem(async (tx) => {
          await sql`set local track_functions = 'all'`.execute(tx);
          await actAs(tx, actor);
          const providers = await tx.selectFrom('providers').select('name').execute();
          const services = await tx.selectFrom('services').select('name').execute();
          await sql`set local role none`.execute(tx);
          const calls = await sql<{ n: number | null }>`select (coalesce(pg_stat_get_xact_function_calls('app_runs_provider'::regproc), 0)
            + coalesce(pg_stat_get_xact_function_calls('app_runs_provider_definer'::regproc), 0))::int as n`.execute(tx);
          return { seen: providers.length + services.length, calls: calls.rows[0]!.n ?? 0 };
        });
      }
      const officer = await definerCalls(b.officer.actor);
      assert.deepEqual(officer, { seen: 0, calls: 0 }, 'another council’s rows are turned down without calling the provider check');
      const provider = await definerCalls(providerUser.actor);
      assert.equal(provider.seen, 3, 'the provider user still sees its provider and its two services');
      assert.ok(provider.calls > 0, 'and the provider check ran for it');
    });

    test('a placing officer reads the register but cannot change it', async () => {
      assert.equal(count(await store.asUser(a.placer.actor, (tx) => tx.selectFrom('services').select('id').execute())), 3);
      await assert.rejects(
        store.asUser(a.placer.actor, (tx) => tx.insertInto('providers').values({ council_id: a.org.id, name: 'Placer-made' }).execute()),
        /row-level security/,
      );
    });

    test('sessions, tokens of others and rate limits are out of reach of application queries', async () => {
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.selectFrom('sessions').selectAll().execute()), /permission denied/);
      const tokens = await store.asUser(a.admin.actor, (tx) => tx.selectFrom('api_tokens').select('user_id').execute());
      assert.ok(tokens.every((t) => t.user_id === a.admin.actor.userId));
    });

    test('the audit trail records who changed what, and cannot be rewritten', async () => {
      await store.asUser(a.officer.actor, (tx) => tx.updateTable('services').set({ funded_people: 12 }).where('id', '=', serviceAId).execute());
      const events = await store.asUser(a.commissioner.actor, (tx) =>
        tx.selectFrom('audit_events').selectAll().where('record_id', '=', serviceAId).orderBy('id').execute(),
      );
      const change = events.at(-1)!;
      assert.equal(change.action, 'update');
      assert.equal(change.actor_user_id, a.officer.actor.userId);
      assert.equal((change.before as { funded_people: number }).funded_people, 0);
      assert.equal((change.after as { funded_people: number }).funded_people, 12);
      assert.equal(count(await store.asUser(b.commissioner.actor, (tx) => tx.selectFrom('audit_events').select('id').where('record_id', '=', serviceAId).execute())), 0);
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.deleteFrom('audit_events').execute()), /permission denied/);
      await assert.rejects(store.asSystem((tx) => sql`update audit_events set action = 'delete'`.execute(tx)), /append-only/);
    });
  });
}

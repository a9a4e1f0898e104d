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

    test('the provider checks in the policies never run row by row: what a provider runs is worked out once a statement', async () => {
      // The functions' calls in this transaction (track_functions is a superuser setting: set it as the system,
      // then act as the user with the same settings a unit of work uses). Two reads: providers, then services.
      async function calls(actor: typeof a.officer.actor) {
        return store.asSystem(async (tx) => {
          await sql`set local track_functions = 'all'`.execute(tx);
          await actAs(tx, actor);
          const providers = await tx.selectFrom('providers').select('name').execute();
          const services = await tx.selectFrom('services').select('name').execute();
          await sql`set local role none`.execute(tx);
          const counted = (name: string) => sql<number>`coalesce(pg_stat_get_xact_function_calls(${name}::regproc), 0)`;
          const row = await sql<{ per_row: number; per_statement: number }>`select
            (${counted('app_runs_provider')} + ${counted('app_runs_provider_definer')} + ${counted('app_provides_definer')})::int as per_row,
            (${counted('app_run_providers')} + ${counted('app_provided_services')})::int as per_statement`.execute(tx);
          return { seen: providers.length + services.length, perRow: row.rows[0]!.per_row, perStatement: row.rows[0]!.per_statement };
        });
      }
      const officer = await calls(b.officer.actor);
      assert.equal(officer.seen, 0, 'another council’s rows are turned down');
      assert.equal(officer.perRow, 0, 'without a provider check for any row');
      // a plan may ask for the set more than once (an index condition and its recheck), never once a row
      assert.ok(officer.perStatement <= 4, `a few (empty) look-ups for two statements, not one a row: ${officer.perStatement}`);
      const provider = await calls(providerUser.actor);
      assert.equal(provider.seen, 3, 'the provider user still sees its provider and its two services');
      assert.equal(provider.perRow, 0);
      assert.ok(provider.perStatement >= 2 && provider.perStatement <= 4, `what it runs is worked out for each statement, not each row: ${provider.perStatement}`);
    });

    test('what a provider’s users run is exactly what the row-by-row checks allowed: groups, branches, their branches', async () => {
      // A group three levels deep: Group → Branch → Unit, each with a service, plus an unrelated provider; the group's,
      // the branch's and the unit's organisations each have a user. A council officer and the unrelated provider's
      // user look on. (A council of its own, so the other tests' counts stay as they are.)
      const c = await makeCouncil(store, 'Council C');
      const group = await makeOrganisation(store, 'provider', { managedBy: c.org.id });
      const branch = await makeOrganisation(store, 'provider', { managedBy: c.org.id });
      const unit = await makeOrganisation(store, 'provider', { managedBy: c.org.id });
      const users = [await makeUser(store, group, 'provider'), await makeUser(store, branch, 'provider'), await makeUser(store, unit, 'provider'), providerUser, c.officer];
      await store.asSystem(async (tx) => {
        const add = async (name: string, org: string, parent: string | null) => {
          const p = await tx.insertInto('providers').values({ council_id: c.org.id, name, org_id: org, parent_provider_id: parent }).returning('id').executeTakeFirstOrThrow();
          await tx.insertInto('services').values({ council_id: c.org.id, provider_id: p.id, name: `${name} House`, category: 'home_care', postcode: 'SG1 2AA' }).execute();
          return p.id;
        };
        const g = await add('Group', group.id, null);
        const b2 = await add('Branch', branch.id, g);
        await add('Unit', unit.id, b2);
      });
      const seen = [];
      for (const user of users) {
        const sets = await store.asSystem(async (tx) => {
          await sql`select set_config('app.user_id', ${user.actor.userId}, true), set_config('app.org_id', ${user.actor.orgId}, true), set_config('app.role', ${user.actor.role}, true)`.execute(tx);
          const rows = await sql<{ old_providers: string[]; new_providers: string[]; old_services: string[]; new_services: string[]; old_councils: string[]; new_councils: string[] }>`select
            array(select p.id from providers p where app_runs_provider(p.id) order by p.id)::text[] as old_providers,
            array(select x from unnest(case when app_role() = 'provider' then app_run_providers() else '{}' end) x order by x)::text[] as new_providers,
            array(select s.id from services s where app_provides(s.id) order by s.id)::text[] as old_services,
            array(select x from unnest(case when app_role() = 'provider' then app_provided_services() else '{}' end) x order by x)::text[] as new_services,
            array(select o.id from organisations o where app_provides_for(o.id) order by o.id)::text[] as old_councils,
            array(select x from unnest(case when app_role() = 'provider' then app_provided_councils() else '{}' end) x order by x)::text[] as new_councils`.execute(tx);
          return rows.rows[0]!;
        });
        assert.deepEqual(sets.new_providers, sets.old_providers);
        assert.deepEqual(sets.new_services, sets.old_services);
        assert.deepEqual(sets.new_councils, sets.old_councils);
        seen.push(sets.new_services.length);
      }
      // the group's user runs three services, the branch's two, the unit's one, Oak's two; the officer is no provider
      assert.deepEqual(seen, [3, 2, 1, 2, 0]);
      // and each provider's users provide for one council (the group's for Council C), the officer for none
      const councils = await store.asSystem(async (tx) => {
        await sql`select set_config('app.org_id', ${users[0]!.actor.orgId}, true), set_config('app.role', 'provider', true)`.execute(tx);
        return (await sql<{ ids: string[] }>`select app_provided_councils()::text[] as ids`.execute(tx)).rows[0]!.ids;
      });
      assert.deepEqual(councils, [c.org.id]);
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

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../../test/support/fixtures.ts';
import type { Store } from './database.ts';

/**
 * Row-level security works out who is asking once per statement (migration 20261207T0300): every policy
 * reads app_org(), app_role(), app_user() and the functions built on them as sub-selects, never as
 * expressions PostgreSQL would evaluate again for each row. Which rows each role sees is tenancy.db.test.ts's
 * and the capabilities' own tests' business; these check the form, so that a later policy written the old way
 * fails here rather than slowing every list.
 */
for (const database of testDatabases()) {
  describe(`policies read the settings once a statement (${database.name})`, () => {
    let store: Store;
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let provider: Awaited<ReturnType<typeof makeUser>>;

    before(async () => {
      store = await database.open();
      council = await makeCouncil(store, 'Council A');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: council.org.id });
      provider = await makeUser(store, providerOrg, 'provider');
      await store.asSystem(async (tx) => {
        const p = await tx
          .insertInto('providers')
          .values({ council_id: council.org.id, name: 'Oak Care Ltd', org_id: providerOrg.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('services')
          .values({
            council_id: council.org.id,
            provider_id: p.id,
            name: 'Oak House',
            category: 'care_home_older_people',
            postcode: 'SG1 1AA',
          })
          .execute();
      });
    });
    after(() => store.close());

    test('no policy calls a function of the settings outside a sub-select', async () => {
      const { rows } = await store.asSystem((tx) =>
        sql<{ tablename: string; policyname: string; call: string }>`
          select p.tablename, p.policyname, m[1] as call
          from pg_policies p, regexp_matches(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''), '(?<!SELECT )\\m(app_[a-z_]+)\\(\\)', 'g') as m
          join pg_proc f on f.proname = m[1] and f.pronargs = 0
          join pg_type t on t.oid = f.prorettype and t.typcategory <> 'A'
          where p.schemaname = 'public'`.execute(tx),
      );
      assert.deepEqual(
        rows.map((r) => `${r.tablename}.${r.policyname}: ${r.call}()`),
        [],
      );
      // the check looks at real policies: there are many, and they do call these functions
      const { rows: counted } = await store.asSystem((tx) =>
        sql<{
          n: number;
        }>`select count(*)::int as n from pg_policies where schemaname = 'public' and coalesce(qual, '') || coalesce(with_check, '') like '%SELECT app_org()%'`.execute(
          tx,
        ),
      );
      assert.ok(counted[0]!.n > 50, `${counted[0]!.n} policies read app_org() in a sub-select`);
    });

    test('a list filtered by row-level security evaluates no setting per row, for council staff and for providers', async () => {
      const plan = async (actor: typeof council.officer.actor, query: string) => {
        const { rows } = await store.asUser(actor, (tx) => sql<{ 'QUERY PLAN': string }>`explain (verbose) ${sql.raw(query)}`.execute(tx));
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      for (const [who, actor] of [
        ['officer', council.officer.actor],
        ['provider', provider.actor],
      ] as const) {
        for (const query of [
          'select id from services order by name',
          'select id from risk_ratings',
          'select id from assessments',
          'select id from users',
          'select id from concerns_cases',
        ]) {
          const text = await plan(actor, query);
          const scans = text.split('\n').filter((line) => /Scan\b.* on (public\.)?[a-z_]+/.test(line));
          assert.ok(scans.length > 0, `${who}: ${query} scans a table:\n${text}`);
          // Settings are read in the statement's sub-plans (InitPlan), once, not in the scans' filters.
          const perRow = text
            .split('\n')
            .filter((line) => /Filter:|Index Cond:|Recheck Cond:/.test(line) && line.includes('current_setting'));
          assert.deepEqual(perRow, [], `${who}: ${query}\n${text}`);
          assert.match(text, /InitPlan/, `${who}: ${query}`);
        }
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountsServices, readDemoAccounts } from '../accounts/index.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict } from '../core/errors.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation } from '../../test/support/fixtures.ts';
import { loadDemo, loadDemoIfEmpty } from './demo.ts';
import { DEMO_PASSWORD, generateDemo } from './generate.ts';

const expected = generateDemo('small');

for (const database of testDatabases()) {
  describe(`loading the demo (${database.name})`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(() => store.close());

    const count = (table: 'organisations' | 'users' | 'providers' | 'services' | 'contracts') =>
      store.asSystem(async (tx) => Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

    test('into an empty database, writes exactly what the generator made, and reports it', async () => {
      const summary = await loadDemoIfEmpty(store, 'small');
      assert.deepEqual(summary, {
        scale: 'small',
        councils: 1,
        organisations: expected.organisations.length,
        users: expected.users.length,
        providers: expected.providers.length,
        services: 60,
        contracts: expected.contracts.length,
      });
      assert.equal(await count('organisations'), expected.organisations.length);
      assert.equal(await count('users'), expected.users.length);
      assert.equal(await count('providers'), expected.providers.length);
      assert.equal(await count('services'), 60);
      assert.equal(await count('contracts'), expected.contracts.length);
      const sample = expected.services[17]!;
      const row = await store.asSystem((tx) => tx.selectFrom('services').selectAll().where('id', '=', sample.id).executeTakeFirstOrThrow());
      assert.equal(row.name, sample.name);
      assert.equal(row.postcode, sample.postcode);
      assert.equal(row.cqc_location_id, sample.cqcLocationId);
      assert.equal(row.hours_per_week, sample.hoursPerWeek);
      const contract = expected.contracts[0]!;
      const stored = await store.asSystem((tx) => tx.selectFrom('contracts').selectAll().where('id', '=', contract.id).executeTakeFirstOrThrow());
      assert.deepEqual([stored.starts_on, stored.ends_on, stored.annual_value], [contract.startsOn, contract.endsOn, contract.annualValue]);
    });

    test('lists the demo sign-ins, and each signs in with the shared password', async () => {
      const accounts = await store.asSystem(readDemoAccounts);
      assert.equal(accounts?.password, DEMO_PASSWORD);
      assert.deepEqual(accounts?.users.map((u) => u.email), expected.accounts.map((a) => a.email));
      const service = accountsServices(store, { sessionHours: 1, loginAttemptsPerWindow: 1000, loginAttemptsPerAccount: 10 }).accounts;
      for (const user of accounts.users) assert.equal((await service.signIn(user.email, DEMO_PASSWORD, '192.0.2.1')).kind, 'signed-in', user.email);
      assert.equal((await service.signIn(accounts.users[0]!.email, 'not the demo password', '192.0.2.1')).kind, 'refused');
    });

    test('row-level security holds on demo data: the council sees its register, the provider only its group', async () => {
      const actorFor = async (email: string): Promise<Actor> => {
        const row = await store.asSystem((tx) =>
          tx
            .selectFrom('users as u')
            .innerJoin('organisations as o', 'o.id', 'u.org_id')
            .select(['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'])
            .where('u.email', '=', email)
            .executeTakeFirstOrThrow(),
        );
        return row;
      };
      const officer = await actorFor('quality.officer1@northmoor.example.gov.uk');
      const seen = await store.asUser(officer, (tx) => tx.selectFrom('services').select('id').execute());
      assert.equal(seen.length, 60);
      const provider = await actorFor('quality.lead@oakleaf.example.co.uk');
      const portal = expected.organisations.find((o) => o.kind === 'provider')!;
      const groupProviders = new Set(expected.providers.filter((p) => p.orgId === portal.id).map((p) => p.id));
      const own = expected.services.filter((s) => groupProviders.has(s.providerId)).map((s) => s.id).sort();
      const visible = await store.asUser(provider, (tx) => tx.selectFrom('services').select('id').orderBy('id').execute());
      assert.ok(own.length >= 2);
      assert.deepEqual(visible.map((s) => s.id), own);
    });

    test('refuses a database that already has organisations, and loadDemoIfEmpty leaves it alone', async () => {
      await assert.rejects(loadDemo(store, 'small'), Conflict);
      assert.equal(await loadDemoIfEmpty(store, 'council'), undefined);
      assert.equal(await count('services'), 60);
    });

    test('a database with any organisation of its own gets no demo and no demo users', async () => {
      const other = await database.open();
      try {
        await makeOrganisation(other, 'council');
        assert.equal(await loadDemoIfEmpty(other, 'small'), undefined);
        await assert.rejects(loadDemo(other, 'small'), /already has organisations/);
        const users = await other.asSystem((tx) => tx.selectFrom('users').select('id').execute());
        assert.equal(users.length, 0, 'no demo users without the demo');
        assert.equal(await other.asSystem(readDemoAccounts), undefined);
      } finally {
        await other.close();
      }
    });
  });
}

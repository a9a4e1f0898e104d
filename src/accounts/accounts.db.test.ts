import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { findActorBySession, findActorByToken, createSession } from '../core/auth/identity.repository.ts';
import { newApiToken, randomSecret, sha256 } from '../core/auth/secrets.ts';
import type { Store } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { apiTokensService } from './api-tokens.service.ts';
import { organisationsService } from './organisations.service.ts';
import { usersService } from './users.service.ts';

const fieldsOf = (error: unknown) => (error instanceof Invalid ? error.errors.map((e) => e.path) : []);

/**
 * The boundaries of account administration, tried from both sides: the services' rules, and the database's
 * own (row-level security and the 20261123T1720 triggers) reached directly, as a forgetful query would.
 */
for (const database of testDatabases()) {
  describe(`account administration boundaries (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerOrgA: Awaited<ReturnType<typeof makeOrganisation>>;
    let providerUserA: Awaited<ReturnType<typeof makeUser>>;
    let users: ReturnType<typeof usersService>;
    let organisations: ReturnType<typeof organisationsService>;
    let tokens: ReturnType<typeof apiTokensService>;

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      providerOrgA = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUserA = await makeUser(store, providerOrgA, 'provider');
      users = usersService(store);
      organisations = organisationsService(store);
      tokens = apiTokensService(store);
    });
    after(() => store.close());

    const rawUser = (id: string) => store.asSystem((tx) => tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

    test('another council’s administrator cannot read, change or create users of council A', async () => {
      const seen = await store.asUser(b.admin.actor, (tx) => tx.selectFrom('users').select('org_id').execute());
      assert.ok(seen.length > 0 && seen.every((u) => u.org_id === b.org.id));
      const changed = await store.asUser(b.admin.actor, (tx) => tx.updateTable('users').set({ name: 'Hijacked' }).where('id', '=', a.officer.actor.userId).executeTakeFirst());
      assert.equal(Number(changed.numUpdatedRows), 0);
      await assert.rejects(
        store.asUser(b.admin.actor, (tx) => tx.insertInto('users').values({ org_id: a.org.id, email: 'planted@example.gov.uk', name: 'Planted', role: 'admin' }).execute()),
        /row-level security/,
      );
      await assert.rejects(users.get(b.admin.actor, a.officer.actor.userId), NotFound);
      await assert.rejects(users.update(b.admin.actor, a.officer.actor.userId, { name: 'X', role: 'officer', active: 'yes' }), NotFound);
      await assert.rejects(users.setActive(b.admin.actor, a.officer.actor.userId, false), NotFound);
      await assert.rejects(users.resetPassword(b.admin.actor, a.officer.actor.userId, { password: 'a brand new password', confirmPassword: 'a brand new password' }), NotFound);
      assert.equal((await rawUser(a.officer.actor.userId)).active, true);
    });

    test('a forged organisation on the add-user form is refused and nothing is stored', async () => {
      const input = { name: 'Forged', email: 'forged@example.gov.uk', orgId: a.org.id, role: 'admin', passwordChoice: 'none' };
      await assert.rejects(users.add(b.admin.actor, input), (e) => fieldsOf(e).includes('orgId'));
      await assert.rejects(users.add(b.admin.actor, { ...input, orgId: providerOrgA.id, role: 'provider' }), (e) => fieldsOf(e).includes('orgId'));
      const stored = await store.asSystem((tx) => tx.selectFrom('users').select('id').where('email', '=', 'forged@example.gov.uk').execute());
      assert.equal(stored.length, 0);
    });

    test('a role must fit the organisation, in the service and in the database', async () => {
      await assert.rejects(users.update(a.admin.actor, providerUserA.actor.userId, { name: 'P', role: 'admin', active: 'yes' }), (e) => fieldsOf(e).includes('role'));
      await assert.rejects(
        store.asUser(a.admin.actor, (tx) => tx.updateTable('users').set({ role: 'admin' }).where('id', '=', providerUserA.actor.userId).execute()),
        /cannot have users with the admin role/,
      );
      await assert.rejects(
        store.asUser(a.admin.actor, (tx) => tx.updateTable('users').set({ org_id: a.org.id }).where('id', '=', providerUserA.actor.userId).execute()),
        /cannot have users with the provider role/,
      );
      await assert.rejects(
        store.asSystem((tx) => tx.insertInto('users').values({ org_id: a.org.id, email: 'p@example.gov.uk', name: 'P', role: 'partner' }).execute()),
        /cannot have users with the partner role/,
      );
      await assert.rejects(
        users.add(a.admin.actor, { name: 'P', email: 'p2@example.gov.uk', orgId: providerOrgA.id, role: 'officer', team: 'Managers', passwordChoice: 'none' }),
        (e) => fieldsOf(e).join() === 'role,team',
      );
      assert.equal((await rawUser(providerUserA.actor.userId)).role, 'provider');
    });

    test('only administrators manage users', async () => {
      for (const actor of [a.officer.actor, a.commissioner.actor, a.placer.actor, providerUserA.actor]) {
        await assert.rejects(users.list(actor, {}), Forbidden);
        await assert.rejects(users.add(actor, { name: 'N', email: 'n@example.gov.uk', orgId: a.org.id, role: 'officer', passwordChoice: 'none' }), Forbidden);
        const changed = await store.asUser(actor, (tx) => tx.updateTable('users').set({ role: 'admin' }).where('id', '=', a.placer.actor.userId).executeTakeFirst());
        assert.equal(Number(changed.numUpdatedRows), 0);
      }
      const providerSees = await store.asUser(providerUserA.actor, (tx) => tx.selectFrom('users').select('org_id').execute());
      assert.deepEqual([...new Set(providerSees.map((u) => u.org_id))], [providerOrgA.id]);
    });

    test('an administrator can neither deactivate themselves nor drop their own admin role', async () => {
      await assert.rejects(users.setActive(a.admin.actor, a.admin.actor.userId, false), (e) => fieldsOf(e).join() === 'active');
      await assert.rejects(users.update(a.admin.actor, a.admin.actor.userId, { name: 'Me', role: 'officer', active: 'yes' }), (e) => fieldsOf(e).join() === 'role');
      const me = await rawUser(a.admin.actor.userId);
      assert.equal(me.role, 'admin');
      assert.equal(me.active, true);
    });

    test('email addresses are unique across councils without revealing whose they are', async () => {
      const input = { name: 'Copy', email: a.officer.email.toUpperCase(), orgId: b.org.id, role: 'officer', passwordChoice: 'none' };
      await assert.rejects(users.check(b.admin.actor, input), (e) => fieldsOf(e).join() === 'email');
      assert.equal(await store.asUser(b.admin.actor, (tx) => sql<{ taken: boolean }>`select user_email_in_use(${a.officer.email}, null) as taken`.execute(tx)).then((r) => r.rows[0]?.taken), true);
      const visible = await store.asUser(b.admin.actor, (tx) => tx.selectFrom('users').select('id').where('email', '=', a.officer.email).execute());
      assert.equal(visible.length, 0);
    });

    test('deactivating a user ends their sessions and revokes their tokens at once; reactivation does not restore them', async () => {
      const person = await makeUser(store, a.org, 'officer');
      const session = randomSecret();
      await store.asSystem((tx) => createSession(tx, person.actor.userId, sha256(session), 8));
      assert.ok(await store.asSystem((tx) => findActorBySession(tx, sha256(session))));
      await users.setActive(a.admin.actor, person.actor.userId, false);
      assert.equal(await store.asSystem((tx) => findActorBySession(tx, sha256(session))), undefined);
      assert.equal(await store.asSystem((tx) => findActorByToken(tx, sha256(person.apiToken))), undefined);
      const left = await store.asSystem((tx) => tx.selectFrom('sessions').select('id_hash').where('user_id', '=', person.actor.userId).execute());
      assert.equal(left.length, 0);
      await users.setActive(a.admin.actor, person.actor.userId, true);
      assert.equal(await store.asSystem((tx) => findActorByToken(tx, sha256(person.apiToken))), undefined);
    });

    test('resetting a password ends the person’s sessions', async () => {
      const person = await makeUser(store, a.org, 'placer');
      const session = randomSecret();
      await store.asSystem((tx) => createSession(tx, person.actor.userId, sha256(session), 8));
      await assert.rejects(users.resetPassword(a.admin.actor, person.actor.userId, { password: 'short', confirmPassword: 'short' }), (e) => fieldsOf(e).join() === 'password');
      await assert.rejects(
        users.resetPassword(a.admin.actor, person.actor.userId, { password: 'a long new password', confirmPassword: 'a long new passwore' }),
        (e) => fieldsOf(e).join() === 'confirmPassword',
      );
      assert.ok(await store.asSystem((tx) => findActorBySession(tx, sha256(session))));
      await users.resetPassword(a.admin.actor, person.actor.userId, { password: 'a long new password', confirmPassword: 'a long new password' });
      assert.equal(await store.asSystem((tx) => findActorBySession(tx, sha256(session))), undefined);
      assert.ok(await store.asSystem((tx) => findActorByToken(tx, sha256(person.apiToken))), 'a password reset leaves API tokens alone');
    });

    test('organisations: councils only from the system, managed ones renamed only by their council', async () => {
      await assert.rejects(organisations.add(a.admin.actor, { code: 'NEWCOUNCIL', name: 'New', kind: 'council' }), (e) => fieldsOf(e).join() === 'kind');
      await assert.rejects(
        store.asUser(a.admin.actor, (tx) => tx.insertInto('organisations').values({ code: 'SNEAKY', name: 'Sneaky', kind: 'council', managed_by_org_id: a.org.id }).execute()),
        /row-level security/,
      );
      await assert.rejects(
        store.asUser(a.admin.actor, (tx) => tx.insertInto('organisations').values({ code: 'SNEAKY', name: 'Sneaky', kind: 'provider', managed_by_org_id: b.org.id }).execute()),
        /row-level security/,
      );
      await assert.rejects(organisations.add(a.officer.actor, { code: 'OFFICERS', name: 'O', kind: 'provider' }), Forbidden);
      const added = await organisations.add(a.admin.actor, { code: ' oakcare ', name: 'Oak Care', kind: 'provider' });
      assert.equal(added.code, 'OAKCARE');
      await assert.rejects(organisations.add(b.admin.actor, { code: 'OakCare', name: 'Other', kind: 'partner' }), (e) => e instanceof Conflict && e.message === 'An organisation with code OAKCARE already exists');
      await assert.rejects(organisations.rename(b.admin.actor, added.id, { name: 'Renamed by B' }), Forbidden);
      await assert.rejects(organisations.rename(a.admin.actor, b.org.id, { name: 'Renamed by A' }), Forbidden);
      const untouched = await store.asUser(b.admin.actor, (tx) => tx.updateTable('organisations').set({ name: 'X' }).where('id', '=', added.id).executeTakeFirst());
      assert.equal(Number(untouched.numUpdatedRows), 0);
      await organisations.rename(a.admin.actor, added.id, { name: 'Oak Care Group' });
      const list = await organisations.list(b.admin.actor);
      const row = list.find((o) => o.id === added.id)!;
      assert.equal(row.name, 'Oak Care Group');
      assert.equal(row.managedBy?.name, 'Council A');
      assert.equal(row.managedByActor, false);
      assert.deepEqual((await organisations.manageable(a.admin.actor)).map((o) => o.id).slice(0, 1), [a.org.id]);
      assert.ok(!(await organisations.manageable(b.admin.actor)).some((o) => o.id === added.id));
    });

    test('API tokens: each person sees and revokes only their own, and revocation is final', async () => {
      const created = await tokens.create(a.officer.actor, { label: 'Power BI' });
      assert.match(created.token, /^co_/);
      const stored = await store.asSystem((tx) => tx.selectFrom('api_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow());
      assert.equal(stored.token_hash, sha256(created.token));
      assert.ok(!JSON.stringify(await tokens.list(a.officer.actor)).includes(created.token));
      await assert.rejects(tokens.revoke(a.admin.actor, created.id), NotFound);
      await assert.rejects(tokens.revoke(b.officer.actor, created.id), NotFound);
      await assert.rejects(
        store.asUser(a.admin.actor, (tx) => tx.insertInto('api_tokens').values({ user_id: a.officer.actor.userId, token_hash: sha256(newApiToken()), label: 'planted' }).execute()),
        /row-level security/,
      );
      assert.ok(await store.asSystem((tx) => findActorByToken(tx, sha256(created.token))));
      await tokens.revoke(a.officer.actor, created.id);
      await tokens.revoke(a.officer.actor, created.id);
      assert.equal(await store.asSystem((tx) => findActorByToken(tx, sha256(created.token))), undefined);
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.updateTable('api_tokens').set({ revoked_at: null }).where('id', '=', created.id).execute()),
        /cannot be restored/,
      );
      await assert.rejects(tokens.create(a.officer.actor, { label: '  ' }), (e) => fieldsOf(e).join() === 'label');
    });

    test('an API token’s use is recorded, at most every 15 seconds, by the one statement that looks it up', async () => {
      const created = await tokens.create(a.officer.actor, { label: 'Dashboard feed' });
      const lastUsed = () => store.asSystem(async (tx) => (await tx.selectFrom('api_tokens').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow()).last_used_at);
      assert.equal(await lastUsed(), null);
      // outside any transaction, as a request makes it
      assert.equal((await findActorByToken(store.db, sha256(created.token)))?.userId, a.officer.actor.userId);
      const first = await lastUsed();
      assert.ok(first instanceof Date);
      assert.ok(await findActorByToken(store.db, sha256(created.token)));
      assert.deepEqual(await lastUsed(), first, 'a second use within 15 seconds writes nothing');
      await store.asSystem((tx) => tx.updateTable('api_tokens').set({ last_used_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', created.id).execute());
      const backdated = await lastUsed();
      assert.ok(await findActorByToken(store.db, sha256(created.token)));
      assert.ok((await lastUsed())!.getTime() > backdated!.getTime(), 'a use a minute later is recorded');
      await store.asSystem((tx) => tx.updateTable('api_tokens').set({ last_used_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', created.id).execute());
      await tokens.revoke(a.officer.actor, created.id);
      const revoked = await lastUsed();
      assert.equal(await findActorByToken(store.db, sha256(created.token)), undefined);
      assert.deepEqual(await lastUsed(), revoked, 'a revoked token is not touched, however long since its last use');
    });

    test('me describes the caller and their organisation', async () => {
      const me = await tokens.me(providerUserA.actor);
      assert.deepEqual(me, {
        userId: providerUserA.actor.userId,
        name: providerUserA.actor.name,
        email: providerUserA.email,
        role: 'provider',
        organisation: { id: providerOrgA.id, code: providerOrgA.code, name: providerOrgA.name, kind: 'provider' },
        authMethod: 'password',
      });
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';
import { USERS_PER_PAGE } from './users.service.ts';

const NEW_PASSWORD = 'a long enough password';

for (const database of testDatabases()) {
  describe(`user administration pages (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerOrg: Awaited<ReturnType<typeof makeOrganisation>>;
    const signedIn = async (person: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(person.email, person.password);
      return client;
    };
    const userByEmail = (email: string) => store.asSystem((tx) => tx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst());
    const countUsers = () => store.asSystem((tx) => tx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).then((r) => Number(r.n));
    const isSignedIn = async (client: PageClient) => /Signed in as/.test((await client.get(paths.home)).body);

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      a = await makeCouncil(store, 'Northmoor County Council');
      b = await makeCouncil(store, 'Southfen District Council');
      providerOrg = await makeOrganisation(store, 'provider', { name: 'Oakleaf Care', managedBy: a.org.id });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('lists the council’s users and those of the organisations it manages, filtered by organisation', async () => {
      const provider = await makeUser(store, providerOrg, 'provider', 'Priya Shah');
      await store.asSystem((tx) => tx.updateTable('users').set({ team: 'Quality Monitoring' }).where('id', '=', a.officer.actor.userId).execute());
      const client = await signedIn(a.admin);
      const page = await client.get(paths.admin.users);
      assert.equal(page.statusCode, 200);
      for (const text of [a.officer.email, 'Quality officer', 'Quality Monitoring', 'Northmoor County Council', 'Priya Shah', 'Provider user', 'Oakleaf Care', 'Active']) {
        assert.ok(page.body.includes(text), text);
      }
      assert.ok(!page.body.includes(b.officer.email), 'another council’s users are not listed');
      const filtered = await client.get(`${paths.admin.users}?organisation=${providerOrg.id}`);
      assert.ok(filtered.body.includes(provider.email) && !filtered.body.includes(a.officer.email));
      const forged = await client.get(`${paths.admin.users}?organisation=${b.org.id}`);
      assert.ok(!forged.body.includes(b.officer.email), 'filtering by a council it does not manage shows nothing of it');
    });

    test('pages long lists', async () => {
      const org = await makeOrganisation(store, 'partner', { name: 'Busy Partner', managedBy: a.org.id });
      await store.asSystem((tx) =>
        tx
          .insertInto('users')
          .values(Array.from({ length: USERS_PER_PAGE + 1 }, (_, i) => ({ org_id: org.id, email: `p${i}@busy.example.org`, name: `Partner ${String(i).padStart(3, '0')}`, role: 'partner' as const })))
          .execute(),
      );
      const client = await signedIn(a.admin);
      const first = await client.get(`${paths.admin.users}?organisation=${org.id}`);
      assert.match(first.body, new RegExp(`${USERS_PER_PAGE + 1} users`));
      assert.ok(first.body.includes('Partner 000') && !first.body.includes(`Partner ${String(USERS_PER_PAGE).padStart(3, '0')}`));
      assert.match(first.body, /govuk-pagination/);
      const second = await client.get(`${paths.admin.users}?organisation=${org.id}&page=2`);
      assert.ok(second.body.includes(`Partner ${String(USERS_PER_PAGE).padStart(3, '0')}`) && !second.body.includes('Partner 000'));
    });

    test('adds a council user through check your answers; they can then sign in', async () => {
      const client = await signedIn(a.admin);
      const form = await client.get(paths.admin.newUser);
      assert.match(form.body, /Add a user/);
      assert.ok(form.body.includes('Northmoor County Council (your council)') && form.body.includes('Oakleaf Care (Provider organisation)'));
      assert.ok(!form.body.includes('Southfen'), 'another council is not offered');
      const answers = { name: 'Sam Patel', email: ' Sam.Patel@Northmoor.gov.uk ', orgId: a.org.id, role: 'officer', team: 'Quality Monitoring', passwordChoice: 'set', password: NEW_PASSWORD };
      const check = await client.post(paths.admin.newUser, answers);
      assert.equal(check.statusCode, 200);
      assert.match(check.body, /Check the new user’s details/);
      for (const text of ['Sam Patel', 'sam.patel@northmoor.gov.uk', 'Quality officer', 'Quality Monitoring', `Set (${NEW_PASSWORD.length} characters)`]) assert.ok(check.body.includes(text), text);
      assert.equal(check.headers['cache-control'], 'no-store');
      assert.equal(await userByEmail('sam.patel@northmoor.gov.uk'), undefined, 'nothing is stored before confirming');

      const change = await client.post(paths.admin.checkNewUser, { ...answers, action: 'change' }, { from: paths.admin.newUser });
      assert.equal(change.statusCode, 200);
      assert.match(change.body, /<h1 class="govuk-heading-l">Add a user/);
      assert.ok(change.body.includes('value="Sam Patel"'));
      assert.match(change.body, /value="officer" checked/);

      const confirmed = await client.post(paths.admin.checkNewUser, { ...answers, action: 'confirm' }, { from: paths.admin.newUser });
      assert.equal(confirmed.statusCode, 303);
      const stored = (await userByEmail('sam.patel@northmoor.gov.uk'))!;
      assert.equal(stored.role, 'officer');
      assert.equal(stored.team, 'Quality Monitoring');
      assert.match(stored.password_hash ?? '', /^\$argon2id\$/);
      assert.equal(confirmed.headers.location, `${paths.admin.user(stored.id)}?done=created`);
      const page = await client.get(confirmed.headers.location);
      assert.match(page.body, /Account created/);
      await signedIn({ email: 'sam.patel@northmoor.gov.uk', password: NEW_PASSWORD });
    });

    test('adds a provider user without a password: they cannot sign in until it is reset', async () => {
      const client = await signedIn(a.admin);
      const answers = { name: 'Lee Ward', email: 'lee.ward@oakleaf.example.co.uk', orgId: providerOrg.id, role: 'provider', team: '', passwordChoice: 'none', password: '' };
      const check = await client.post(paths.admin.newUser, answers);
      assert.match(check.body, /None: they cannot sign in until you reset their password/);
      assert.ok(!/name="password"/.test(check.body), 'no password travels when none is set');
      assert.equal((await client.post(paths.admin.checkNewUser, { ...answers, action: 'confirm' }, { from: paths.admin.newUser })).statusCode, 303);
      const stored = (await userByEmail('lee.ward@oakleaf.example.co.uk'))!;
      assert.equal(stored.password_hash, null);
      assert.equal(stored.org_id, providerOrg.id);
      const attempt = await new PageClient(app).post(paths.signIn, { email: 'lee.ward@oakleaf.example.co.uk', password: '' }, { from: paths.signIn });
      assert.equal(attempt.statusCode, 400);
    });

    test('add-user errors: every field explained in form order, values kept, nothing stored', async () => {
      const client = await signedIn(a.admin);
      const before = await countUsers();
      const empty = await client.post(paths.admin.newUser, { name: '', email: '', orgId: '', role: '', team: '', passwordChoice: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /<title>Error: Add a user/);
      const messages = ['Enter the person’s full name', 'Enter an email address', 'Select an organisation', 'Select a role', 'Select whether to set a password now'];
      const positions = messages.map((m) => empty.body.indexOf(m));
      assert.ok(positions.every((p) => p > 0), positions.join());
      assert.deepEqual([...positions].sort((x, y) => x - y), positions, 'the summary follows the order of the form');

      const cases: [Record<string, string>, string][] = [
        [{ email: a.officer.email.toUpperCase() }, 'A user with that email address already exists'],
        [{ email: b.officer.email }, 'A user with that email address already exists'],
        [{ email: 'not-an-email' }, 'Enter an email address in the correct format'],
        [{ password: 'too short' }, 'Password must be 12 characters or more'],
        [{ password: '' }, 'Enter a password'],
        [{ orgId: providerOrg.id }, 'Users of a provider organisation must have the Provider user role'],
        [{ role: 'partner' }, 'Users of a council must have the Administrator, Commissioner or manager, Quality officer or Placing officer role'],
        [{ orgId: providerOrg.id, role: 'provider', team: 'Managers' }, 'Leave the team blank: teams are for council staff'],
        [{ orgId: b.org.id }, 'Select your council or an organisation it manages'],
        [{ orgId: 'nonsense' }, 'Select an organisation'],
      ];
      const valid = { name: 'Kim Lowe', email: 'kim.lowe@northmoor.gov.uk', orgId: a.org.id, role: 'commissioner', team: 'Commissioning', passwordChoice: 'set', password: NEW_PASSWORD };
      for (const [change, message] of cases) {
        const page = await client.post(paths.admin.newUser, { ...valid, ...change });
        assert.equal(page.statusCode, 400, message);
        assert.ok(page.body.includes(message), message);
        assert.ok(page.body.includes('value="Kim Lowe"'), 'values are kept');
        assert.ok(!page.body.includes(NEW_PASSWORD), 'the password is never shown back');
        const confirmed = await client.post(paths.admin.checkNewUser, { ...valid, ...change, action: 'confirm' }, { from: paths.admin.newUser });
        assert.equal(confirmed.statusCode, 400, `${message} (confirm step)`);
      }
      assert.equal(await countUsers(), before);
    });

    test('edits name, role, team and status; a provider user cannot be made an administrator', async () => {
      const person = await makeUser(store, a.org, 'placer', 'Jo Brook');
      const client = await signedIn(a.admin);
      const form = await client.get(paths.admin.editUser(person.actor.userId));
      assert.match(form.body, /Change Jo Brook’s details/);
      assert.ok(!form.body.includes('value="provider"'), 'only roles that fit the organisation are offered');
      const saved = await client.post(paths.admin.editUser(person.actor.userId), { name: 'Jo Brook-Smith', role: 'officer', team: 'Brokerage', active: 'yes' });
      assert.equal(saved.statusCode, 303);
      const row = (await userByEmail(person.email))!;
      assert.deepEqual([row.name, row.role, row.team, row.active], ['Jo Brook-Smith', 'officer', 'Brokerage', true]);
      assert.match((await client.get(saved.headers.location as string)).body, /Details saved/);

      const blank = await client.post(paths.admin.editUser(person.actor.userId), { name: '', role: 'officer', team: '', active: 'yes' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /<title>Error: Change Jo Brook’s details|<title>Error: Change Jo Brook-Smith’s details/);

      const provider = await makeUser(store, providerOrg, 'provider');
      const escalate = await client.post(paths.admin.editUser(provider.actor.userId), { name: 'Escalated', role: 'admin', team: '', active: 'yes' });
      assert.equal(escalate.statusCode, 400);
      assert.match(escalate.body, /Users of a provider organisation must have the Provider user role/);
      assert.equal((await userByEmail(provider.email))!.role, 'provider');
    });

    test('an administrator cannot deactivate themselves or remove their own admin role', async () => {
      const client = await signedIn(a.admin);
      const me = a.admin.actor.userId;
      const demote = await client.post(paths.admin.editUser(me), { name: 'Admin', role: 'officer', team: '', active: 'yes' });
      assert.equal(demote.statusCode, 400);
      assert.match(demote.body, /You cannot remove your own administrator role/);
      const off = await client.post(paths.admin.editUser(me), { name: 'Admin', role: 'admin', team: '', active: 'no' });
      assert.match(off.body, /You cannot deactivate your own account/);
      const confirmPage = await client.get(paths.admin.deactivateUser(me));
      assert.equal(confirmPage.statusCode, 400);
      assert.match(confirmPage.body, /You cannot deactivate your own account/);
      const csrf = await client.csrfFrom(paths.admin.user(me));
      const forced = await client.post(paths.admin.deactivateUser(me), {}, { csrf });
      assert.equal(forced.statusCode, 400);
      assert.ok(!(await client.get(paths.admin.user(me))).body.includes(paths.admin.deactivateUser(me)), 'no deactivate button for oneself');
      const row = (await userByEmail(a.admin.email))!;
      assert.deepEqual([row.role, row.active], ['admin', true]);
      assert.ok(await isSignedIn(client));
    });

    test('deactivating signs the person out and stops their API token at once; reactivating lets them sign in again', async () => {
      const person = await makeUser(store, a.org, 'officer', 'Alex Reed');
      const theirBrowser = await signedIn(person);
      assert.equal((await apiClient(app, person.apiToken).get(paths.api.me)).statusCode, 200);
      const client = await signedIn(a.admin);
      const confirm = await client.get(paths.admin.deactivateUser(person.actor.userId));
      assert.match(confirm.body, /Deactivate Alex Reed’s account/);
      assert.match(confirm.body, /every API token they have will be revoked/);
      const done = await client.post(paths.admin.deactivateUser(person.actor.userId), {});
      assert.equal(done.statusCode, 303);
      assert.match((await client.get(done.headers.location as string)).body, /Account deactivated/);
      assert.equal(await isSignedIn(theirBrowser), false);
      assert.equal((await apiClient(app, person.apiToken).get(paths.api.me)).statusCode, 401);
      const again = await new PageClient(app).post(paths.signIn, { email: person.email, password: person.password }, { from: paths.signIn });
      assert.equal(again.statusCode, 400);
      const listed = await client.get(`${paths.admin.users}?organisation=${a.org.id}`);
      assert.match(listed.body, /Alex Reed<\/a><\/td>(?:(?!<\/tr>)[\s\S])*Deactivated/);

      const reactivated = await client.post(paths.admin.reactivateUser(person.actor.userId), {}, { from: paths.admin.user(person.actor.userId) });
      assert.equal(reactivated.statusCode, 303);
      await signedIn(person);
      assert.equal((await apiClient(app, person.apiToken).get(paths.api.me)).statusCode, 401, 'revoked tokens stay revoked');
    });

    test('resets a password: errors explained, then the old sessions end and the new password works', async () => {
      const person = await makeUser(store, providerOrg, 'provider', 'Robin Hale');
      const theirBrowser = await signedIn(person);
      const client = await signedIn(a.admin);
      const form = await client.get(paths.admin.resetPassword(person.actor.userId));
      assert.match(form.body, /Reset Robin Hale’s password/);
      const short = await client.post(paths.admin.resetPassword(person.actor.userId), { password: 'short', confirmPassword: 'short' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /Password must be 12 characters or more/);
      const mismatch = await client.post(paths.admin.resetPassword(person.actor.userId), { password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });
      assert.match(mismatch.body, /The passwords do not match/);
      assert.ok(await isSignedIn(theirBrowser), 'a failed reset changes nothing');
      const done = await client.post(paths.admin.resetPassword(person.actor.userId), { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(done.statusCode, 303);
      assert.equal(await isSignedIn(theirBrowser), false);
      await signedIn({ email: person.email, password: NEW_PASSWORD });
      const old = await new PageClient(app).post(paths.signIn, { email: person.email, password: person.password }, { from: paths.signIn });
      assert.equal(old.statusCode, 400);
    });

    test('another council’s administrator gets 404 on every page and action for council A’s users', async () => {
      const target = a.officer.actor.userId;
      const client = await signedIn(b.admin);
      for (const url of [paths.admin.user(target), paths.admin.editUser(target), paths.admin.deactivateUser(target), paths.admin.resetPassword(target)]) {
        assert.equal((await client.get(url)).statusCode, 404, url);
      }
      const csrf = await client.csrfFrom(paths.admin.users);
      for (const [url, form] of [
        [paths.admin.editUser(target), { name: 'Hijacked', role: 'admin', team: '', active: 'yes' }],
        [paths.admin.deactivateUser(target), {}],
        [paths.admin.reactivateUser(target), {}],
        [paths.admin.resetPassword(target), { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }],
      ] as const) {
        assert.equal((await client.post(url, form, { csrf })).statusCode, 404, url);
      }
      const forged = await client.post(paths.admin.checkNewUser, { name: 'Mole', email: 'mole@example.gov.uk', orgId: a.org.id, role: 'admin', team: '', passwordChoice: 'none', action: 'confirm' }, { csrf });
      assert.equal(forged.statusCode, 400);
      assert.match(forged.body, /Select your council or an organisation it manages/);
      assert.equal(await userByEmail('mole@example.gov.uk'), undefined);
      const row = (await userByEmail(a.officer.email))!;
      assert.deepEqual([row.name, row.active], ['Test officer', true]);
    });

    test('people who are not administrators get 403; visitors are sent to sign in', async () => {
      const provider = await makeUser(store, providerOrg, 'provider');
      for (const person of [a.officer, a.commissioner, a.placer, provider]) {
        const client = await signedIn(person);
        for (const url of [paths.admin.users, paths.admin.newUser, paths.admin.user(a.placer.actor.userId)]) {
          assert.equal((await client.get(url)).statusCode, 403, `${person.actor.role} ${url}`);
        }
        // (Any page: a placing officer's home is the Live Status search, issue 15.)
        const csrf = await client.csrfFrom(paths.accessibility);
        const attempt = await client.post(paths.admin.checkNewUser, { name: 'N', email: `n.${person.actor.role}@example.gov.uk`, orgId: a.org.id, role: 'admin', passwordChoice: 'none', action: 'confirm' }, { csrf });
        assert.equal(attempt.statusCode, 403);
      }
      const visitor = await new PageClient(app).get(paths.admin.users);
      assert.equal(visitor.statusCode, 303);
    });
  });
}

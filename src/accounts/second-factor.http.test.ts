import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { currentCode } from './second-factor.ts';

const START = new Date('2026-12-05T10:00:00Z');
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/** Signs in with the password; the response (a redirect to the code or set-up step, or into the service). */
const passwordStep = (client: PageClient, user: TestUser, returnTo = '/') =>
  client.post('/sign-in', { email: user.email, password: user.password, returnTo }, { from: '/sign-in' });

/** Sets up an authenticator on the page shown (at sign-in or on the account page); the secret and recovery codes. */
async function enrol(client: PageClient, path: string) {
  const page = await client.get(path);
  assert.equal(page.statusCode, 200, page.body);
  assert.match(page.body, /<img src="data:image\/png;base64,/);
  const secret = /<code id="typed-key">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
  const done = await client.post(path, { code: await currentCode(secret) });
  assert.equal(done.statusCode, 200, done.body);
  const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  assert.equal(codes.length, 10);
  return { secret, codes };
}

for (const database of testDatabases()) {
  describe(`second factor: authenticator codes and recovery codes (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUsers: TestUser[];
    /** The council's administrator, signed in before the council asked for a second factor. */
    let admin: PageClient;
    const outcomes = (userId: string) =>
      store.asSystem(async (tx) =>
        (await tx.selectFrom('audit_events').select('after').where('table_name', '=', 'sign_ins').where('record_id', '=', userId).orderBy('id').execute()).map(
          (e) => `${(e.after as { route: string }).route}:${(e.after as { outcome: string }).outcome}`,
        ),
      );

    before(async () => {
      setClock(START);
      store = await database.open();
      ({ app } = await testApp(store, { codeAttemptsPerAccount: 5 }));
      council = await makeCouncil(store);
      const provider = await makeOrganisation(store, 'provider', { managedBy: council.org.id });
      providerUsers = await Promise.all([1, 2, 3].map(() => makeUser(store, provider, 'provider')));
      // The council asks everyone who signs in with a password (its providers too) for an authenticator code.
      admin = new PageClient(app);
      await admin.signIn(council.admin.email, council.admin.password);
      const saved = await admin.post('/admin/sign-in', { issuer: '', clientId: '', clientSecret: '', emailDomains: '', createUsers: 'no', localPasswordsOff: 'no', secondFactorRequired: 'yes' });
      assert.equal(saved.statusCode, 303, saved.body);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    test('a provider user sets up an authenticator at sign-in, then signs in with a code; a wrong or replayed code is refused', async () => {
      const user = providerUsers[0]!;
      const first = new PageClient(app);
      const password = await passwordStep(first, user, '/accessibility');
      assert.equal(password.statusCode, 303);
      assert.equal(password.headers.location, '/sign-in/authenticator');
      assert.doesNotMatch((await first.get('/')).body, /Signed in as/);
      const wrongSetup = await first.post('/sign-in/authenticator', { code: '000000' });
      assert.equal(wrongSetup.statusCode, 400);
      assert.match(wrongSetup.body, /Enter the 6-digit code your authenticator app shows now/);
      const { secret } = await enrol(first, '/sign-in/authenticator');
      assert.match((await first.get('/')).body, /Signed in as/);

      setClock(later(60));
      const second = new PageClient(app);
      assert.equal((await passwordStep(second, user, '/accessibility')).headers.location, '/sign-in/code');
      const wrong = await second.post('/sign-in/code', { code: '123456' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Enter the 6-digit code from your authenticator app/);
      const code = await currentCode(secret);
      const right = await second.post('/sign-in/code', { code });
      assert.equal(right.statusCode, 303);
      assert.equal(right.headers.location, '/accessibility');
      assert.match((await second.get('/')).body, /Signed in as/);

      // The same code again, within its 30 seconds, is worth nothing: someone who saw it cannot use it.
      const third = new PageClient(app);
      await passwordStep(third, user);
      assert.equal((await third.post('/sign-in/code', { code })).statusCode, 400);
      setClock(later(90));
      assert.equal((await third.post('/sign-in/code', { code: await currentCode(secret) })).statusCode, 303);

      const me = await apiClient(app, user.apiToken).get('/api/v1/me');
      assert.equal(me.json().authMethod, 'password+totp');
      const trail = await outcomes(user.actor.userId);
      assert.ok(trail.includes('second-factor:enrolled'));
      assert.ok(trail.includes('authenticator-code:refused'));
      assert.ok(trail.includes('authenticator-code:signed-in'));
    });

    test('a recovery code signs in once; used again it is refused', async () => {
      const user = providerUsers[1]!;
      const client = new PageClient(app);
      await passwordStep(client, user);
      const { codes } = await enrol(client, '/sign-in/authenticator');
      const once = new PageClient(app);
      await passwordStep(once, user);
      assert.equal((await once.post('/sign-in/code', { code: codes[3]!.toUpperCase() })).statusCode, 303);
      const twice = new PageClient(app);
      await passwordStep(twice, user);
      const refused = await twice.post('/sign-in/code', { code: codes[3]! });
      assert.equal(refused.statusCode, 400);
      assert.equal((await twice.post('/sign-in/code', { code: codes[4]! })).statusCode, 303);
      assert.ok((await outcomes(user.actor.userId)).includes('recovery-code:signed-in'));
      // What is stored is a hash, never the code.
      const stored = await store.asSystem((tx) => tx.selectFrom('second_factors').select(['recovery_code_hashes', 'recovery_codes_left']).where('user_id', '=', user.actor.userId).executeTakeFirstOrThrow());
      assert.equal(stored.recovery_codes_left, 8);
      assert.ok(stored.recovery_code_hashes.every((h) => h.startsWith('$argon2id$')));
      // The audit trail records that an authenticator was set up, never its key or the codes' hashes.
      const trail = await store.asSystem((tx) => tx.selectFrom('audit_events').select(['action', 'after']).where('table_name', '=', 'second_factors').execute());
      assert.ok(trail.some((e) => e.action === 'insert'));
      for (const event of trail) assert.deepEqual(Object.keys(event.after as object).filter((k) => ['totp_secret', 'recovery_code_hashes', 'last_time_step'].includes(k)), []);
    });

    test('codes are rate-limited per person like passwords: past the limit even the right code is refused', async () => {
      const user = providerUsers[2]!;
      const client = new PageClient(app);
      await passwordStep(client, user);
      const { secret } = await enrol(client, '/sign-in/authenticator');
      setClock(later(300));
      const guesser = new PageClient(app);
      await passwordStep(guesser, user);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await guesser.post('/sign-in/code', { code: String(100000 + i) })).statusCode);
      assert.deepEqual(statuses, [400, 400, 400, 400, 400]);
      const limited = await guesser.post('/sign-in/code', { code: await currentCode(secret) });
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Too many codes tried. Try again in 15 minutes/);
      assert.ok(limited.headers['retry-after']);
      assert.ok((await outcomes(user.actor.userId)).includes('authenticator-code:limited'));
    });

    test('an administrator resets a person’s authenticator: they set one up again at their next sign-in', async () => {
      const user = providerUsers[0]!;
      const reset = await admin.post(`/admin/users/${user.actor.userId}/authenticator/reset`, {}, { from: `/admin/users/${user.actor.userId}` });
      assert.equal(reset.statusCode, 303);
      assert.match((await admin.get(reset.headers.location as string)).body, /Authenticator app reset/);
      const client = new PageClient(app);
      assert.equal((await passwordStep(client, user)).headers.location, '/sign-in/authenticator');
      assert.ok((await outcomes(user.actor.userId)).includes('second-factor:reset'));
      // Only the administrators of the person's council may reset it.
      const other = await makeCouncil(store);
      const stranger = new PageClient(app);
      await stranger.signIn(other.admin.email, other.admin.password);
      assert.equal((await stranger.post(`/admin/users/${user.actor.userId}/authenticator/reset`, {}, { from: '/admin/users' })).statusCode, 404);
    });

    test('anyone may set up an authenticator from their account; the code and set-up steps need a password first', async () => {
      const other = await makeCouncil(store);
      const client = new PageClient(app);
      await client.signIn(other.officer.email, other.officer.password);
      await enrol(client, '/account/authenticator');
      assert.match((await client.get('/account/authenticator')).body, /Recovery codes left/);
      const next = new PageClient(app);
      assert.equal((await passwordStep(next, other.officer)).headers.location, '/sign-in/code');
      const nobody = new PageClient(app);
      assert.equal((await nobody.get('/sign-in/code')).headers.location, '/sign-in');
      assert.equal((await nobody.get('/sign-in/authenticator')).headers.location, '/sign-in');
    });
  });
}

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import type { Role } from '../core/db/schema.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { TestIdentityProvider, type Tamper, type TestLogin } from '../../test/support/oidc-provider.ts';

const BASE = 'http://care-oversight.test';
const CALLBACK = `${BASE}/sign-in/sso/callback`;

/** Follows a sign-in from the email form to the provider and back to the callback; the callback's response. */
async function ssoSignIn(client: PageClient, idp: TestIdentityProvider, login: TestLogin, options: { tamper?: Tamper; editCallback?: (url: URL) => void } = {}) {
  idp.nextLogin = login;
  idp.tamper = options.tamper;
  const start = await client.get(`/sign-in/sso?email=${encodeURIComponent(login.email)}`);
  assert.equal(start.statusCode, 303, start.body);
  const authorize = await fetch(start.headers.location as string, { redirect: 'manual' });
  assert.equal(authorize.status, 302, await authorize.text());
  const callback = new URL(authorize.headers.get('location')!);
  options.editCallback?.(callback);
  const response = await client.get(callback.pathname + callback.search);
  return Object.assign(response, { callbackUrl: callback });
}

async function auditOf(store: Store, userId: string) {
  return store.asSystem((tx) =>
    tx.selectFrom('audit_events').select(['table_name', 'after']).where('record_id', '=', userId).where('table_name', '=', 'sign_ins').orderBy('id').execute(),
  );
}

for (const database of testDatabases()) {
  describe(`single sign-on with OpenID Connect (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let services: Awaited<ReturnType<typeof testApp>>['services'];
    let idpA: TestIdentityProvider;
    let idpB: TestIdentityProvider;
    let councilA: Awaited<ReturnType<typeof makeCouncil>>;
    let councilB: Awaited<ReturnType<typeof makeCouncil>>;
    const domainA = `a${randomBytes(3).toString('hex')}.gov.uk`;
    const domainB = `b${randomBytes(3).toString('hex')}.gov.uk`;
    const person = (domain: string, groups: string[], extra: Partial<TestLogin> = {}): TestLogin => {
      const id = randomBytes(4).toString('hex');
      return { sub: `sub-${id}`, email: `person.${id}@${domain}`, name: `Person ${id}`, groups, ...extra };
    };
    const userByEmail = (email: string) =>
      store.asSystem((tx) => tx.selectFrom('users').select(['id', 'org_id', 'role', 'active', 'sso_subject']).where('email', '=', email).executeTakeFirst());
    const addUser = (orgId: string, email: string, role: Role) =>
      store.asSystem((tx) => tx.insertInto('users').values({ org_id: orgId, email, name: 'Existing person', role, password_hash: null }).returning('id').executeTakeFirstOrThrow());

    before(async () => {
      store = await database.open();
      ({ app, services } = await testApp(store, { publicBaseUrl: BASE }));
      idpA = await new TestIdentityProvider([CALLBACK]).start();
      idpB = await new TestIdentityProvider([CALLBACK]).start();
      councilA = await makeCouncil(store, 'Council A');
      councilB = await makeCouncil(store, 'Council B');
      const codes = await store.asSystem((tx) => tx.selectFrom('organisations').select(['id', 'code']).where('id', 'in', [councilA.org.id, councilB.org.id]).execute());
      const codeOf = (id: string) => codes.find((c) => c.id === id)!.code;
      await services.signInSettings.setAsSystem(codeOf(councilA.org.id), { issuer: idpA.issuer, clientId: idpA.clientId, clientSecret: idpA.clientSecret, emailDomains: [domainA], createUsers: true });
      await services.signInSettings.setAsSystem(codeOf(councilB.org.id), { issuer: idpB.issuer, clientId: idpB.clientId, clientSecret: idpB.clientSecret, emailDomains: [domainB], createUsers: false });
      await services.signInSettings.mapAsSystem(codeOf(councilA.org.id), 'care-officers', 'officer');
      await services.signInSettings.mapAsSystem(codeOf(councilA.org.id), 'care-commissioners', 'commissioner');
      await services.signInSettings.mapAsSystem(codeOf(councilB.org.id), 'b-officers', 'officer');
    });
    after(async () => {
      await app.close();
      await store.close();
      await idpA.stop();
      await idpB.stop();
    });

    test('the email form sends a council’s staff to their issuer with PKCE, state and nonce; first sign-in creates the user with the mapped role', async () => {
      const client = new PageClient(app);
      const login = person(domainA, ['care-officers', 'unrelated-group']);
      const response = await ssoSignIn(client, idpA, login);
      const sent = idpA.lastAuthorization!;
      assert.equal(sent.get('response_type'), 'code');
      assert.equal(sent.get('client_id'), idpA.clientId);
      assert.equal(sent.get('redirect_uri'), CALLBACK);
      assert.equal(sent.get('code_challenge_method'), 'S256');
      assert.ok(sent.get('scope')!.split(' ').includes('openid'));
      assert.ok(sent.get('state') && sent.get('nonce') && sent.get('code_challenge'));
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/');
      assert.match((await client.get('/')).body, /Signed in as/);
      const user = await userByEmail(login.email);
      assert.equal(user?.org_id, councilA.org.id);
      assert.equal(user?.role, 'officer');
      assert.equal(user?.sso_subject, login.sub);
      const events = (await auditOf(store, user.id)).map((e) => (e.after as { outcome: string }).outcome);
      assert.deepEqual(events, ['created', 'signed-in']);
      for (const event of await auditOf(store, user.id)) assert.doesNotMatch(JSON.stringify(event.after), /eyJ|code_verifier|client_secret/);
    });

    test('a changed group changes the role at the next sign-in (the highest role wins), and it is audited', async () => {
      const login = person(domainA, ['care-officers']);
      await ssoSignIn(new PageClient(app), idpA, login);
      const again = await ssoSignIn(new PageClient(app), idpA, { ...login, groups: ['care-officers', 'care-commissioners'] });
      assert.equal(again.statusCode, 303);
      const user = await userByEmail(login.email);
      assert.equal(user?.role, 'commissioner');
      const changed = (await auditOf(store, user!.id)).find((e) => (e.after as { outcome: string }).outcome === 'role-changed');
      assert.deepEqual({ from: (changed!.after as { from: string }).from, to: (changed!.after as { to: string }).to }, { from: 'officer', to: 'commissioner' });
    });

    test('someone whose groups give no role is refused with a page that says what to do, and no account is made', async () => {
      const login = person(domainA, ['finance-team']);
      const response = await ssoSignIn(new PageClient(app), idpA, login);
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /does not give you access to Care Oversight/);
      assert.match(response.body, /IT service desk/);
      assert.equal(await userByEmail(login.email), undefined);
    });

    test('a leaver removed from the group, or a disabled account, can no longer sign in', async () => {
      const login = person(domainA, ['care-officers']);
      await ssoSignIn(new PageClient(app), idpA, login);
      const left = await ssoSignIn(new PageClient(app), idpA, { ...login, groups: [] });
      assert.equal(left.statusCode, 403);
      const user = await userByEmail(login.email);
      await services.users.setActive(councilA.admin.actor, user!.id, false);
      const disabled = await ssoSignIn(new PageClient(app), idpA, login);
      assert.equal(disabled.statusCode, 403);
      assert.match(disabled.body, /Your account has been disabled/);
    });

    test('an existing account of the council is linked by its verified email; without creation allowed, an unknown person is refused', async () => {
      const email = `linked.${randomBytes(3).toString('hex')}@${domainB}`;
      const { id } = await addUser(councilB.org.id, email, 'placer');
      const linked = await ssoSignIn(new PageClient(app), idpB, { sub: 'b-linked', email, groups: ['b-officers'] });
      assert.equal(linked.statusCode, 303);
      const user = await userByEmail(email);
      assert.equal(user?.id, id);
      assert.equal(user?.sso_subject, 'b-linked');
      assert.equal(user?.role, 'officer');
      const stranger = person(domainB, ['b-officers']);
      const refused = await ssoSignIn(new PageClient(app), idpB, stranger);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /You do not have an account yet/);
      assert.equal(await userByEmail(stranger.email), undefined);
    });

    test('tenancy: council A’s issuer cannot sign anyone into council B, nor join B’s person to A', async () => {
      // A person of council B, presented by council A's identity provider (same email), is never joined to A.
      const emailOfB = `shared.${randomBytes(3).toString('hex')}@${domainA}`;
      const { id } = await addUser(councilB.org.id, emailOfB, 'officer');
      const response = await ssoSignIn(new PageClient(app), idpA, { sub: 'a-impostor', email: emailOfB, groups: ['care-commissioners'] });
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /belongs to an account of another organisation/);
      const user = await userByEmail(emailOfB);
      assert.deepEqual({ id: user?.id, org: user?.org_id, role: user?.role, subject: user?.sso_subject }, { id, org: councilB.org.id, role: 'officer', subject: null });
      // A sign-in started for council B, answered with a code from council A's provider, fails B's checks.
      const client = new PageClient(app);
      idpA.nextLogin = person(domainB, ['b-officers']);
      const start = await client.get(`/sign-in/sso?email=${encodeURIComponent(`x@${domainB}`)}`);
      const startUrl = new URL(start.headers.location as string);
      assert.equal(startUrl.origin, new URL(idpB.issuer).origin);
      startUrl.searchParams.set('client_id', idpA.clientId);
      const fromA = await fetch(`${idpA.issuer}/authorize?${startUrl.searchParams.toString()}`, { redirect: 'manual' });
      const callback = new URL(fromA.headers.get('location')!);
      const crossed = await client.get(callback.pathname + callback.search);
      assert.equal(crossed.statusCode, 403);
      assert.equal(await userByEmail(idpA.nextLogin.email), undefined);
    });

    for (const tamper of ['audience', 'expired', 'unsigned', 'signature', 'nonce', 'issuer'] as const) {
      test(`an ID token with a wrong ${tamper} is refused`, async () => {
        const login = person(domainA, ['care-officers']);
        const response = await ssoSignIn(new PageClient(app), idpA, login, { tamper });
        assert.equal(response.statusCode, 403);
        assert.match(response.body, /We could not sign you in/);
        assert.equal(await userByEmail(login.email), undefined);
      });
    }

    test('a tampered state, or a callback from another browser, is refused', async () => {
      const login = person(domainA, ['care-officers']);
      const tampered = await ssoSignIn(new PageClient(app), idpA, login, { editCallback: (url) => url.searchParams.set('state', 'forged') });
      assert.equal(tampered.statusCode, 403);
      idpA.nextLogin = login;
      const victim = new PageClient(app);
      const start = await victim.get(`/sign-in/sso?email=${encodeURIComponent(login.email)}`);
      const authorize = await fetch(start.headers.location as string, { redirect: 'manual' });
      const callback = new URL(authorize.headers.get('location')!);
      const attacker = new PageClient(app);
      const stolen = await attacker.get(callback.pathname + callback.search);
      assert.equal(stolen.statusCode, 403);
      assert.equal(await userByEmail(login.email), undefined);
    });

    test('a replayed callback (the same code and state again) is refused', async () => {
      const client = new PageClient(app);
      const login = person(domainA, ['care-officers']);
      const first = await ssoSignIn(client, idpA, login);
      assert.equal(first.statusCode, 303);
      client.setCookie('co_sso_state', first.callbackUrl.searchParams.get('state')!);
      const replay = await client.get(first.callbackUrl.pathname + first.callbackUrl.search);
      assert.equal(replay.statusCode, 403);
    });

    test('an email outside every council’s domains is sent back to the password form', async () => {
      const client = new PageClient(app);
      // The email form leads, by a redirect, to each council's provider: the page's CSP must allow it.
      const page = await client.get('/sign-in');
      const formAction = /form-action ([^;]+)/.exec(String(page.headers['content-security-policy']))![1]!.split(' ');
      assert.ok(formAction.includes("'self'") && formAction.includes(idpA.issuer) && formAction.includes(idpB.issuer), formAction.join(' '));
      const response = await client.get('/sign-in/sso?email=someone%40care-home.example');
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /does not sign in with its own accounts here/);
      const empty = await client.get('/sign-in/sso?email=');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter your email address/);
    });

    test('a council that turns its staff’s passwords off refuses their password but keeps its providers’ ones; /api/v1/me says how each signs in', async () => {
      const provider = await makeOrganisation(store, 'provider', { managedBy: councilA.org.id });
      const providerUser = await makeUser(store, provider, 'provider');
      const admin = new PageClient(app);
      await admin.signIn(councilA.admin.email, councilA.admin.password);
      const page = await admin.get('/admin/sign-in');
      assert.match(page.body, new RegExp(CALLBACK.replace(/[/.]/g, '\\$&')));
      const saved = await admin.post('/admin/sign-in', { issuer: idpA.issuer, clientId: idpA.clientId, clientSecret: '', emailDomains: domainA, createUsers: 'yes', localPasswordsOff: 'yes', secondFactorRequired: 'no' });
      assert.equal(saved.statusCode, 303, saved.body);
      const trail = await store.asSystem((tx) => tx.selectFrom('audit_events').select('after').where('table_name', '=', 'sign_in_settings').execute());
      assert.ok(trail.length > 0);
      for (const event of trail) assert.doesNotMatch(JSON.stringify(event.after), new RegExp(`client_secret|${idpA.clientSecret}`));
      const staff = await new PageClient(app).post('/sign-in', { email: councilA.officer.email, password: councilA.officer.password }, { from: '/sign-in' });
      assert.equal(staff.statusCode, 400);
      assert.match(staff.body, /Sign in with your council account/);
      const outsider = await new PageClient(app).post('/sign-in', { email: providerUser.email, password: providerUser.password }, { from: '/sign-in' });
      assert.equal(outsider.statusCode, 303);
      const forgot = await new PageClient(app).post('/sign-in/forgotten-password', { email: councilA.officer.email });
      assert.equal(forgot.statusCode, 200);
      const links = await store.asSystem((tx) => tx.selectFrom('outgoing_emails').select('id').where('to_address', '=', councilA.officer.email).execute());
      assert.equal(links.length, 0, 'no reset link for staff whose passwords are off');
      const me = await apiClient(app, providerUser.apiToken).get('/api/v1/me');
      assert.equal(me.json().authMethod, 'password');
      await admin.post('/admin/sign-in', { issuer: idpA.issuer, clientId: idpA.clientId, clientSecret: '', emailDomains: domainA, createUsers: 'yes', localPasswordsOff: 'no', secondFactorRequired: 'no' });
    });

    test('the settings page checks what the administrator typed, and only an administrator reaches it', async () => {
      const admin = new PageClient(app);
      await admin.signIn(councilB.admin.email, councilB.admin.password);
      const bad = await admin.post('/admin/sign-in', { issuer: 'not a url', clientId: '', clientSecret: '', emailDomains: 'not a domain', createUsers: 'no', localPasswordsOff: 'yes', secondFactorRequired: 'no' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Enter the issuer URL/);
      assert.match(bad.body, /Enter email domains like/);
      const noRole = await admin.post('/admin/sign-in/roles', { claimValue: '', role: '' });
      assert.equal(noRole.statusCode, 400);
      assert.match(noRole.body, /Enter the group or app role/);
      const officer = new PageClient(app);
      await officer.signIn(councilB.officer.email, councilB.officer.password);
      assert.equal((await officer.get('/admin/sign-in')).statusCode, 403);
    });

    test('signing out of a single sign-on session ends it at the issuer too', async () => {
      const client = new PageClient(app);
      const login = person(domainA, ['care-officers']);
      await ssoSignIn(client, idpA, login);
      const out = await client.post('/sign-out', {}, { from: '/' });
      assert.equal(out.statusCode, 200);
      assert.match(out.body, /You have signed out/);
      const to = new URL(/<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(out.body)![1]!.replace(/&amp;/g, '&'));
      assert.equal(`${to.origin}${to.pathname}`, `${idpA.issuer}/end-session`);
      assert.equal(to.searchParams.get('client_id'), idpA.clientId);
      const token = await store.asSystem((tx) => tx.selectFrom('users').select('id').where('email', '=', login.email).executeTakeFirstOrThrow());
      const { token: apiToken } = await services.apiTokens.create({ ...councilA.officer.actor, userId: token.id }, { label: 'check' });
      assert.equal((await apiClient(app, apiToken).get('/api/v1/me')).json().authMethod, 'sso');
    });
  });
}

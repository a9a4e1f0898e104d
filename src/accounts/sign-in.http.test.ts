import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import { safeReturnPath } from './accounts.schemas.ts';

for (const database of testDatabases()) {
  describe(`sign-in and sessions (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 5 }));
      council = await makeCouncil(store);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('a signed-out visitor asking for a page is sent to sign in, then back', async () => {
      const client = new PageClient(app);
      const page = await client.get('/accessibility');
      assert.equal(page.statusCode, 200);
      const home = await client.get('/');
      assert.match(home.body, /Sign in/);
      const response = await client.post('/sign-in', { email: council.officer.email, password: council.officer.password, returnTo: '/accessibility' }, { from: '/sign-in' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/accessibility');
      const cookie = response.cookies.find((c) => c.name === 'co_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      const signedIn = await client.get('/');
      assert.match(signedIn.body, /Signed in as/);
    });

    test('a wrong password gets the GOV.UK error summary and no session', async () => {
      const client = new PageClient(app);
      const response = await client.post('/sign-in', { email: council.placer.email, password: 'wrong password!' }, { from: '/sign-in' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /<title>Error: Sign in/);
      assert.match(response.body, /Enter a correct email address and password/);
      assert.equal(response.cookies.find((c) => c.name === 'co_session'), undefined);
    });

    test('empty fields get one message each', async () => {
      const client = new PageClient(app);
      const response = await client.post('/sign-in', { email: '', password: '' }, { from: '/sign-in' });
      assert.match(response.body, /Enter your email address/);
      assert.match(response.body, /Enter your password/);
    });

    test('a form without its CSRF token is refused', async () => {
      const client = new PageClient(app);
      const response = await client.post('/sign-in', { email: council.officer.email, password: council.officer.password }, { csrf: 'forged' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Your form has expired/);
    });

    test('signing out ends the session on the server', async () => {
      const client = new PageClient(app);
      const signedIn = await client.signIn(council.admin.email, council.admin.password);
      const sessionCookie = signedIn.cookies.find((c) => c.name === 'co_session')!.value;
      await client.post('/sign-out', {}, { from: '/' });
      const replay = await app.inject({ method: 'GET', url: '/', headers: { cookie: `co_session=${sessionCookie}` } });
      assert.doesNotMatch(replay.body, /Signed in as/);
    });

    test('sign-in attempts are rate-limited per address', async () => {
      const client = new PageClient(app);
      const csrf = await client.csrfFrom('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await client.post('/sign-in', { email: 'nobody@example.gov.uk', password: 'guess ' + i }, { csrf });
        statuses.push(r.statusCode);
      }
      assert.ok(statuses.includes(429), `expected a 429 among ${statuses.join(',')}`);
      const limited = await client.post('/sign-in', { email: council.officer.email, password: council.officer.password }, { csrf });
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Too many attempts/);
    });
  });
}

describe('safeReturnPath', () => {
  test('keeps same-site paths and refuses anything that leaves the site', () => {
    assert.equal(safeReturnPath('/services?q=oak'), '/services?q=oak');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'services', undefined, 42]) {
      assert.equal(safeReturnPath(bad), '/');
    }
  });
});

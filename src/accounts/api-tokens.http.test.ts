import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../core/auth/secrets.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';

for (const database of testDatabases()) {
  describe(`API tokens, GET /api/v1/me and sessions (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    const signedIn = async (person: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(person.email, person.password);
      return client;
    };
    const createToken = async (client: PageClient, label: string) => {
      const page = await client.post(paths.account.newToken, { label });
      assert.equal(page.statusCode, 200);
      const token = /id="token"[^>]*value="(co_[^"]+)"/.exec(page.body)?.[1];
      assert.ok(token, 'the new token is on the page');
      return { page, token };
    };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      council = await makeCouncil(store, 'Northmoor County Council');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('creates a token shown exactly once, stored only as its SHA-256 hash, that then authenticates', async () => {
      const client = await signedIn(council.officer);
      const form = await client.get(paths.account.newToken);
      assert.match(form.body, /Create an API token/);
      const { page, token } = await createToken(client, 'Power BI refresh');
      assert.match(page.body, /govuk-panel/);
      assert.match(page.body, /API token created/);
      assert.match(page.body, /You will not be able to see it again/);
      assert.equal(page.headers['cache-control'], 'no-store');
      const stored = await store.asSystem((tx) => tx.selectFrom('api_tokens').select(['token_hash', 'label']).where('label', '=', 'Power BI refresh').executeTakeFirstOrThrow());
      assert.equal(stored.token_hash, sha256(token));
      const list = await client.get(paths.account.tokens);
      assert.match(list.body, /Power BI refresh/);
      assert.ok(!list.body.includes(token), 'the list never shows the token again');
      const neverUsed = /Power BI refresh<\/td>(?:(?!<\/tr>)[\s\S])*Never/;
      assert.match(list.body, neverUsed);

      const me = await apiClient(app, token).get(paths.api.me);
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json(), {
        userId: council.officer.actor.userId,
        name: council.officer.actor.name,
        email: council.officer.email,
        role: 'officer',
        organisation: { id: council.org.id, code: council.org.code, name: 'Northmoor County Council', kind: 'council' },
        authMethod: 'password',
      });
      const used = await client.get(paths.account.tokens);
      assert.doesNotMatch(used.body, neverUsed, 'last used is recorded');
    });

    test('a label is required, and a blank one stores nothing', async () => {
      const client = await signedIn(council.placer);
      const page = await client.post(paths.account.newToken, { label: '   ' });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /<title>Error: Create an API token/);
      assert.match(page.body, /href="#label">Enter a label/);
      const count = await store.asSystem((tx) => tx.selectFrom('api_tokens').select('id').where('user_id', '=', council.placer.actor.userId).execute());
      assert.equal(count.length, 1, 'only the fixture’s token');
    });

    test('revoking a token stops it authenticating at once', async () => {
      const client = await signedIn(council.commissioner);
      const { token } = await createToken(client, 'Nightly export');
      const api = apiClient(app, token);
      assert.equal((await api.get(paths.api.me)).statusCode, 200);
      const { id } = await store.asSystem((tx) => tx.selectFrom('api_tokens').select('id').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow());
      const revoked = await client.post(paths.account.revokeToken(id), {}, { from: paths.account.tokens });
      assert.equal(revoked.statusCode, 303);
      const list = await client.get(revoked.headers.location as string);
      assert.match(list.body, /API token “Nightly export” revoked/);
      assert.match(list.body, /Revoked/);
      const refused = await api.get(paths.api.me);
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(refused.json().status, 401);
    });

    test('nobody can revoke or see another person’s token', async () => {
      const owner = await signedIn(council.officer);
      const { token } = await createToken(owner, 'Officer script');
      const { id } = await store.asSystem((tx) => tx.selectFrom('api_tokens').select('id').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow());
      const other = await signedIn(council.admin);
      assert.ok(!(await other.get(paths.account.tokens)).body.includes('Officer script'));
      const csrf = await other.csrfFrom(paths.account.tokens);
      assert.equal((await other.post(paths.account.revokeToken(id), {}, { csrf })).statusCode, 404);
      assert.equal((await apiClient(app, token).get(paths.api.me)).statusCode, 200);
    });

    test('provider and partner users manage their own tokens too', async () => {
      const partner = await makeUser(store, await makeOrganisation(store, 'partner', { name: 'Healthwatch Northmoor' }), 'partner');
      const client = await signedIn(partner);
      assert.equal((await client.get(paths.account.tokens)).statusCode, 200);
      const { token } = await createToken(client, 'Enter and View');
      const me = (await apiClient(app, token).get(paths.api.me)).json();
      assert.equal(me.role, 'partner');
      assert.equal(me.organisation.kind, 'partner');
    });

    test('the API refuses a missing, malformed or unknown token with 401', async () => {
      assert.equal((await app.inject({ method: 'GET', url: paths.api.me })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: paths.api.me, headers: { authorization: 'Basic abc' } })).statusCode, 401);
      assert.equal((await apiClient(app, 'co_unknown').get(paths.api.me)).statusCode, 401);
    });

    test('visitors are sent to sign in; token pages need no particular role', async () => {
      const visitor = await new PageClient(app).get(paths.account.tokens);
      assert.equal(visitor.statusCode, 303);
      assert.match(String(visitor.headers.location), /^\/sign-in/);
    });

    test('a session past its expiry is signed out', async () => {
      const client = await signedIn(council.placer);
      assert.match((await client.get(paths.account.tokens)).body, /Signed in as/);
      await store.asSystem((tx) => tx.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', council.placer.actor.userId).execute());
      const after = await client.get(paths.account.tokens);
      assert.equal(after.statusCode, 303);
      assert.match(String(after.headers.location), /^\/sign-in\?returnTo=/);
    });
  });
}

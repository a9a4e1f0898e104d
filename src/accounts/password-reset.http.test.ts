import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';

const NEW_PASSWORD = 'a brand new long password';

for (const database of testDatabases()) {
  describe(`forgotten passwords: a single-use, expiring link by email (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    /** The reset link in the latest email to the address, as a path. */
    const linkFor = async (email: string) => {
      const sent = await store.asSystem((tx) => tx.selectFrom('outgoing_emails').select('body').where('to_address', '=', email).orderBy('created_at', 'desc').execute());
      const url = /https?:\/\/\S+/.exec(sent[0]?.body ?? '')?.[0];
      return url ? new URL(url).pathname + new URL(url).search : undefined;
    };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      council = await makeCouncil(store);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('the link sets a new password once, ends the person’s sessions, and then no longer works', async () => {
      const user = council.placer;
      const old = new PageClient(app);
      await old.signIn(user.email, user.password);
      const asked = await new PageClient(app).post('/sign-in/forgotten-password', { email: user.email });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Check your email/);
      const link = (await linkFor(user.email)) ?? '';
      assert.ok(link.startsWith('/sign-in/new-password?token='), link);
      const stored = await store.asSystem((tx) => tx.selectFrom('password_resets').select('token_hash').execute());
      assert.ok(stored.every((r) => !link.includes(r.token_hash)), 'only the hash is stored');

      const client = new PageClient(app);
      const form = await client.get(link);
      assert.equal(form.statusCode, 200);
      const token = new URL(link, 'http://x').searchParams.get('token')!;
      const mismatch = await client.post('/sign-in/new-password', { token, password: NEW_PASSWORD, confirmPassword: 'something else entirely' }, { from: link });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /The passwords do not match/);
      const done = await client.post('/sign-in/new-password', { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, { from: link });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Your password has been changed/);
      assert.doesNotMatch((await old.get('/')).body, /Signed in as/, 'the old session ended');
      await new PageClient(app).signIn(user.email, NEW_PASSWORD);

      const again = await new PageClient(app).get(link);
      assert.equal(again.statusCode, 410);
      assert.match(again.body, /Your link has expired/);
    });

    test('an unknown email gets the same page and no email; an expired link does not work', async () => {
      const unknown = await new PageClient(app).post('/sign-in/forgotten-password', { email: 'nobody@example.gov.uk' });
      assert.equal(unknown.statusCode, 200);
      assert.match(unknown.body, /Check your email/);
      assert.equal(await linkFor('nobody@example.gov.uk'), undefined);

      await new PageClient(app).post('/sign-in/forgotten-password', { email: council.officer.email });
      const link = (await linkFor(council.officer.email))!;
      await store.asSystem((tx) => tx.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).execute());
      assert.equal((await new PageClient(app).get(link)).statusCode, 410);
      assert.equal((await new PageClient(app).get('/sign-in/new-password?token=forged')).statusCode, 410);
    });
  });
}

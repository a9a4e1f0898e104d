import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { loadConfig } from '../core/config.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';

/** Makes every session of a user look as if last used `minutes` ago. */
const idleFor = (store: Store, userId: string, minutes: number) =>
  store.asSystem((tx) => tx.updateTable('sessions').set({ last_seen_at: sql`now() - make_interval(mins => ${minutes})` }).where('user_id', '=', userId).execute());

const lastSeen = (store: Store, userId: string) =>
  store.asSystem((tx) => tx.selectFrom('sessions').select(sql<number>`extract(epoch from now() - last_seen_at)`.as('ago')).where('user_id', '=', userId).executeTakeFirstOrThrow()).then((r) => Number(r.ago));

describe('session idle time: configuration', () => {
  test('SESSION_IDLE_MINUTES sets it, 30 minutes by default', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).sessionIdleMinutes, 30);
    assert.equal(loadConfig({ NODE_ENV: 'test', SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes, 15);
    assert.throws(() => loadConfig({ NODE_ENV: 'test', SESSION_IDLE_MINUTES: '0' }), /SESSION_IDLE_MINUTES must be a whole number from 5 to 1440/);
  });
});

for (const database of testDatabases()) {
  describe(`a session ends after a time without use (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let patient: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      ({ app: patient } = await testApp(store, { loginAttemptsPerWindow: 1000, sessionIdleMinutes: 60 }));
      a = await makeCouncil(store, 'Northmoor County Council');
    });
    after(async () => {
      await app.close();
      await patient.close();
      await store.close();
    });

    test('idle for longer than 30 minutes, the next page is the sign-in page saying why', async () => {
      const client = new PageClient(app);
      await client.signIn(a.officer.email, a.officer.password);
      const page = await client.get(paths.services.list);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dialog class="app-timeout-dialog" id="app-timeout-dialog" data-session-seconds="1800"/, 'the page carries the timeout warning');
      assert.match(page.body, /You’re about to be signed out/);

      await idleFor(store, a.officer.actor.userId, 29);
      assert.equal((await client.get(paths.services.list)).statusCode, 200, 'not yet');
      assert.ok((await lastSeen(store, a.officer.actor.userId)) < 5, 'using the session counts as activity');

      await idleFor(store, a.officer.actor.userId, 31);
      const ended = await client.get(paths.services.list);
      assert.equal(ended.statusCode, 303);
      assert.equal(ended.headers.location, `${paths.signIn}?returnTo=%2Fservices&signedOut=yes`);
      const signIn = await client.get(ended.headers.location as string);
      assert.match(signIn.body, /You have been signed out/);
      assert.match(signIn.body, /after 30 minutes without activity/);
      assert.doesNotMatch(signIn.body, /app-timeout-dialog/, 'signed out, nothing to warn about');
      assert.doesNotMatch((await new PageClient(app).get(`${paths.signIn}?returnTo=%2Fservices`)).body, /You have been signed out/);
    });

    test('the idle time is configurable', async () => {
      const client = new PageClient(patient);
      await client.signIn(a.commissioner.email, a.commissioner.password);
      await idleFor(store, a.commissioner.actor.userId, 31);
      const page = await client.get(paths.services.list);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /data-session-seconds="3600"/);
      await idleFor(store, a.commissioner.actor.userId, 61);
      assert.equal((await client.get(paths.services.list)).statusCode, 303);
    });

    test('“Stay signed in” keeps the session, as a script’s request or as a form', async () => {
      const client = new PageClient(app);
      await client.signIn(a.admin.email, a.admin.password);
      await idleFor(store, a.admin.actor.userId, 28);
      const csrf = await client.csrfFrom(paths.services.list);
      await idleFor(store, a.admin.actor.userId, 28);
      const form = await client.post(paths.staySignedIn, { returnTo: '/services?page=2' }, { csrf });
      assert.equal(form.statusCode, 303);
      assert.equal(form.headers.location, '/services?page=2');
      assert.ok((await lastSeen(store, a.admin.actor.userId)) < 5);
      await idleFor(store, a.admin.actor.userId, 28);
      const other = await client.post(paths.staySignedIn, { returnTo: 'https://elsewhere.example/' }, { csrf });
      assert.equal(other.headers.location, '/', 'only to a page of this service');
      assert.equal((await new PageClient(app).post(paths.staySignedIn, {}, { from: paths.signIn })).statusCode, 303, 'signed out: to sign in');
    });
  });
}

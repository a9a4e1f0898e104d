import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../../test/support/http.ts';
import type { Store } from '../db/database.ts';
import { SESSION_COOKIE } from './app.ts';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/secrets.ts';

/**
 * A request that cannot get a database connection within DATABASE_POOL_WAIT_MS is refused at once with a
 * 503 (a problem document for the API, a page for people) instead of queueing behind the others; once a
 * connection is free again the same request is served. Only PostgreSQL has a pool (PGlite serves one
 * connection in the process).
 */
for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`a request that waits too long for a database connection (${database.name})`, () => {
    const POOL_SIZE = 4; // test/support/databases.ts opens PostgreSQL stores with four connections
    const WAIT_MS = 300;
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let sessionToken: string;

    before(async () => {
      store = await database.open({ poolWaitMs: WAIT_MS });
      council = await makeCouncil(store);
      sessionToken = randomBytes(24).toString('base64url');
      await store.asSystem((tx) =>
        tx.insertInto('sessions').values({ id_hash: sha256(sessionToken), user_id: council.officer.actor.userId, expires_at: new Date(Date.now() + 3600_000) }).execute(),
      );
      ({ app } = await testApp(store));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    /** Holds every connection of the pool until the returned function is called. */
    async function holdEveryConnection() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const held: Promise<void>[] = [];
      const acquired: Promise<void>[] = [];
      for (let i = 0; i < POOL_SIZE; i++) {
        let signal!: () => void;
        acquired.push(new Promise<void>((resolve) => (signal = resolve)));
        held.push(
          store.db.connection().execute(async () => {
            signal();
            await gate;
          }),
        );
      }
      await Promise.all(acquired);
      return async () => {
        release();
        await Promise.all(held);
      };
    }

    test('the API answers 503 with a problem document and Retry-After, quickly; served again once a connection is free', async () => {
      const api = apiClient(app, council.officer.apiToken);
      const release = await holdEveryConnection();
      let busy;
      const started = Date.now();
      try {
        busy = await api.get('/api/v1/services');
      } finally {
        await release();
      }
      const waited = Date.now() - started;
      assert.equal(busy.statusCode, 503);
      assert.match(String(busy.headers['content-type']), /^application\/problem\+json/);
      assert.equal(busy.headers['retry-after'], '1');
      const problem = busy.json<{ status: number; title: string; detail: string }>();
      assert.equal(problem.status, 503);
      assert.equal(problem.title, 'Sorry, the service is busy');
      assert.equal(problem.detail, 'The service is busy. Try again in a moment.');
      assert.ok(waited >= WAIT_MS && waited < WAIT_MS + 5000, `refused after waiting ${waited} ms`);

      assert.equal((await api.get('/api/v1/services')).statusCode, 200);
    });

    test('a page answers 503 with the busy page; served again once a connection is free', async () => {
      const browser = new PageClient(app);
      browser.setCookie(SESSION_COOKIE, sessionToken);
      const release = await holdEveryConnection();
      let busy;
      try {
        busy = await browser.get('/services');
      } finally {
        await release();
      }
      assert.equal(busy.statusCode, 503);
      assert.match(busy.body, /Sorry, the service is busy/);
      assert.match(busy.body, /Nothing you entered has been saved/);
      assert.equal((await browser.get('/services')).statusCode, 200);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import { testConfig } from '../../../test/support/http.ts';
import type { Store } from '../db/database.ts';
import { createHttpApp } from './app.ts';
import { router } from './route.ts';

const MINUTE = 60_000;

/**
 * Routes with their own limits, through a small app of its own: each counts on its own key with its own window,
 * in the database. (A store whose per-route key came out the same for every route once let a one-minute limit
 * reset a fifteen-minute one.)
 */
for (const database of testDatabases()) {
  describe(`rate limits per route (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof createHttpApp>>;

    before(async () => {
      store = await database.open();
      app = await createHttpApp({ config: testConfig(), store }, (app) => {
        const route = router(app);
        route.get('/t/slow', { access: 'public', rateLimit: { max: 2, timeWindow: 15 * MINUTE } }, () => ({ ok: true }));
        route.get('/t/quick', { access: 'public', rateLimit: { max: 3, timeWindow: MINUTE } }, () => ({ ok: true }));
        route.get('/t/open', { access: 'public' }, () => ({ ok: true }));
      });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const get = (url: string, remoteAddress: string) => app.inject({ method: 'GET', url, remoteAddress }).then((r) => r.statusCode);
    const ageAll = (ms: number) => store.asSystem((tx) => sql`update rate_limits set resets_at = resets_at - make_interval(secs => ${ms / 1000})`.execute(tx));

    test('each limited route counts on its own key: using one leaves the other alone', async () => {
      assert.deepEqual([await get('/t/slow', '198.51.100.1'), await get('/t/slow', '198.51.100.1'), await get('/t/slow', '198.51.100.1')], [200, 200, 429]);
      assert.deepEqual([await get('/t/quick', '198.51.100.1'), await get('/t/quick', '198.51.100.1'), await get('/t/quick', '198.51.100.1')], [200, 200, 200]);
      assert.equal(await get('/t/quick', '198.51.100.1'), 429);
      assert.equal(await get('/t/open', '198.51.100.1'), 200, 'a route without a limit is never refused');
    });

    test('each keeps its own window: a minute later the quick route is open again, the slow one still refused', async () => {
      for (let i = 0; i < 2; i++) await get('/t/slow', '198.51.100.2');
      assert.equal(await get('/t/slow', '198.51.100.2'), 429);
      await ageAll(MINUTE + 1000);
      assert.equal(await get('/t/quick', '198.51.100.2'), 200);
      assert.equal(await get('/t/slow', '198.51.100.2'), 429);
      await ageAll(15 * MINUTE);
      assert.equal(await get('/t/slow', '198.51.100.2'), 200);
    });

    test('addresses count apart, and a refusal says when to come back', async () => {
      for (let i = 0; i < 2; i++) await get('/t/slow', '198.51.100.3');
      const refused = await app.inject({ method: 'GET', url: '/t/slow', remoteAddress: '198.51.100.3' });
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 14 * 60, String(refused.headers['retry-after']));
      assert.equal(await get('/t/slow', '198.51.100.4'), 200);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';
import type { RequestUnitOfWork, Store } from '../core/db/database.ts';

/**
 * The service page and GET /api/v1/services/{id} gather what every capability contributes (status, CQC,
 * risk, assessments, actions, visits…) in the request's one unit of work: one transaction, each
 * contribution a step in it, taken in turn; the contributions only read, so they take no savepoint each
 * (store.readsTogether). Besides it, the request only looks up who is asking, in one statement of its own. The work
 * list gathers its sections, and the home page its lines, the same way.
 */
for (const database of testDatabases()) {
  describe(`the service page's database work (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    const units: RequestUnitOfWork[] = [];
    let begun = 0;

    before(async () => {
      const opened = await database.open();
      world = await makeStatusWorld(opened);
      // Counts every transaction the store begins: a unit of work's, or one of its own (outside a request).
      const db = opened.db;
      const transaction = db.transaction.bind(db);
      const startTransaction = db.startTransaction.bind(db);
      db.transaction = () => (begun++, transaction());
      db.startTransaction = () => (begun++, startTransaction());
      store = {
        ...opened,
        openRequest(actor) {
          const unit = opened.openRequest(actor);
          units.push(unit);
          return unit;
        },
      };
      ({ app } = await testApp(store));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    async function measured<T>(request: () => Promise<T>) {
      units.length = 0;
      begun = 0;
      const response = await request();
      return { response, units: [...units], begun };
    }

    test('the page: one unit of work, one transaction, every contribution a step in it', async (t) => {
      const browser = new PageClient(app);
      await browser.signIn(world.north.officer.email, world.north.officer.password);
      const { response, units: seen, begun: transactions } = await measured(() => browser.get(`/services/${world.oakHouseId}`));
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Live status/);
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.counts.transactions, 1);
      assert.ok(seen[0]!.counts.steps >= 4, `the contributions joined the unit (${seen[0]!.counts.steps} steps)`);
      assert.equal(seen[0]!.counts.savepoints, 1, 'the service and its contracts in a savepoint, the contributions without');
      // the request's unit only: the session is looked up in one statement, outside any transaction
      assert.equal(transactions, 1);
      t.diagnostic(`${transactions} transactions, ${seen[0]!.counts.steps} steps in the unit of work`);
    });

    test('the work list: its own list and every capability’s section as steps of one unit of work, without a savepoint each', async (t) => {
      const browser = new PageClient(app);
      await browser.signIn(world.north.officer.email, world.north.officer.password);
      const { response, units: seen, begun: transactions } = await measured(() => browser.get('/work'));
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Concerns procedure and suspensions/, 'the escalation section is there');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.counts.transactions, 1);
      assert.ok(seen[0]!.counts.steps >= 3, `the sections joined the unit (${seen[0]!.counts.steps} steps)`);
      assert.equal(seen[0]!.counts.savepoints, 0, 'all reads, read together');
      // risk's list, plans and visits, and escalation are each kept by the council's version, read once for all three
      assert.ok(seen[0]!.sharedReads >= 2, `the council's version read once for the sections (${seen[0]!.sharedReads} reads shared)`);
      assert.equal(transactions, 1);
      t.diagnostic(`${transactions} transactions, ${seen[0]!.counts.steps} steps in the unit of work`);
    });

    test('the home page: every capability’s lines as steps of one unit of work, without a savepoint each', async (t) => {
      const browser = new PageClient(app);
      await browser.signIn(world.north.commissioner.email, world.north.commissioner.password);
      const { response, units: seen, begun: transactions } = await measured(() => browser.get('/'));
      assert.equal(response.statusCode, 200);
      assert.equal(seen.length, 1);
      assert.ok(seen[0]!.counts.steps >= 3, `the lines joined the unit (${seen[0]!.counts.steps} steps)`);
      assert.equal(seen[0]!.counts.savepoints, 0, 'all reads, read together');
      assert.equal(transactions, 1);
      t.diagnostic(`${transactions} transactions, ${seen[0]!.counts.steps} steps in the unit of work`);
    });

    test('GET /api/v1/services/{id}: the same', async (t) => {
      const api = apiClient(app, world.north.officer.apiToken);
      const { response, units: seen, begun: transactions } = await measured(() => api.get(`/api/v1/services/${world.oakHouseId}`));
      assert.equal(response.statusCode, 200);
      assert.ok(response.json<{ liveStatus?: unknown }>().liveStatus, 'the live status contribution is there');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.counts.transactions, 1);
      assert.ok(seen[0]!.counts.steps >= 4, `the contributions joined the unit (${seen[0]!.counts.steps} steps)`);
      assert.equal(seen[0]!.counts.savepoints, 1, 'the service and its contracts in a savepoint, the contributions without');
      // the request's unit only: the token is looked up (and its use noted) in one statement, outside any
      // transaction, as a session is
      assert.equal(transactions, 1);
      t.diagnostic(`${transactions} transactions, ${seen[0]!.counts.steps} steps in the unit of work`);
    });
  });
}

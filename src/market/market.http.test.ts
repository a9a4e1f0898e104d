import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';

for (const database of testDatabases()) {
  describe(`the Market start page (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let provider: TestUser;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      council = await makeCouncil(store);
      const org = await makeOrganisation(store, 'provider', { managedBy: council.org.id });
      provider = await makeUser(store, org, 'provider');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const open = async (user: TestUser) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client.get(paths.market);
    };

    test('council staff find the fee bands, contingency plans and market events there, under the Market item', async () => {
      const page = await open(council.commissioner);
      assert.equal(page.statusCode, 200);
      for (const href of [paths.feeBands.list, paths.contingency.plans, paths.contingency.events, paths.contingency.newEvent]) assert.ok(page.body.includes(`href="${href}"`), href);
      assert.match(page.body, /aria-current="page"[^>]*>\s*Market|class="[^"]*--active[^"]*"[^>]*>\s*<a[^>]*href="\/market"/);
    });

    test('an administrator may read but not record a market event; placing officers and providers are refused', async () => {
      const admin = await open(council.admin);
      assert.equal(admin.statusCode, 200);
      assert.ok(!admin.body.includes(`href="${paths.contingency.newEvent}"`));
      assert.equal((await open(council.placer)).statusCode, 403);
      assert.equal((await open(provider)).statusCode, 403);
    });
  });
}

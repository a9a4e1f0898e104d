import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import { makeProvider, makeService } from './register.test-support.ts';

const countProviders = (store: Store) => store.asSystem(async (tx) => (await tx.selectFrom('providers').select('id').execute()).length);

/** Provider pages: the group view, the provider form with its group and portal rules, and history. */
for (const database of testDatabases()) {
  describe(`provider pages (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let commissioner: PageClient;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Council A');
      commissioner = new PageClient(app);
      await commissioner.signIn(a.commissioner.email, a.commissioner.password);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('a provider page shows its parent, subsidiaries and the whole group’s services with counts', async () => {
      const holdings = await makeProvider(store, a.org.id, { name: 'Larch Holdings' });
      const care = await makeProvider(store, a.org.id, { name: 'Larch Care', parentId: holdings.id });
      const homes = await makeProvider(store, a.org.id, { name: 'Larch Homes', parentId: care.id });
      await makeService(store, a.org.id, care.id, { name: 'Larch Domiciliary', category: 'home_care' });
      await makeService(store, a.org.id, homes.id, { name: 'Larch House' });
      await makeService(store, a.org.id, homes.id, { name: 'Larch Lodge' });
      const page = await commissioner.get(`/providers/${care.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<a class="govuk-link" href="/providers/${holdings.id}">Larch Holdings</a>`));
      assert.match(page.body, new RegExp(`<li><a class="govuk-link" href="/providers/${homes.id}">Larch Homes</a></li>`));
      assert.match(page.body, /Care home for older people<\/td><td[^>]*>2<\/td>/);
      assert.match(page.body, /Home care \(domiciliary care\)<\/td><td[^>]*>1<\/td>/);
      assert.match(page.body, /Total<\/th><td[^>]*><strong>3<\/strong>/);
      for (const name of ['Larch Domiciliary', 'Larch House', 'Larch Lodge']) assert.match(page.body, new RegExp(`>${name}</a>`));
      const top = await commissioner.get(`/providers/${holdings.id}`);
      assert.match(top.body, /Total<\/th><td[^>]*><strong>3<\/strong>/);
      const list = await commissioner.get('/providers?q=larch');
      assert.match(list.body, /<strong>3<\/strong> providers/);
    });

    test('the provider form: errors keep values and store nothing; cycles are refused clearly', async () => {
      const before = await countProviders(store);
      const bad = await commissioner.post('/providers/new', { name: '', companyNumber: 'ABC', cqcProviderId: 'x-1', parentProviderId: '', portalOrganisationId: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>Error: Add a provider/);
      assert.match(bad.body, /href="#name">Enter the provider name/);
      assert.match(bad.body, /href="#companyNumber">Enter a company number in the correct format/);
      assert.match(bad.body, /href="#cqcProviderId">Enter a CQC provider ID in the correct format/);
      assert.match(bad.body, /value="ABC"/);
      assert.equal(await countProviders(store), before);

      const parent = await makeProvider(store, a.org.id, { name: 'Spruce Group' });
      const child = await makeProvider(store, a.org.id, { name: 'Spruce Care', parentId: parent.id });
      const form = await commissioner.get(`/providers/${parent.id}/edit`);
      assert.match(form.body, /value="Spruce Group"/);
      assert.doesNotMatch(form.body, new RegExp(`<option value="${parent.id}"`), 'a provider is not offered as its own parent');
      const loop = await commissioner.post(`/providers/${parent.id}/edit`, { name: 'Spruce Group', parentProviderId: child.id, portalOrganisationId: '' });
      assert.equal(loop.statusCode, 400);
      assert.match(loop.body, /Spruce Care is part of Spruce Group’s group, so it cannot also be its parent/);
      assert.match(loop.body, new RegExp(`<option value="${child.id}" selected>`));
    });

    test('editing a provider with a portal organisation, and its history', async () => {
      const portal = await makeOrganisation(store, 'provider', { managedBy: a.org.id, name: 'Yew Care portal' });
      const group = await makeProvider(store, a.org.id, { name: 'Yew Group' });
      const created = await commissioner.post('/providers/new', { name: 'Yew Care', companyNumber: '', cqcProviderId: '', parentProviderId: '', portalOrganisationId: '' });
      const id = /\/providers\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1]!;
      const form = await commissioner.get(`/providers/${id}/edit`);
      assert.match(form.body, new RegExp(`<option value="${portal.id}">Yew Care portal</option>`));
      const saved = await commissioner.post(`/providers/${id}/edit`, { name: 'Yew Care Ltd', companyNumber: 'sc123456', parentProviderId: group.id, portalOrganisationId: portal.id });
      assert.equal(saved.statusCode, 303);
      const page = await commissioner.get(String(saved.headers.location));
      assert.match(page.body, /Provider details saved/);
      assert.match(page.body, /SC123456/);
      assert.match(page.body, /Yew Care portal/);
      const history = await commissioner.get(`/providers/${id}/history`);
      assert.match(history.body, new RegExp(`Changed</h2>\\s*<p[^>]*>by ${a.commissioner.actor.name} on`));
      assert.match(history.body, /Name<\/th>\s*<td[^>]*>Yew Care<\/td>\s*<td[^>]*>Yew Care Ltd<\/td>/);
      assert.match(history.body, /Parent provider<\/th>\s*<td[^>]*>Not recorded<\/td>\s*<td[^>]*>Yew Group<\/td>/);
      assert.match(history.body, /Portal organisation<\/th>\s*<td[^>]*>Not recorded<\/td>\s*<td[^>]*>Yew Care portal<\/td>/);
      assert.match(history.body, new RegExp(`Created</h2>\\s*<p[^>]*>by ${a.commissioner.actor.name} on`));
    });
  });
}

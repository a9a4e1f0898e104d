import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { makeProvider, makeService } from './register.test-support.ts';

/**
 * Tenancy break tests: through pages and the API, each role tries to cross its boundary — another
 * council, a provider's own users, placing officers, partners — and the register must not let it.
 */
for (const database of testDatabases()) {
  describe(`register boundaries (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: Awaited<ReturnType<typeof makeUser>>;
    let partner: Awaited<ReturnType<typeof makeUser>>;
    let ownProvider: { id: string };
    let ownService: { id: string };
    let otherService: { id: string };
    let bProvider: { id: string };
    const serviceName = async (id: string) =>
      store.asSystem(async (tx) => (await tx.selectFrom('services').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name);

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const portal = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, portal, 'provider');
      partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      ownProvider = await makeProvider(store, a.org.id, { name: 'Hawthorn Care', orgId: portal.id });
      ownService = await makeService(store, a.org.id, ownProvider.id, { name: 'Hawthorn House' });
      const other = await makeProvider(store, a.org.id, { name: 'Blackthorn Ltd' });
      otherService = await makeService(store, a.org.id, other.id, { name: 'Blackthorn Lodge' });
      bProvider = await makeProvider(store, b.org.id, { name: 'B Provider' });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    describe('another council’s officer', () => {
      let page: PageClient;
      before(async () => {
        page = new PageClient(app);
        await page.signIn(b.officer.email, b.officer.password);
      });

      test('gets 404 for every page of council A’s service and provider', async () => {
        for (const url of [
          `/services/${ownService.id}`,
          `/services/${ownService.id}/edit`,
          `/services/${ownService.id}/history`,
          `/services/${ownService.id}/contracts/new`,
          `/providers/${ownProvider.id}`,
          `/providers/${ownProvider.id}/edit`,
          `/providers/${ownProvider.id}/history`,
        ]) {
          const response = await page.get(url);
          assert.equal(response.statusCode, 404, url);
          assert.doesNotMatch(response.body, /Hawthorn/, url);
        }
        const list = await page.get('/services?q=hawthorn');
        assert.match(list.body, /No services match/);
      });

      test('cannot change council A’s service through the form', async () => {
        const response = await page.post(
          `/services/${ownService.id}/edit`,
          { name: 'Hijacked', providerId: bProvider.id, category: 'home_care', postcode: 'SG1 1AA', inCounty: 'yes' },
          { from: '/services/new' },
        );
        assert.equal(response.statusCode, 404);
        assert.equal(await serviceName(ownService.id), 'Hawthorn House');
      });

      test('gets 404 from the API, for reads and writes', async () => {
        const api = apiClient(app, b.officer.apiToken);
        assert.equal((await api.get(`/api/v1/services/${ownService.id}`)).statusCode, 404);
        assert.equal((await api.get(`/api/v1/providers/${ownProvider.id}`)).statusCode, 404);
        assert.equal((await api.patch(`/api/v1/services/${ownService.id}`, { name: 'Hijacked' })).statusCode, 404);
        assert.equal((await api.patch(`/api/v1/providers/${ownProvider.id}`, { name: 'Hijacked' })).statusCode, 404);
        const list = (await api.get('/api/v1/services?q=hawthorn')).json<{ items: unknown[] }>();
        assert.deepEqual(list.items, []);
        assert.equal(await serviceName(ownService.id), 'Hawthorn House');
      });

      test('cannot attach a service or provider to council A’s provider, or name A’s officer as lead', async () => {
        const api = apiClient(app, b.officer.apiToken);
        const parent = await api.post('/api/v1/providers', { name: 'Infiltrator', parentProviderId: ownProvider.id });
        assert.equal(parent.statusCode, 400);
        assert.equal(parent.json<{ errors: { path: string }[] }>().errors[0]!.path, 'parentProviderId');
        const service = await api.post('/api/v1/services', {
          name: 'Infiltrator',
          providerId: ownProvider.id,
          category: 'home_care',
          postcode: 'SG1 1AA',
        });
        assert.equal(service.statusCode, 400);
        assert.equal(service.json<{ errors: { path: string }[] }>().errors[0]!.path, 'providerId');
        const lead = await api.post('/api/v1/services', {
          name: 'Lead',
          providerId: bProvider.id,
          category: 'home_care',
          postcode: 'SG1 1AA',
          leadOfficerId: a.officer.actor.userId,
        });
        assert.equal(lead.statusCode, 400);
        assert.equal(lead.json<{ errors: { path: string }[] }>().errors[0]!.path, 'leadOfficerId');
        const viaForm = await page.post('/providers/new', {
          name: 'Infiltrator',
          parentProviderId: ownProvider.id,
          portalOrganisationId: '',
        });
        assert.equal(viaForm.statusCode, 400);
        assert.match(viaForm.body, /Select a parent provider from your council’s providers/);
      });
    });

    describe('a placing officer', () => {
      test('can browse but cannot post forms or write through the API', async () => {
        const page = new PageClient(app);
        await page.signIn(a.placer.email, a.placer.password);
        assert.equal((await page.get(`/services/${ownService.id}`)).statusCode, 200);
        const csrf = await page.csrfFrom('/services');
        for (const [url, form] of [
          ['/services/new', { name: 'X', providerId: ownProvider.id, category: 'home_care', postcode: 'SG1 1AA', inCounty: 'yes' }],
          ['/services', { name: 'X', providerId: ownProvider.id, category: 'home_care', postcode: 'SG1 1AA', inCounty: 'yes' }],
          [
            `/services/${ownService.id}/edit`,
            { name: 'Hijacked', providerId: ownProvider.id, category: 'home_care', postcode: 'SG1 1AA', inCounty: 'yes' },
          ],
          [
            `/services/${ownService.id}/contracts/new`,
            { kind: 'spot', 'startsOn-day': '1', 'startsOn-month': '1', 'startsOn-year': '2026' },
          ],
          ['/providers/new', { name: 'X' }],
          [`/providers/${ownProvider.id}/edit`, { name: 'Hijacked' }],
        ] as const) {
          const response = await page.post(url, form, { csrf });
          assert.equal(response.statusCode, 403, url);
        }
        for (const url of ['/services/new', `/services/${ownService.id}/edit`, '/providers/new', `/services/${ownService.id}/history`]) {
          assert.equal((await page.get(url)).statusCode, 403, url);
        }
        const api = apiClient(app, a.placer.apiToken);
        assert.equal((await api.get(`/api/v1/services/${ownService.id}`)).statusCode, 200);
        assert.equal((await api.post('/api/v1/services', { name: 'X' })).statusCode, 403);
        assert.equal((await api.post('/api/v1/providers', { name: 'X' })).statusCode, 403);
        assert.equal((await api.patch(`/api/v1/services/${ownService.id}`, { name: 'Hijacked' })).statusCode, 403);
        assert.equal(await serviceName(ownService.id), 'Hawthorn House');
      });
    });

    describe('a provider’s own user', () => {
      test('sees only its own provider’s services, with nothing to change', async () => {
        const page = new PageClient(app);
        await page.signIn(providerUser.email, providerUser.password);
        const list = await page.get('/services');
        assert.match(list.body, /Hawthorn House/);
        assert.doesNotMatch(list.body, /Blackthorn/);
        assert.doesNotMatch(list.body, /Add a service/);
        const own = await page.get(`/services/${ownService.id}`);
        assert.equal(own.statusCode, 200);
        assert.doesNotMatch(own.body, /Change service details|Add a contract|View history|Contracts<\/h2>/);
        assert.equal((await page.get(`/services/${otherService.id}`)).statusCode, 404);
        assert.equal((await page.get(`/services/${ownService.id}/edit`)).statusCode, 403);
        const csrf = await page.csrfFrom('/services');
        const post = await page.post(
          `/services/${ownService.id}/edit`,
          { name: 'Renamed by provider', providerId: ownProvider.id, category: 'home_care', postcode: 'SG1 1AA', inCounty: 'yes' },
          { csrf },
        );
        assert.equal(post.statusCode, 403);
        const api = apiClient(app, providerUser.apiToken);
        const items = (await api.get('/api/v1/services')).json<{ items: { name: string }[] }>().items;
        assert.deepEqual(
          items.map((s) => s.name),
          ['Hawthorn House'],
        );
        assert.equal((await api.get(`/api/v1/services/${otherService.id}`)).statusCode, 404);
        assert.equal((await api.patch(`/api/v1/services/${ownService.id}`, { name: 'Renamed' })).statusCode, 403);
        assert.deepEqual((await api.get(`/api/v1/services/${ownService.id}`)).json<{ contracts: unknown[] }>().contracts, []);
        assert.equal(await serviceName(ownService.id), 'Hawthorn House');
      });
    });

    describe('a service page kept between visits', () => {
      test('is each person’s own: the council’s officer, the provider’s user and another council, in turn, nothing written between', async () => {
        const officer = new PageClient(app);
        await officer.signIn(a.officer.email, a.officer.password);
        const provider = new PageClient(app);
        await provider.signIn(providerUser.email, providerUser.password);
        const stranger = new PageClient(app);
        await stranger.signIn(b.officer.email, b.officer.password);
        for (let round = 0; round < 2; round++) {
          const theirs = await officer.get(`/services/${ownService.id}`);
          assert.equal(theirs.statusCode, 200);
          assert.match(theirs.body, /Change service details/);
          const own = await provider.get(`/services/${ownService.id}`);
          assert.equal(own.statusCode, 200);
          assert.doesNotMatch(own.body, /Change service details/);
          const refused = await stranger.get(`/services/${ownService.id}`);
          assert.equal(refused.statusCode, 404);
          assert.doesNotMatch(refused.body, /Hawthorn/);
        }
      });
    });

    describe('a service document kept between requests (GET /api/v1/services/{id})', () => {
      test('is each person’s own, in turn, nothing written between; a change shows on the next request', async () => {
        const officer = apiClient(app, a.officer.apiToken);
        const provider = apiClient(app, providerUser.apiToken);
        const stranger = apiClient(app, b.officer.apiToken);
        // a contract: the council's staff see it, the provider's user does not
        await store.asSystem((tx) => tx.insertInto('contracts').values({ council_id: a.org.id, service_id: ownService.id, kind: 'spot', starts_on: '2026-01-01' }).execute());
        const first = { officer: (await officer.get(`/api/v1/services/${ownService.id}`)).json<Record<string, unknown>>(), provider: (await provider.get(`/api/v1/services/${ownService.id}`)).json<Record<string, unknown>>() };
        assert.equal((first.officer.contracts as unknown[]).length, 1);
        assert.deepEqual(first.provider.contracts, []);
        for (let round = 0; round < 2; round++) {
          assert.deepEqual((await officer.get(`/api/v1/services/${ownService.id}`)).json(), first.officer);
          assert.deepEqual((await provider.get(`/api/v1/services/${ownService.id}`)).json(), first.provider);
          const refused = await stranger.get(`/api/v1/services/${ownService.id}`);
          assert.equal(refused.statusCode, 404);
          assert.doesNotMatch(refused.body, /Hawthorn/);
        }
        const name = String(first.officer.name);
        assert.equal((await officer.patch(`/api/v1/services/${ownService.id}`, { name: `${name} (renamed)` })).statusCode, 200);
        try {
          assert.equal((await officer.get(`/api/v1/services/${ownService.id}`)).json<{ name: string }>().name, `${name} (renamed)`);
          assert.equal((await provider.get(`/api/v1/services/${ownService.id}`)).json<{ name: string }>().name, `${name} (renamed)`);
        } finally {
          await officer.patch(`/api/v1/services/${ownService.id}`, { name });
        }
      });
    });

    describe('a partner', () => {
      test('gets 403 on the register, pages and API', async () => {
        const page = new PageClient(app);
        await page.signIn(partner.email, partner.password);
        assert.equal((await page.get('/services')).statusCode, 403);
        assert.equal((await page.get('/providers')).statusCode, 403);
        assert.equal((await page.get(`/services/${ownService.id}`)).statusCode, 403);
        const api = apiClient(app, partner.apiToken);
        assert.equal((await api.get('/api/v1/services')).statusCode, 403);
        assert.equal((await api.get('/api/v1/providers')).statusCode, 403);
      });
    });

    describe('someone signed out', () => {
      test('is sent to sign in from pages', async () => {
        const response = await app.inject({ method: 'GET', url: '/services', headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 303);
        assert.match(String(response.headers.location), /^\/sign-in\?returnTo=%2Fservices/);
      });
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { makeProvider, makeService } from './register.test-support.ts';

type Json = Record<string, unknown> & { errors?: { path: string; message: string }[] };


/** The register's JSON API: create, list with cursors, read, patch, and the problem documents. */
for (const database of testDatabases()) {
  describe(`register API (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let api: ReturnType<typeof apiClient>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Council A');
      api = apiClient(app, a.officer.apiToken);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('providers: create, read, patch, with a parent', async () => {
      const group = await api.post('/api/v1/providers', { name: 'Poplar Group' });
      assert.equal(group.statusCode, 201);
      const groupId = group.json<Json>().id as string;
      assert.equal(group.headers.location, `/api/v1/providers/${groupId}`);
      const created = await api.post('/api/v1/providers', { name: 'Poplar Care', companyNumber: '7654321', parentProviderId: groupId, cqcProviderId: '1-2345678' });
      assert.equal(created.statusCode, 201);
      const body = created.json<Json>();
      assert.equal(body.companyNumber, '07654321');
      assert.equal(body.parentProviderId, groupId);
      assert.deepEqual(body.parent, { id: groupId, name: 'Poplar Group' });
      assert.match(String(body.createdAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const patched = await api.patch(`/api/v1/providers/${body.id}`, { parentProviderId: null, name: 'Poplar Care Ltd' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json<Json>().parentProviderId, null);
      assert.equal(patched.json<Json>().companyNumber, '07654321', 'fields not sent keep their values');
      const read = await api.get(`/api/v1/providers/${body.id}`);
      assert.equal(read.json<Json>().name, 'Poplar Care Ltd');
      const loop = await api.patch(`/api/v1/providers/${groupId}`, { parentProviderId: groupId });
      assert.equal(loop.statusCode, 400);
      assert.deepEqual(loop.json<Json>().errors, [{ path: 'parentProviderId', message: 'Poplar Group cannot be its own parent provider' }]);
    });

    test('providers: the list pages by cursor', async () => {
      for (const name of ['Aspen 1', 'Aspen 2', 'Aspen 3', 'Aspen 4', 'Aspen 5']) await makeProvider(store, a.org.id, { name });
      const first = (await api.get('/api/v1/providers?q=aspen&limit=2')).json<{ items: { name: string }[]; nextCursor: string | null }>();
      assert.deepEqual(first.items.map((p) => p.name), ['Aspen 1', 'Aspen 2']);
      const second = (await api.get(`/api/v1/providers?q=aspen&limit=2&cursor=${first.nextCursor}`)).json<{ items: { name: string }[]; nextCursor: string | null }>();
      assert.deepEqual(second.items.map((p) => p.name), ['Aspen 3', 'Aspen 4']);
      const third = (await api.get(`/api/v1/providers?q=aspen&limit=2&cursor=${second.nextCursor}`)).json<{ items: { name: string }[]; nextCursor: string | null }>();
      assert.deepEqual(third.items.map((p) => p.name), ['Aspen 5']);
      assert.equal(third.nextCursor, null);
    });

    test('services: create returns the documented shape', async () => {
      const provider = await makeProvider(store, a.org.id, { name: 'Sycamore Ltd' });
      const response = await api.post('/api/v1/services', {
        name: 'Sycamore House',
        providerId: provider.id,
        category: 'care_home_adults_with_disabilities',
        cqcLocationId: '1-4445556',
        postcode: 'al1 3aa',
        beds: 12,
        inCounty: false,
        fundedPeople: 4,
        leadOfficerId: a.officer.actor.userId,
      });
      assert.equal(response.statusCode, 201);
      assert.match(String(response.headers['content-type']), /application\/json/);
      const body = response.json<Json>();
      assert.equal(response.headers.location, `/api/v1/services/${body.id}`);
      const expected = {
        name: 'Sycamore House',
        category: 'care_home_adults_with_disabilities',
        cqcLocationId: '1-4445556',
        town: null,
        postcode: 'AL1 3AA',
        providerId: provider.id,
        provider: { id: provider.id, name: 'Sycamore Ltd', parent: null },
        beds: 12,
        hoursPerWeek: null,
        fundedPeople: 4,
        inCounty: false,
        leadOfficerId: a.officer.actor.userId,
        leadOfficer: { id: a.officer.actor.userId, name: a.officer.actor.name },
        addressLine1: null,
        addressLine2: null,
        contracts: [],
      };
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(body[key], value, key);
      assert.match(String(body.updatedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.match(String(body.createdAt), /^\d{4}-\d{2}-\d{2}T/);
      // Other capabilities contribute these (null until they know something); the keys are always there.
      for (const key of ['cqc', 'risk', 'status']) assert.ok(key in body, `${key} is always present`);
      const read = await api.get(`/api/v1/services/${body.id}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json<Json>().postcode, 'AL1 3AA');
    });

    test('services: patch changes only what is sent', async () => {
      const provider = await makeProvider(store, a.org.id);
      const service = await makeService(store, a.org.id, provider.id, { name: 'Patch House', town: 'Ware', fundedPeople: 2 });
      const response = await api.patch(`/api/v1/services/${service.id}`, { fundedPeople: 9, town: null, category: 'home_care', hoursPerWeek: 120.5 });
      assert.equal(response.statusCode, 200);
      const body = response.json<Json>();
      assert.equal(body.fundedPeople, 9);
      assert.equal(body.town, null);
      assert.equal(body.hoursPerWeek, 120.5);
      assert.equal(body.name, 'Patch House');
    });

    test('services: search with filters, and keyset cursors that visit each service once', async () => {
      const council = await makeCouncil(store, 'Cursor Council');
      const provider = await makeProvider(store, council.org.id, { name: 'Cursor Care' });
      for (let i = 0; i < 12; i++) {
        await makeService(store, council.org.id, provider.id, { name: `Walnut ${i % 4}`, category: i % 2 ? 'home_care' : 'supported_living', cqcLocationId: `1-80${i}00` });
      }
      const client = apiClient(app, council.commissioner.apiToken);
      const names: string[] = [];
      const ids = new Set<string>();
      let url = '/api/v1/services?limit=5';
      for (let pages = 0; pages < 10; pages++) {
        const page = (await client.get(url)).json<{ items: { id: string; name: string }[]; nextCursor: string | null }>();
        page.items.forEach((s) => (names.push(s.name), ids.add(s.id)));
        if (!page.nextCursor) break;
        assert.match(page.nextCursor, /^[A-Za-z0-9_-]+$/);
        url = `/api/v1/services?limit=5&cursor=${page.nextCursor}`;
      }
      assert.equal(ids.size, 12);
      assert.deepEqual(names, [...names].sort());
      const homeCare = (await client.get('/api/v1/services?category=home_care&q=walnut')).json<{ items: { category: string }[] }>();
      assert.equal(homeCare.items.length, 6);
      assert.ok(homeCare.items.every((s) => s.category === 'home_care'));
      const byCqc = (await client.get('/api/v1/services?cqcLocationId=1-80300')).json<{ items: { name: string }[]; nextCursor: null }>();
      assert.deepEqual(byCqc, { items: [{ ...byCqc.items[0], name: 'Walnut 3' }], nextCursor: null });
      const defaults = (await client.get('/api/v1/services')).json<{ items: unknown[]; nextCursor: null }>();
      assert.equal(defaults.items.length, 12);
    });

    test('validation failures are problem documents with a path and message per field', async () => {
      const provider = await makeProvider(store, a.org.id);
      const response = await api.post('/api/v1/services', { name: '', providerId: provider.id, category: 'hospital', postcode: 'nowhere', beds: -1 });
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const problem = response.json<Json>();
      assert.equal(problem.status, 400);
      assert.equal(typeof problem.title, 'string');
      assert.deepEqual(
        problem.errors!.map((e) => e.path).sort(),
        ['beds', 'category', 'name', 'postcode'],
      );
      assert.ok(problem.errors!.some((e) => e.path === 'postcode' && e.message === 'Enter a real postcode, like SG13 8DQ'));
      const unknown = await api.post('/api/v1/services', { name: 'X', providerId: provider.id, category: 'home_care', postcode: 'SG1 1AA', colour: 'blue' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json<Json>().errors![0]!.path, 'colour');
      const notObject = await api.post('/api/v1/providers', ['a']);
      assert.equal(notObject.statusCode, 400);
      for (const query of ['limit=0', 'limit=201', 'limit=ten', 'cursor=bad!', 'category=hospital', 'cqcLocationId=123']) {
        const bad = await api.get(`/api/v1/services?${query}`);
        assert.equal(bad.statusCode, 400, query);
        assert.ok(bad.json<Json>().errors!.length > 0, query);
      }
      const wrongSort = Buffer.from(JSON.stringify(['postcode', 'x', 'y'])).toString('base64url');
      assert.equal((await api.get(`/api/v1/services?cursor=${wrongSort}`)).statusCode, 400);
    });

    test('no token, a bad token: 401 problem documents', async () => {
      const none = await app.inject({ method: 'GET', url: '/api/v1/services' });
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['content-type']), /application\/problem\+json/);
      const wrong = await apiClient(app, 'not-a-real-token').get('/api/v1/services');
      assert.equal(wrong.statusCode, 401);
      const post = await app.inject({ method: 'POST', url: '/api/v1/providers', payload: { name: 'X' } });
      assert.equal(post.statusCode, 401);
    });

    test('unknown and malformed ids are 404', async () => {
      for (const url of ['/api/v1/services/00000000-0000-4000-8000-000000000000', '/api/v1/services/not-a-uuid', '/api/v1/providers/12345', '/api/v1/providers/00000000-0000-4000-8000-000000000000']) {
        const response = await api.get(url);
        assert.equal(response.statusCode, 404, url);
        assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      }
      assert.equal((await api.patch('/api/v1/services/not-a-uuid', { name: 'X' })).statusCode, 404);
    });
  });
}

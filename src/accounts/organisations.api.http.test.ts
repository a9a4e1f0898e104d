import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';

for (const database of testDatabases()) {
  describe(`POST /api/v1/organisations (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      council = await makeCouncil(store, 'Northshire County Council');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('a council administrator adds a provider organisation its council manages, then links it to a provider on the register', async () => {
      const response = await apiClient(app, council.admin.apiToken).post('/api/v1/organisations', { code: 'oakleaf-care', name: 'Oakleaf Care Ltd', kind: 'provider' });
      assert.equal(response.statusCode, 201, response.body);
      const org = response.json();
      assert.deepEqual([org.code, org.name, org.kind, org.managedBy], ['OAKLEAF-CARE', 'Oakleaf Care Ltd', 'provider', council.org.id]);
      const row = await store.asSystem((tx) => tx.selectFrom('organisations').select('managed_by_org_id').where('id', '=', org.id).executeTakeFirstOrThrow());
      assert.equal(row.managed_by_org_id, council.org.id);
      const linked = await apiClient(app, council.commissioner.apiToken).post('/api/v1/providers', { name: 'Oakleaf Care Ltd', portalOrganisationId: org.id });
      assert.equal(linked.statusCode, 201, linked.body);
      assert.equal(linked.json().portalOrganisationId, org.id);
    });

    test('a council is not added this way; a code in use is a conflict', async () => {
      const council2 = await apiClient(app, council.admin.apiToken).post('/api/v1/organisations', { code: 'RBC', name: 'Ravensdale', kind: 'council' });
      assert.equal(council2.statusCode, 400);
      assert.equal(council2.json().errors[0].path, 'kind');
      assert.equal((await apiClient(app, council.admin.apiToken).post('/api/v1/organisations', { code: 'OAKLEAF-CARE', name: 'Again', kind: 'provider' })).statusCode, 409);
    });

    test('only administrators', async () => {
      const provider = await makeUser(store, await makeOrganisation(store, 'provider', { managedBy: council.org.id }), 'provider');
      for (const token of [council.officer.apiToken, council.commissioner.apiToken, provider.apiToken]) {
        assert.equal((await apiClient(app, token).post('/api/v1/organisations', { code: 'ELM', name: 'Elm', kind: 'provider' })).statusCode, 403);
      }
    });
  });
}

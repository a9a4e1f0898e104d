import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { today as ukToday } from '../core/clock.ts';
import { makeService } from './intelligence.test-support.ts';

/**
 * The rule across capabilities: new intelligence that changes a proposed risk score flags the service
 * for re-rating, and never changes the confirmed rating by itself.
 */
for (const database of testDatabases()) {
  describe(`intelligence and risk re-rating (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      council = await makeCouncil(store, 'Council A');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const scores = { cqc_rating: 2, other_sources: 1, safeguarding: 1, complaints: 1, financial_viability: 1, complexity: 2, officer_intelligence: 1 };

    test('a serious safeguarding entry flags the service for re-rating; the confirmed rating stays as it was', async () => {
      const service = await makeService(store, council.org.id, 'Willow House');
      const api = apiClient(app, council.officer.apiToken);
      const rated = await api.put(`/api/v1/services/${service.id}/risk`, { scores, rationale: 'Annual review: no concerns' });
      assert.equal(rated.statusCode, 200, rated.body);
      const confirmed = rated.json();
      const before = (await api.get(`/api/v1/services/${service.id}/risk`)).json();
      assert.equal(before.needsRerating, false);

      const logged = await api.post(`/api/v1/services/${service.id}/intelligence`, {
        receivedOn: ukToday(),
        source: 'safeguarding',
        severity: 'red',
        section42: 'open',
        summary: 'Section 42 enquiry opened after a fall',
      });
      assert.equal(logged.statusCode, 201);

      const after = (await api.get(`/api/v1/services/${service.id}/risk`)).json();
      assert.equal(after.needsRerating, true);
      assert.ok(after.reratingReasons.some((r: { area: string }) => r.area === 'safeguarding'), JSON.stringify(after.reratingReasons));
      assert.equal(after.prr, confirmed.prr);
      assert.deepEqual(after.scores, confirmed.scores);
      assert.equal(after.history.length, 1);
    });

    test('an entry that changes no proposed score does not flag re-rating', async () => {
      const service = await makeService(store, council.org.id, 'Rowan Court');
      const api = apiClient(app, council.officer.apiToken);
      assert.equal((await api.put(`/api/v1/services/${service.id}/risk`, { scores, rationale: 'Baseline' })).statusCode, 200);
      const logged = await api.post(`/api/v1/services/${service.id}/intelligence`, { receivedOn: ukToday(), source: 'officer', summary: 'Visited; new activities coordinator in post' });
      assert.equal(logged.statusCode, 201);
      assert.equal((await api.get(`/api/v1/services/${service.id}/risk`)).json().needsRerating, false);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

const text = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');

for (const database of testDatabases()) {
  describe(`flagged returns feed the timeline and the risk proposals (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let officer: PageClient;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeReturnsWorld(store);
      officer = new PageClient(app);
      await officer.signIn(w.council.officer.email, w.council.officer.password);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const ratePage = async () => text((await officer.get(`/services/${w.careHomeId}/risk/rate`)).body);

    test('a flagged figure is intelligence on the timeline and raises the "other sources" proposal, for a person to confirm', async () => {
      const before = await ratePage();
      assert.match(before, /No intelligence from other sources in the last 6 months/);
      assert.doesNotMatch(before, /Quarterly returns flagged/);

      const sent = await apiClient(app, w.provider.apiToken).post(`/api/v1/services/${w.careHomeId}/returns`, {
        year: 2026,
        quarter: 2,
        answers: completeAnswers('care_homes', { agency_hours_percent: 31 }),
      });
      assert.equal(sent.statusCode, 201);

      const timeline = (await apiClient(app, w.council.officer.apiToken).get(`/api/v1/services/${w.careHomeId}/timeline`)).json();
      const items = (timeline.items ?? timeline.events) as { kind: string; summary: string }[];
      assert.ok(items.some((e) => e.kind === 'return' && /Quarterly return for Q2 2026\/27 received: Agency staff worked more than 20% of hours/.test(e.summary)), JSON.stringify(items));

      const after = await ratePage();
      assert.match(after, /Quarterly returns flagged in the last 6 months: Q2 2026\/27 \(Agency staff worked more than 20% of hours\); the newest, Q2 2026\/27, is flagged/);
      // Nothing is rated by itself: the service still has no confirmed rating.
      const risk = (await apiClient(app, w.council.officer.apiToken).get(`/api/v1/services/${w.careHomeId}/risk`)).json();
      assert.deepEqual([risk.id, risk.prr, risk.scores], [null, null, null]);
    });

    test('another council’s officer sees nothing of it', async () => {
      const other = new PageClient(app);
      await other.signIn(w.other.officer.email, w.other.officer.password);
      assert.equal((await other.get(`/services/${w.careHomeId}/risk/rate`)).statusCode, 404);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

for (const database of testDatabases()) {
  describe(`returns API (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeReturnsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const provider = () => apiClient(app, w.provider.apiToken);
    const officer = () => apiClient(app, w.council.officer.apiToken);
    const q2 = { year: 2026, quarter: 2 };

    test('GET /api/v1/return-templates lists the council’s two default templates with their stable keys', async () => {
      for (const user of [w.council.officer, w.provider]) {
        const response = await apiClient(app, user.apiToken).get('/api/v1/return-templates');
        assert.equal(response.statusCode, 200);
        const items = response.json().items as { key: string; version: number; categories: string[]; sections: { questions: { key: string; type: string; min?: number; max?: number; required: boolean }[] }[] }[];
        assert.deepEqual(items.map((t) => t.key).sort(), ['care_homes', 'community']);
        const homes = items.find((t) => t.key === 'care_homes')!;
        assert.equal(homes.version, 1);
        assert.ok(homes.categories.includes('care_home_older_people'));
        const keys = homes.sections.flatMap((s) => s.questions.map((q) => q.key));
        for (const key of ['care_posts_filled', 'care_posts_vacant', 'agency_hours_percent', 'staff_turnover_percent', 'training_mandatory_percent', 'registered_manager_in_post', 'complaints_received', 'safeguarding_concerns_raised', 'beds_occupied']) {
          assert.ok(keys.includes(key), key);
        }
        const agency = homes.sections.flatMap((s) => s.questions).find((q) => q.key === 'agency_hours_percent')!;
        assert.deepEqual([agency.type, agency.min, agency.max, agency.required], ['percentage', 0, 100, true]);
        const community = items.find((t) => t.key === 'community')!;
        assert.ok(!community.sections.flatMap((s) => s.questions).some((q) => q.key === 'beds_occupied'));
      }
    });

    test('another council’s staff read their own templates, not this council’s', async () => {
      const mine = (await officer().get('/api/v1/return-templates')).json().items.map((t: { id: string }) => t.id);
      const theirs = (await apiClient(app, w.other.officer.apiToken).get('/api/v1/return-templates')).json().items.map((t: { id: string }) => t.id);
      assert.equal(theirs.length, 2);
      assert.ok(!theirs.some((id: string) => mine.includes(id)));
    });

    test('a provider submits a return: 201 with its answers and the flags beyond the default thresholds', async () => {
      const answers = completeAnswers('care_homes', { agency_hours_percent: 27.5, training_mandatory_percent: 71, registered_manager_in_post: false });
      const response = await provider().post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers });
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(response.headers.location, `/api/v1/returns/${body.id}`);
      assert.deepEqual([body.year, body.quarter, body.status, body.version], [2026, 2, 'submitted', 1]);
      assert.equal(body.answers.agency_hours_percent, 27.5);
      assert.equal(body.answers.registered_manager_in_post, false);
      assert.deepEqual(body.flags, [
        { key: 'agency_hours_percent', value: 27.5, threshold: 20, message: 'Agency staff worked more than 20% of hours' },
        { key: 'training_mandatory_percent', value: 71, threshold: 80, message: 'Fewer than 80% of staff are up to date with mandatory training' },
        { key: 'registered_manager_in_post', value: false, threshold: false, message: 'No registered manager in post' },
      ]);
    });

    test('a second submission while one waits for the council is a 409', async () => {
      const response = await provider().post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers: completeAnswers('care_homes') });
      assert.equal(response.statusCode, 409);
    });

    test('a value out of bounds or of the wrong type is a 400 problem naming the key; nothing is kept', async () => {
      const response = await provider().post(`/api/v1/services/${w.homeCareId}/returns`, {
        ...q2,
        answers: completeAnswers('community', { agency_hours_percent: 140, care_posts_filled: 'many', beds_occupied: 3 }),
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(response.json().errors, [
        { path: 'answers.care_posts_filled', message: 'The number of care staff posts filled must be a whole number' },
        { path: 'answers.agency_hours_percent', message: 'The agency hours percentage must be between 0 and 100' },
        { path: 'answers.beds_occupied', message: '“beds_occupied” is not a question on this return' },
      ]);
      assert.deepEqual((await provider().get(`/api/v1/services/${w.homeCareId}/returns`)).json().items, []);
    });

    test('a missing answer, a quarter not yet ended and a bad quarter are 400s naming the field', async () => {
      const { care_posts_vacant: _dropped, ...rest } = completeAnswers('community');
      const missing = await provider().post(`/api/v1/services/${w.homeCareId}/returns`, { ...q2, answers: rest });
      assert.deepEqual(missing.json().errors, [{ path: 'answers.care_posts_vacant', message: 'Enter the number of care staff posts vacant' }]);
      const early = await provider().post(`/api/v1/services/${w.homeCareId}/returns`, { year: 2026, quarter: 3, answers: completeAnswers('community') });
      assert.deepEqual(early.json().errors, [{ path: 'quarter', message: 'You can only send a return once its quarter has ended' }]);
      const bad = await provider().post(`/api/v1/services/${w.homeCareId}/returns`, { year: 2026, quarter: 5, answers: {} });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].path, 'quarter');
    });

    test('a service no template covers has no return: 409', async () => {
      const response = await provider().post(`/api/v1/services/${w.dayCentreId}/returns`, { ...q2, answers: {} });
      assert.equal(response.statusCode, 409);
    });

    test('the council queries, the provider resubmits a new version, the council accepts it; every version is kept and audited', async () => {
      const first = (await provider().get(`/api/v1/services/${w.careHomeId}/returns`)).json().items[0];
      const queried = await officer().post(`/api/v1/returns/${first.id}/query`, { message: 'Agency use looks high: which shifts?' });
      assert.equal(queried.statusCode, 200, queried.body);
      assert.equal(queried.json().status, 'queried');
      assert.equal(queried.json().query.message, 'Agency use looks high: which shifts?');
      assert.equal((await officer().post(`/api/v1/returns/${first.id}/accept`, {})).statusCode, 409, 'a queried version cannot be accepted');

      const second = await provider().post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers: completeAnswers('care_homes', { agency_hours_percent: 18 }) });
      assert.equal(second.statusCode, 201, second.body);
      assert.deepEqual([second.json().version, second.json().status, second.json().flags], [2, 'submitted', []]);

      const accepted = await apiClient(app, w.council.commissioner.apiToken).post(`/api/v1/returns/${second.json().id}/accept`, {});
      assert.equal(accepted.statusCode, 200);
      assert.equal(accepted.json().status, 'accepted');
      assert.equal((await provider().post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers: completeAnswers('care_homes') })).statusCode, 409);

      const list = (await officer().get(`/api/v1/services/${w.careHomeId}/returns`)).json().items;
      assert.deepEqual(list.map((r: { version: number; status: string }) => [r.version, r.status]), [[2, 'accepted'], [1, 'queried']]);
      const audited = await store.asSystem((tx) => tx.selectFrom('audit_events').select(['action']).where('table_name', '=', 'returns').where('record_id', 'in', [first.id, second.json().id]).execute());
      assert.ok(audited.length >= 4, `audited ${audited.length} changes`);
    });

    test('GET /api/v1/returns lists one item per service the return applies to, with late ones and flags', async () => {
      const response = await officer().get('/api/v1/returns?year=2026&quarter=2');
      assert.equal(response.statusCode, 200);
      const items = response.json().items as { serviceId: string; status: string; flags: unknown[]; dueOn: string }[];
      const byId = new Map(items.map((i) => [i.serviceId, i]));
      assert.equal(byId.get(w.careHomeId)?.status, 'accepted');
      assert.equal(byId.get(w.homeCareId)?.status, 'late');
      assert.equal(byId.get(w.elmLodgeId)?.status, 'late');
      assert.equal(byId.get(w.homeCareId)?.dueOn, '2026-10-31');
      assert.ok(!byId.has(w.dayCentreId), 'no template covers day services');
      assert.ok(!byId.has(w.farHomeId), 'another council’s service');
      const q3 = (await officer().get('/api/v1/returns?year=2026&quarter=3')).json().items as { serviceId: string; status: string }[];
      assert.equal(q3.find((i) => i.serviceId === w.homeCareId)?.status, 'missing');
      assert.equal((await officer().get('/api/v1/returns?year=2026')).statusCode, 400);
    });

    test('flags show in the council’s list for a submitted return', async () => {
      await apiClient(app, w.rival.apiToken).post(`/api/v1/services/${w.elmLodgeId}/returns`, { ...q2, answers: completeAnswers('care_homes', { registered_manager_in_post: false }) });
      const items = (await officer().get('/api/v1/returns?year=2026&quarter=2')).json().items as { serviceId: string; status: string; flags: { key: string }[] }[];
      const elm = items.find((i) => i.serviceId === w.elmLodgeId)!;
      assert.equal(elm.status, 'submitted');
      assert.deepEqual(elm.flags.map((f) => f.key), ['registered_manager_in_post']);
    });

    test('tenancy: another provider, another council and the wrong roles are refused', async () => {
      const careHomeReturns = (await officer().get(`/api/v1/services/${w.careHomeId}/returns`)).json().items;
      const id = careHomeReturns[0].id;
      // Another provider of the same council: neither the service nor the return exists for it.
      assert.equal((await apiClient(app, w.rival.apiToken).get(`/api/v1/services/${w.careHomeId}/returns`)).statusCode, 404);
      assert.equal((await apiClient(app, w.rival.apiToken).get(`/api/v1/returns/${id}`)).statusCode, 404);
      assert.equal((await apiClient(app, w.rival.apiToken).post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers: completeAnswers('care_homes') })).statusCode, 404);
      // A provider of another council.
      assert.equal((await apiClient(app, w.farProvider.apiToken).get(`/api/v1/returns/${id}`)).statusCode, 404);
      // Another council's staff.
      assert.equal((await apiClient(app, w.other.officer.apiToken).get(`/api/v1/returns/${id}`)).statusCode, 404);
      assert.equal((await apiClient(app, w.other.officer.apiToken).get(`/api/v1/services/${w.careHomeId}/returns`)).statusCode, 404);
      const elmId = (await officer().get(`/api/v1/services/${w.elmLodgeId}/returns`)).json().items[0].id;
      assert.equal((await apiClient(app, w.other.commissioner.apiToken).post(`/api/v1/returns/${elmId}/accept`, {})).statusCode, 404);
      assert.ok(!(await apiClient(app, w.other.officer.apiToken).get('/api/v1/returns?year=2026&quarter=2')).json().items.some((i: { serviceId: string }) => i.serviceId === w.careHomeId));
      // Wrong roles.
      assert.equal((await apiClient(app, w.council.placer.apiToken).get(`/api/v1/services/${w.careHomeId}/returns`)).statusCode, 403);
      assert.equal((await apiClient(app, w.partner.apiToken).get('/api/v1/returns')).statusCode, 403);
      assert.equal((await apiClient(app, w.provider.apiToken).get('/api/v1/returns')).statusCode, 403, 'the council’s overview is not the provider’s');
      assert.equal((await provider().post(`/api/v1/returns/${elmId}/accept`, {})).statusCode, 403, 'a provider cannot accept');
      assert.equal((await apiClient(app, w.council.admin.apiToken).post(`/api/v1/returns/${elmId}/query`, { message: 'Why?' })).statusCode, 403, 'administrators read but do not decide');
      assert.equal((await officer().post(`/api/v1/services/${w.careHomeId}/returns`, { ...q2, answers: completeAnswers('care_homes') })).statusCode, 403, 'the council does not submit for the provider');
      assert.equal((await apiClient(app, w.council.admin.apiToken).get(`/api/v1/returns/${elmId}`)).statusCode, 200);
    });

    test('returns and their flags are on the service timeline for the council; a late return too; not for placing officers', async () => {
      const elm = (await officer().get(`/api/v1/services/${w.elmLodgeId}/timeline`)).json().items as { kind: string; summary: string; source: string }[];
      const received = elm.filter((e) => e.kind === 'return');
      assert.deepEqual(received.map((e) => [e.source, e.summary]), [['flagged', 'Quarterly return for Q2 2026/27 received: No registered manager in post']]);
      const homeCare = (await officer().get(`/api/v1/services/${w.homeCareId}/timeline`)).json().items as { kind: string; summary: string; occurredOn: string }[];
      assert.deepEqual(homeCare.filter((e) => e.kind === 'return').map((e) => [e.occurredOn, e.summary]), [['2026-10-31', 'Quarterly return not submitted for Q2 2026/27']]);
      const day = (await officer().get(`/api/v1/services/${w.dayCentreId}/timeline`)).json().items as { kind: string }[];
      assert.ok(!day.some((e) => e.kind === 'return'), 'no return applies to a day centre');
      const placer = (await apiClient(app, w.council.placer.apiToken).get(`/api/v1/services/${w.elmLodgeId}/timeline`)).json().items as { kind: string }[];
      assert.ok(!placer.some((e) => e.kind === 'return'));
    });

    test('a query needs a message', async () => {
      const elmId = (await officer().get(`/api/v1/services/${w.elmLodgeId}/returns`)).json().items[0].id;
      const response = await officer().post(`/api/v1/returns/${elmId}/query`, { message: '  ' });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json().errors, [{ path: 'message', message: 'Enter your question for the provider' }]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

for (const database of testDatabases()) {
  describe(`a council's settings for returns (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;

    before(async () => {
      // Q2 2026/27 ended on 30 September; by default it was due on 31 October, so on 6 November it is late.
      setClock('2026-11-06');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeReturnsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const api = (user: { apiToken: string }) => apiClient(app, user.apiToken);
    const statusOf = async (serviceId: string) =>
      ((await api(w.council.officer).get('/api/v1/returns?year=2026&quarter=2')).json().items as { serviceId: string; status: string; dueOn: string }[]).find((i) => i.serviceId === serviceId)!;

    test('the defaults until the council sets its own: one month, agency above 20 %, training below 80 %, no manager', async () => {
      const response = await api(w.council.officer).get('/api/v1/return-settings');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { period: 'quarterly', periodChange: null, deadlineMonths: 1, agencyHoursAbove: 20, trainingMandatoryBelow: 80, flagNoRegisteredManager: true });
      assert.deepEqual(await statusOf(w.careHomeId), { ...(await statusOf(w.careHomeId)), status: 'late', dueOn: '2026-10-31' });
    });

    test('only the council’s administrator changes them; others are refused, and another council cannot read them', async () => {
      const body = { deadlineMonths: 2, agencyHoursAbove: 30, trainingMandatoryBelow: 70, flagNoRegisteredManager: false };
      for (const user of [w.council.officer, w.council.commissioner, w.provider]) assert.equal((await api(user).put('/api/v1/return-settings', body)).statusCode, 403);
      assert.equal((await api(w.provider).get('/api/v1/return-settings')).statusCode, 403);
      const bad = await api(w.council.admin).put('/api/v1/return-settings', { ...body, deadlineMonths: 7, agencyHoursAbove: 'lots' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path).sort(), ['agencyHoursAbove', 'deadlineMonths']);
      const saved = await api(w.council.admin).put('/api/v1/return-settings', body);
      assert.equal(saved.statusCode, 200);
      assert.deepEqual(saved.json(), { period: 'quarterly', periodChange: null, ...body }, 'the period left out is unchanged');
      // The other council still has the defaults, and its administrator's change stays its own.
      assert.equal((await api(w.other.officer).get('/api/v1/return-settings')).json().deadlineMonths, 1);
      await api(w.other.admin).put('/api/v1/return-settings', { ...body, deadlineMonths: 3 });
      assert.equal((await api(w.council.officer).get('/api/v1/return-settings')).json().deadlineMonths, 2);
    });

    test('the deadline moves the late list, and the thresholds decide the flags of returns sent from then on', async () => {
      // Two months: due 30 November, so not late on 6 November.
      assert.deepEqual(await statusOf(w.careHomeId), { ...(await statusOf(w.careHomeId)), status: 'missing', dueOn: '2026-11-30' });
      const answers = completeAnswers('care_homes', { agency_hours_percent: 25, training_mandatory_percent: 75, registered_manager_in_post: false });
      const sent = await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2026, quarter: 2, answers });
      assert.equal(sent.statusCode, 201);
      // Agency 25 % is under the council's 30 %; training 75 % is above 70 %; no manager is not flagged.
      assert.deepEqual(sent.json().flags, []);
      assert.equal(sent.json().dueOn, '2026-11-30');
      const other = await api(w.provider).post(`/api/v1/services/${w.homeCareId}/returns`, { year: 2026, quarter: 2, answers: completeAnswers('community', { agency_hours_percent: 31, training_mandatory_percent: 60 }) });
      assert.deepEqual(
        other.json().flags.map((f: { key: string; threshold: number; message: string }) => [f.key, f.threshold, f.message]),
        [
          ['agency_hours_percent', 30, 'Agency staff worked more than 30% of hours'],
          ['training_mandatory_percent', 70, 'Fewer than 70% of staff are up to date with mandatory training'],
        ],
      );
    });

    test('the settings page: the administrator changes them with GOV.UK errors; an officer only reads them', async () => {
      const admin = new PageClient(app);
      await admin.signIn(w.council.admin.email, w.council.admin.password);
      const page = await admin.get('/returns/settings');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="agencyHoursAbove"[^>]*value="30"|value="30"[^>]*name="agencyHoursAbove"/);
      const wrong = await admin.post('/returns/settings', { period: 'quarterly', deadlineMonths: '1', agencyHoursAbove: '120', trainingMandatoryBelow: 'eighty', flagNoRegisteredManager: 'yes' }, { from: '/returns/settings' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /govuk-error-summary/);
      assert.match(wrong.body, /href="#agencyHoursAbove">The agency hours threshold must be between 0 and 100/);
      assert.match(wrong.body, /href="#trainingMandatoryBelow">Enter the mandatory training threshold as a number, like 20/);
      const ok = await admin.post('/returns/settings', { period: 'quarterly', deadlineMonths: '1', agencyHoursAbove: '20%', trainingMandatoryBelow: '80', flagNoRegisteredManager: 'yes' }, { from: '/returns/settings' });
      assert.equal(ok.statusCode, 303);
      assert.deepEqual((await api(w.council.officer).get('/api/v1/return-settings')).json(), { period: 'quarterly', periodChange: null, deadlineMonths: 1, agencyHoursAbove: 20, trainingMandatoryBelow: 80, flagNoRegisteredManager: true });
      const officer = new PageClient(app);
      await officer.signIn(w.council.officer.email, w.council.officer.password);
      const read = await officer.get('/returns/settings');
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /<form method="post" action="\/returns\/settings"/);
      assert.match(read.body, /Only an administrator can change these settings/);
      assert.equal((await officer.post('/returns/settings', { period: 'annual', deadlineMonths: '3', agencyHoursAbove: '1', trainingMandatoryBelow: '1', flagNoRegisteredManager: 'no' }, { from: '/returns/settings' })).statusCode, 403);
    });
  });
}

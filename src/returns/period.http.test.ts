import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { remindersService } from './reminders.service.ts';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

for (const database of testDatabases()) {
  describe(`a council's return period, and services it does not commission (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    const api = (user: { apiToken: string }) => apiClient(app, user.apiToken);
    const settingsBody = { deadlineMonths: 1, agencyHoursAbove: 20, trainingMandatoryBelow: 80, flagNoRegisteredManager: true };
    const outbox = () => store.asSystem((tx) => tx.selectFrom('outgoing_emails').select(['to_address', 'subject', 'body']).orderBy('subject').execute());
    const signedIn = async (user: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    before(async () => {
      // In Q3 2026/27: the council changes to half-yearly, which applies from Q4 (its quarter in progress is Q3).
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

    test('only the council’s administrator changes the period; it applies from the next period; a wrong one is refused', async () => {
      for (const user of [w.council.officer, w.council.commissioner, w.provider, w.other.admin]) {
        const response = await api(user).put('/api/v1/return-settings', { ...settingsBody, period: 'annual' });
        // Another council's administrator changes only its own council's settings.
        if (user === w.other.admin) assert.equal(response.json().period, 'annual');
        else assert.equal(response.statusCode, 403);
      }
      assert.equal((await api(w.council.officer).get('/api/v1/return-settings')).json().period, 'quarterly', 'unchanged by the others');
      const bad = await api(w.council.admin).put('/api/v1/return-settings', { ...settingsBody, period: 'monthly' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ['period']);
      const saved = await api(w.council.admin).put('/api/v1/return-settings', { ...settingsBody, period: 'half_yearly' });
      assert.equal(saved.statusCode, 200);
      assert.deepEqual(saved.json(), { ...settingsBody, period: 'half_yearly', periodChange: { previous: 'quarterly', from: { year: 2026, quarter: 4 } } });
      assert.equal((await api(w.other.officer).get('/api/v1/return-settings')).json().period, 'annual', 'the other council keeps its own');
      const audited = await store.asSystem((tx) => tx.selectFrom('audit_events').select('id').where('table_name', '=', 'return_settings').execute());
      assert.ok(audited.length >= 2, 'each change is audited');
    });

    test('quarters before the change keep the quarterly period: Q2 and Q3 are still due as quarters', async () => {
      const q2 = (await api(w.council.officer).get('/api/v1/returns?year=2026&quarter=2')).json();
      assert.ok(q2.items.length >= 2);
      assert.equal(q2.items.find((i: { serviceId: string }) => i.serviceId === w.careHomeId).dueOn, '2026-10-31');
    });

    test('after the change, a quarter ending no period: no one owes it, a return for it is refused naming Q2 and Q4', async () => {
      // 10 August 2027: Q1 2027/28 has ended, but ends no half year; the last period ended is H2 2026/27 (Q4).
      setClock('2027-08-10');
      const q1 = (await api(w.council.officer).get('/api/v1/returns?year=2027&quarter=1')).json();
      assert.deepEqual(q1.items, []);
      const byDefault = (await api(w.council.officer).get('/api/v1/returns')).json();
      assert.deepEqual([byDefault.year, byDefault.quarter], [2026, 4]);
      const home = byDefault.items.find((i: { serviceId: string }) => i.serviceId === w.careHomeId);
      assert.deepEqual([home.dueOn, home.status], ['2027-04-30', 'late']);
      const refused = await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2027, quarter: 1, answers: completeAnswers('care_homes') });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(refused.json().errors, [{ path: 'quarter', message: 'The council asks for half-yearly returns: send one for Q2 and Q4 only' }]);
      // Q3 2026/27 came before the change: still a quarter's return.
      assert.equal((await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2026, quarter: 3, answers: completeAnswers('care_homes') })).statusCode, 201);
    });

    test('the provider’s home, the council’s lists and the timeline speak of half years', async () => {
      const sent = await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2026, quarter: 4, answers: completeAnswers('care_homes') });
      assert.equal(sent.statusCode, 201);
      const provider = text((await (await signedIn(w.provider)).get('/')).body);
      assert.match(provider, /Oakwood Home Care: H2 2026\/27 return overdue, it was due by 30 April 2027/);
      assert.doesNotMatch(provider, /Q1 2027\/28/);
      const timeline = (await api(w.council.officer).get(`/api/v1/services/${w.homeCareId}/timeline`)).json().items as { kind: string; summary: string; occurredOn: string }[];
      assert.deepEqual(timeline.filter((e) => e.kind === 'return').map((e) => [e.occurredOn, e.summary]), [['2027-04-30', 'Half-yearly return not submitted for H2 2026/27']]);
      const councilHome = text((await (await signedIn(w.council.officer)).get('/')).body);
      assert.match(councilHome, /Late half-yearly returns for H2 2026\/27/);
      const overview = await (await signedIn(w.council.officer)).get('/returns');
      assert.match(text(overview.body), /Half-yearly returns, H2 2026\/27/);
      assert.match(overview.body, /<option value="2026-4" selected>H2 2026\/27<\/option>/);
      assert.doesNotMatch(overview.body, /value="2027-1"/, 'the picker offers periods, not quarters ending none');
      const csv = await (await signedIn(w.council.officer)).get('/returns.csv?year=2026&quarter=4');
      assert.match(csv.body, /Oakwood House,.*,H2 2026\/27,2027-04-30,Submitted/);
    });

    test('reminders: none for a quarter ending no period, and never twice', async () => {
      const reminders = remindersService(store, { publicBaseUrl: 'https://oversight.example.gov.uk' });
      await reminders.setSubscribed(w.provider.actor, true);
      // H2 2026/27 is overdue for the home care branch only (Oakwood House sent it).
      assert.equal(await reminders.send('2027-08-10'), 1);
      assert.equal(await reminders.send('2027-08-11'), 0);
      const emails = await outbox();
      assert.deepEqual(emails.map((e) => e.subject), ['Overdue: H2 2026/27 return for Oakwood Home Care']);
      assert.match(emails[0]!.body, /The H2 2026\/27 half-yearly return for Oakwood Home Care was due by 30 April 2027/);
      // Late July 2027: a week before Q1's deadline under the old setting, but Q1 ends no half year.
      assert.equal(await reminders.send('2027-07-25'), 0);
    });

    test('a service the council does not commission owes no return: not listed, not reminded, a return refused', async () => {
      await store.asSystem((tx) => tx.updateTable('services').set({ not_commissioned: true }).where('id', '=', w.homeCareId).execute());
      const items = (await api(w.council.officer).get('/api/v1/returns?year=2026&quarter=4')).json().items as { serviceId: string }[];
      assert.ok(items.some((i) => i.serviceId === w.careHomeId));
      assert.ok(!items.some((i) => i.serviceId === w.homeCareId));
      const refused = await api(w.provider).post(`/api/v1/services/${w.homeCareId}/returns`, { year: 2026, quarter: 4, answers: completeAnswers('community') });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().detail ?? refused.json().title, /does not commission this service/);
      const provider = text((await (await signedIn(w.provider)).get('/')).body);
      assert.doesNotMatch(provider, /Oakwood Home Care: H2/);
      const overview = text((await (await signedIn(w.council.officer)).get('/returns')).body);
      assert.match(overview, /Not commissioned \(no return owed\) 1/);
      const timeline = (await api(w.council.officer).get(`/api/v1/services/${w.homeCareId}/timeline`)).json().items as { kind: string }[];
      assert.ok(!timeline.some((e) => e.kind === 'return'), 'no "not submitted" for a service not commissioned');
    });

    test('the settings page: radios for the period with a hint, an error when none is chosen, and the change shown', async () => {
      const admin = await signedIn(w.council.admin);
      const page = await admin.get('/returns/settings');
      assert.match(page.body, /name="period" type="radio" value="half_yearly" checked/);
      assert.match(text(page.body), /Quarterly returns up to the quarter ending Q3 2026\/27; half-yearly returns from Q4 2026\/27 on\./);
      const wrong = await admin.post('/returns/settings', { deadlineMonths: '1', agencyHoursAbove: '20', trainingMandatoryBelow: '80', flagNoRegisteredManager: 'yes' }, { from: '/returns/settings' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /href="#period">Select how often providers send a return/);
      const ok = await admin.post('/returns/settings', { period: 'annual', deadlineMonths: '1', agencyHoursAbove: '20', trainingMandatoryBelow: '80', flagNoRegisteredManager: 'yes' }, { from: '/returns/settings' });
      assert.equal(ok.statusCode, 303);
      // 10 August 2027 is in Q2 2027/28, a half year running to September: annual returns from Q3 on.
      assert.deepEqual((await api(w.council.officer).get('/api/v1/return-settings')).json().periodChange, { previous: 'half_yearly', from: { year: 2027, quarter: 3 } });
    });
  });
}

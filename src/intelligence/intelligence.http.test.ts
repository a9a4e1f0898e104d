import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { today as ukToday } from '../core/clock.ts';
import { makeService } from './intelligence.test-support.ts';

for (const database of testDatabases()) {
  describe(`intelligence pages and API (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: TestUser;
    let partnerUser: TestUser;
    let oak: { id: string; name: string };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, providerOrg, 'provider');
      partnerUser = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      oak = await makeService(store, a.org.id, 'Oak House', { providerOrgId: providerOrg.id });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const secret = 'Mrs Ada Lovelace, 12 Analytical Row, was bruised';
    const complaint = { receivedOn: '2026-11-02', source: 'complaint', severity: 'amber', summary: 'Late evening calls', detail: secret, themes: ['missed_or_late_calls'] };

    test('POST /api/v1/services/{id}/intelligence logs an entry: 201 with its fields and where to find it', async () => {
      const response = await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${oak.id}/intelligence`, complaint);
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.match(body.id, /^[0-9a-f-]{36}$/);
      assert.equal(response.headers.location, `/api/v1/intelligence/${body.id}`);
      assert.equal(body.serviceId, oak.id);
      assert.equal(body.source, 'complaint');
      assert.equal(body.severity, 'amber');
      assert.equal(body.substantiated, 'unknown');
      assert.equal(body.status, 'open');
      assert.deepEqual(body.themes, ['missed_or_late_calls']);
      const read = await apiClient(app, a.commissioner.apiToken).get(`/api/v1/intelligence/${body.id}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().detail, secret);
    });

    test('a complaint without a severity is a 400 problem naming the field', async () => {
      const response = await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${oak.id}/intelligence`, { ...complaint, severity: undefined });
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(response.json().errors, [{ path: 'severity', message: 'Select a severity for a complaint' }]);
    });

    test('nobody outside the owning council’s officer roles can log or read intelligence, and no response carries its detail', async () => {
      const entry = (await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${oak.id}/intelligence`, complaint)).json();
      const attempts: [TestUser, number, number][] = [
        [b.officer, 404, 404],
        [b.admin, 404, 404],
        [a.placer, 403, 403],
        [providerUser, 403, 403],
        [partnerUser, 403, 403],
      ];
      for (const [user, postStatus, getStatus] of attempts) {
        const api = apiClient(app, user.apiToken);
        const post = await api.post(`/api/v1/services/${oak.id}/intelligence`, complaint);
        assert.equal(post.statusCode, postStatus, `${user.actor.role} POST`);
        for (const url of [`/api/v1/intelligence/${entry.id}`, `/api/v1/services/${oak.id}/intelligence`]) {
          const get = await api.get(url);
          assert.equal(get.statusCode, getStatus, `${user.actor.role} ${url}`);
          assert.doesNotMatch(get.body, /Lovelace|Analytical/);
        }
        const timeline = await api.get(`/api/v1/services/${oak.id}/timeline`);
        assert.doesNotMatch(timeline.body, /Lovelace|Analytical|Late evening calls/, `${user.actor.role} timeline`);
      }
      const anonymous = await app.inject({ method: 'POST', url: `/api/v1/services/${oak.id}/intelligence`, payload: complaint });
      assert.equal(anonymous.statusCode, 401);
      const junkId = await apiClient(app, a.officer.apiToken).get('/api/v1/intelligence/not-an-id');
      assert.equal(junkId.statusCode, 404);
    });

    test('GET /api/v1/services/{id}/timeline gives every event newest first; a placer sees no intelligence', async () => {
      const api = apiClient(app, a.officer.apiToken);
      for (const [receivedOn, source, summary] of [['2026-01-15', 'healthwatch', 'Enter and View'], ['2026-06-01', 'fire_service', 'Fire doors propped open']]) {
        await api.post(`/api/v1/services/${oak.id}/intelligence`, { receivedOn, source, summary });
      }
      const response = await api.get(`/api/v1/services/${oak.id}/timeline`);
      assert.equal(response.statusCode, 200);
      const items = response.json().items as { occurredOn: string; kind: string; source: string; summary: string; href: string }[];
      assert.ok(items.length >= 4);
      const dates = items.map((i) => i.occurredOn);
      assert.deepEqual(dates, [...dates].sort().reverse());
      const fire = items.find((i) => i.summary === 'Fire doors propped open')!;
      assert.equal(fire.kind, 'intelligence');
      assert.equal(fire.source, 'fire_service');
      assert.match(fire.href, /^\/intelligence\//);
      assert.doesNotMatch(response.body, /Lovelace/, 'the timeline carries summaries, never detail');
      const filtered = (await api.get(`/api/v1/services/${oak.id}/timeline?source=healthwatch`)).json().items;
      assert.deepEqual(filtered.map((i: { summary: string }) => i.summary), ['Enter and View']);
      const placer = await apiClient(app, a.placer.apiToken).get(`/api/v1/services/${oak.id}/timeline`);
      assert.equal(placer.statusCode, 200);
      assert.equal(placer.json().items.filter((i: { kind: string }) => i.kind === 'intelligence').length, 0);
    });

    test('the log intelligence page: severity required for a complaint, values kept, then saved and shown', async () => {
      const client = new PageClient(app);
      await client.signIn(a.officer.email, a.officer.password);
      const url = `/services/${oak.id}/intelligence/new`;
      const page = await client.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>Log intelligence about Oak House/);
      assert.match(page.body, /name="receivedOn-day"/);
      assert.match(page.body, /name="themes" type="checkbox" value="medication"/);
      const today = ukToday();
      const form = {
        'receivedOn-day': String(Number(today.slice(8))),
        'receivedOn-month': String(Number(today.slice(5, 7))),
        'receivedOn-year': today.slice(0, 4),
        source: 'complaint',
        summary: 'Medication given late',
        detail: 'Mr Brown missed his 8am tablets',
        themes: ['medication', 'staffing'],
        substantiated: 'yes',
        safeguarding: 'none',
        status: 'open',
      };
      const refused = await client.post(url, form);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /<title>Error: Log intelligence/);
      assert.match(refused.body, /govuk-error-summary/);
      assert.match(refused.body, /href="#severity">Select a severity for a complaint/);
      assert.match(refused.body, /value="Medication given late"/);
      assert.match(refused.body, /value="medication" checked/);
      const saved = await client.post(url, { ...form, severity: 'red' });
      assert.equal(saved.statusCode, 303);
      const location = saved.headers.location as string;
      assert.match(location, /^\/intelligence\/[0-9a-f-]{36}\?saved=logged$/);
      const shown = await client.get(location);
      assert.match(shown.body, /Intelligence logged/);
      assert.match(shown.body, /Medication given late/);
      assert.match(shown.body, /Mr Brown missed his 8am tablets/);
      assert.match(shown.body, /Red \(high\)/);
      assert.match(shown.body, /Logged\./);
    });

    test('changing an entry records who changed what, shown as history', async () => {
      const entry = (await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${oak.id}/intelligence`, { receivedOn: '2026-10-10', source: 'gp_and_district_nurse', summary: 'Pressure sores' })).json();
      const client = new PageClient(app);
      await client.signIn(a.commissioner.email, a.commissioner.password);
      const edit = await client.get(`/intelligence/${entry.id}/edit`);
      assert.match(edit.body, /value="Pressure sores"/);
      const saved = await client.post(`/intelligence/${entry.id}/edit`, {
        'receivedOn-day': '10',
        'receivedOn-month': '10',
        'receivedOn-year': '2026',
        source: 'gp_and_district_nurse',
        summary: 'Pressure sores',
        substantiated: 'yes',
        safeguarding: 's42_open',
        status: 'under_review',
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/intelligence/${entry.id}?saved=changed`);
      const page = await client.get(saved.headers.location);
      assert.match(page.body, /Intelligence updated/);
      assert.match(page.body, /Substantiated changed from “Not known yet” to “Substantiated”/);
      assert.match(page.body, /Section 42 enquiry changed from “Not given” to “Section 42 enquiry open”/);
      assert.match(page.body, new RegExp(a.commissioner.actor.name));
    });

    test('pages refuse other councils, placers, providers and partners', async () => {
      const entry = (await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${oak.id}/intelligence`, complaint)).json();
      const cases: [TestUser, number][] = [
        [b.officer, 404],
        [a.placer, 403],
        [providerUser, 403],
        [partnerUser, 403],
      ];
      for (const [user, status] of cases) {
        const client = new PageClient(app);
        await client.signIn(user.email, user.password);
        for (const url of [`/intelligence/${entry.id}`, `/intelligence/${entry.id}/edit`, `/services/${oak.id}/intelligence/new`]) {
          const response = await client.get(url);
          assert.equal(response.statusCode, status, `${user.actor.role} ${url}`);
          assert.doesNotMatch(response.body, /Lovelace/);
        }
      }
      const signedOut = await new PageClient(app).get(`/intelligence/${entry.id}`);
      assert.equal(signedOut.statusCode, 303);
      assert.match(signedOut.headers.location as string, /^\/sign-in/);
    });

    test('the timeline page filters by kind and source with a GET form, and pages', async () => {
      const elm = await makeService(store, a.org.id, 'Elm Lodge');
      const api = apiClient(app, a.officer.apiToken);
      for (let day = 1; day <= 27; day++) {
        await api.post(`/api/v1/services/${elm.id}/intelligence`, { receivedOn: `2026-09-${String(day).padStart(2, '0')}`, source: day === 5 ? 'healthwatch' : 'officer', summary: `Note for day ${day}` });
      }
      const client = new PageClient(app);
      await client.signIn(a.officer.email, a.officer.password);
      const first = await client.get(`/services/${elm.id}/timeline`);
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /27 events/);
      assert.ok(first.body.indexOf('Note for day 27') < first.body.indexOf('Note for day 26'), 'newest first');
      assert.doesNotMatch(first.body, />Note for day 2</);
      assert.match(first.body, /class="govuk-pagination/);
      const second = await client.get(`/services/${elm.id}/timeline?page=2`);
      assert.match(second.body, />Note for day 2</);
      assert.match(second.body, />Note for day 1</);
      const filtered = await client.get(`/services/${elm.id}/timeline?kind=intelligence&source=healthwatch`);
      assert.match(filtered.body, /1 event matching the filters/);
      assert.match(filtered.body, /Note for day 5/);
      assert.match(filtered.body, /<option value="healthwatch" selected>/);
      assert.match(filtered.body, /Clear filters/);
      const none = await client.get(`/services/${elm.id}/timeline?kind=visit`);
      assert.match(none.body, /No events match the filters/);
    });

    test('the service page shows the latest intelligence with links to the timeline and to log more', async () => {
      const fresh = await makeService(store, a.org.id, 'Ash Court');
      await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${fresh.id}/intelligence`, { receivedOn: '2026-11-01', source: 'other_council', summary: 'Neighbouring council suspended placements' });
      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      const page = await officer.get(`/services/${fresh.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Neighbouring council suspended placements/);
      assert.match(page.body, new RegExp(`href="/services/${fresh.id}/timeline"`));
      assert.match(page.body, new RegExp(`href="/services/${fresh.id}/intelligence/new"`));
      const placer = new PageClient(app);
      await placer.signIn(a.placer.email, a.placer.password);
      const placerPage = await placer.get(`/services/${fresh.id}`);
      assert.equal(placerPage.statusCode, 200);
      assert.doesNotMatch(placerPage.body, /Neighbouring council suspended placements/);
      assert.doesNotMatch(placerPage.body, /intelligence\/new/);
    });

    test('the OpenAPI document describes every intelligence route', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      assert.ok(document.paths['/api/v1/services/{id}/intelligence'].post);
      assert.ok(document.paths['/api/v1/services/{id}/intelligence'].get);
      assert.ok(document.paths['/api/v1/intelligence/{id}'].get);
      assert.ok(document.paths['/api/v1/services/{id}/timeline'].get);
      assert.ok(document.components.schemas.NewIntelligence.properties.severity);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { addIntelligence, makeCqcLocation, makeService, scoresOf, setTeam } from './risk.test-support.ts';

for (const database of testDatabases()) {
  describe(`risk API and pages (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let serviceId: string;
    let providerToken: string;
    let partnerToken: string;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Buckinghamshire');
      b = await makeCouncil(store, 'Elsewhere');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerToken = (await makeUser(store, providerOrg, 'provider')).apiToken;
      partnerToken = (await makeUser(store, await makeOrganisation(store, 'partner'), 'partner')).apiToken;
      const location = await makeCqcLocation(store, { overall: 'requires_improvement', publishedOn: '2026-01-10' }, { nursing: true, dementia: true });
      serviceId = (await makeService(store, a.org.id, { name: 'Oak House', cqcLocationId: location, providerOrgId: providerOrg.id, leadOfficerId: a.officer.actor.userId })).id;
      await setTeam(store, a.officer.actor.userId, 'South team');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('PUT then GET /api/v1/services/{id}/risk, exactly as the contract says', async () => {
      const api = apiClient(app, a.officer.apiToken);
      const put = await api.put(`/api/v1/services/${serviceId}/risk`, { scores: scoresOf({ cqc_rating: 4, safeguarding: 3 }), rationale: 'Requires improvement; one open enquiry' });
      assert.equal(put.statusCode, 200, put.body);
      const rating = put.json();
      // 4 + 1 + 7.5 + 2.5 + 2 + 6 + 1
      assert.equal(rating.prr, 24);
      assert.deepEqual(rating.band, { key: 'medium', label: 'Medium' });
      assert.deepEqual(rating.regime, { fullAssessmentEveryMonths: 12, monitoringMeetingsPerYear: 2, contactEveryDays: 30, concernsStage: 2 });
      assert.match(rating.ratedOn, /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(rating.ratedBy, { id: a.officer.actor.userId, name: a.officer.actor.name });

      const second = await api.put(`/api/v1/services/${serviceId}/risk`, { scores: scoresOf({ cqc_rating: 4, safeguarding: 5, complaints: 4 }), rationale: 'Escalating' });
      assert.equal(second.json().prr, 36.5);
      assert.deepEqual(second.json().regime, { fullAssessmentEveryMonths: null, monitoringMeetingsPerYear: 4, contactEveryDays: 14, concernsStage: 3 });

      const got = await api.get(`/api/v1/services/${serviceId}/risk`);
      assert.equal(got.statusCode, 200);
      const body = got.json();
      assert.equal(body.prr, 36.5);
      assert.equal(body.band.key, 'high');
      assert.deepEqual(body.history.map((h: { prr: number }) => h.prr), [36.5, 24]);
      assert.equal(body.needsRerating, false);
      assert.equal(body.due.fullAssessment, null);
    });

    test('a service never rated has null fields and an empty history', async () => {
      const other = await makeService(store, a.org.id);
      const body = (await apiClient(app, a.placer.apiToken).get(`/api/v1/services/${other.id}/risk`)).json();
      assert.equal(body.prr, null);
      assert.equal(body.band, null);
      assert.deepEqual(body.history, []);
      assert.equal('needsRerating' in body, false);
    });

    const invalid: [string, unknown, string[]][] = [
      ['no body fields', {}, ['scores', 'rationale']],
      ['a missing area', { scores: { ...scoresOf(), officer_intelligence: undefined }, rationale: 'x' }, ['scores.officer_intelligence']],
      ['a score of 6', { scores: scoresOf({ complaints: 6 }), rationale: 'x' }, ['scores.complaints']],
      ['a score of 0', { scores: scoresOf({ complaints: 0 }), rationale: 'x' }, ['scores.complaints']],
      ['a fraction', { scores: scoresOf({ complexity: 2.5 }), rationale: 'x' }, ['scores.complexity']],
      ['an unknown area', { scores: { ...scoresOf(), staffing: 3 }, rationale: 'x' }, ['scores']],
      ['a blank rationale', { scores: scoresOf(), rationale: '   ' }, ['rationale']],
    ];
    for (const [name, payload, paths] of invalid) {
      test(`PUT with ${name} is a problem+json validation error`, async () => {
        const response = await apiClient(app, a.officer.apiToken).put(`/api/v1/services/${serviceId}/risk`, payload);
        assert.equal(response.statusCode, 400);
        assert.match(String(response.headers['content-type']), /application\/problem\+json/);
        assert.deepEqual(response.json().errors.map((e: { path: string }) => e.path), paths);
      });
    }

    test('who may rate and see: other councils get 404; placers, providers, partners and administrators cannot rate', async () => {
      const body = { scores: scoresOf(), rationale: 'x' };
      assert.equal((await apiClient(app, b.officer.apiToken).put(`/api/v1/services/${serviceId}/risk`, body)).statusCode, 404);
      assert.equal((await apiClient(app, b.commissioner.apiToken).get(`/api/v1/services/${serviceId}/risk`)).statusCode, 404);
      assert.equal((await apiClient(app, a.placer.apiToken).put(`/api/v1/services/${serviceId}/risk`, body)).statusCode, 403);
      assert.equal((await apiClient(app, a.admin.apiToken).put(`/api/v1/services/${serviceId}/risk`, body)).statusCode, 403);
      assert.equal((await apiClient(app, providerToken).put(`/api/v1/services/${serviceId}/risk`, body)).statusCode, 403);
      assert.equal((await apiClient(app, providerToken).get(`/api/v1/services/${serviceId}/risk`)).statusCode, 403);
      assert.equal((await apiClient(app, partnerToken).get(`/api/v1/services/${serviceId}/risk`)).statusCode, 403);
      assert.equal((await apiClient(app, providerToken).get('/api/v1/risk-matrix')).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: `/api/v1/services/${serviceId}/risk` })).statusCode, 401);
      assert.equal((await apiClient(app, a.commissioner.apiToken).put(`/api/v1/services/${serviceId}/risk`, body)).statusCode, 200);
    });

    test('the service API carries the latest rating; providers never see it', async () => {
      const council = (await apiClient(app, a.officer.apiToken).get(`/api/v1/services/${serviceId}`)).json();
      assert.equal(council.risk.band.key, 'low');
      assert.deepEqual(Object.keys(council.risk).sort(), ['band', 'prr', 'ratedBy', 'ratedOn', 'regime']);
      const provider = await apiClient(app, providerToken).get(`/api/v1/services/${serviceId}`);
      if (provider.statusCode === 200) assert.equal(provider.json().risk ?? null, null);
      const timeline = (await apiClient(app, a.officer.apiToken).get(`/api/v1/services/${serviceId}/timeline`)).json();
      const events = (timeline.items ?? timeline.events ?? timeline) as { kind: string; summary: string }[];
      assert.ok(events.some((e) => e.kind === 'risk' && /^Risk rating confirmed: 19\.5 \(low\) by /.test(e.summary)), JSON.stringify(events));
    });

    test('the service page shows the risk panel to council staff and never to the provider', async () => {
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      const providerUser = await makeUser(store, providerOrg, 'provider');
      const service = await makeService(store, a.org.id, { name: 'Panel House', providerOrgId: providerOrg.id });
      const rated = await apiClient(app, a.officer.apiToken).put(`/api/v1/services/${service.id}/risk`, { scores: scoresOf(), rationale: 'Baseline' });
      assert.equal(rated.json().prr, 19.5);
      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      const page = await officer.get(`/services/${service.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="panel-risk">Provider Risk Rating</);
      assert.match(page.body, /19\.5<\/span> <strong class="govuk-tag govuk-tag--turquoise">Low/);
      assert.match(page.body, new RegExp(`href="/services/${service.id}/risk/rate"`));
      const provider = new PageClient(app);
      await provider.signIn(providerUser.email, providerUser.password);
      const seen = await provider.get(`/services/${service.id}`);
      assert.equal(seen.statusCode, 200);
      assert.doesNotMatch(seen.body, /Provider Risk Rating/);
      assert.equal((await provider.get(`/services/${service.id}/risk`)).statusCode, 403);
    });

    test('GET /api/v1/risk-matrix gives the default matrix with its keys, weights, bands and regimes', async () => {
      const matrix = (await apiClient(app, a.placer.apiToken).get('/api/v1/risk-matrix')).json();
      assert.deepEqual(
        matrix.areas.map((x: { key: string; weight: number; indicators: string[] }) => [x.key, x.weight, x.indicators.length]),
        [
          ['cqc_rating', 1, 5],
          ['other_sources', 1, 5],
          ['safeguarding', 2.5, 5],
          ['complaints', 2.5, 5],
          ['financial_viability', 1, 5],
          ['complexity', 1.5, 5],
          ['officer_intelligence', 1, 5],
        ],
      );
      assert.deepEqual(matrix.bands.map((x: { key: string; range: string }) => [x.key, x.range]), [
        ['minor', 'under 12'],
        ['low', '12 – 22'],
        ['medium', '22.5 – 33'],
        ['high', '33.5 – 39.5'],
        ['very_high', '40 and over'],
      ]);
      assert.deepEqual(matrix.prrRange, { min: 10.5, max: 52.5 });
    });

    test('POST /api/v1/services/{id}/risk/approval, and the approve form on the risk page', async () => {
      const service = await makeService(store, a.org.id, { name: 'Approval House' });
      assert.equal((await apiClient(app, a.commissioner.apiToken).post(`/api/v1/services/${service.id}/risk/approval`, {})).statusCode, 409);
      await apiClient(app, a.officer.apiToken).put(`/api/v1/services/${service.id}/risk`, { scores: scoresOf(), rationale: 'Baseline' });
      assert.equal((await apiClient(app, a.officer.apiToken).post(`/api/v1/services/${service.id}/risk/approval`, {})).statusCode, 403);
      const commissioner = new PageClient(app);
      await commissioner.signIn(a.commissioner.email, a.commissioner.password);
      const page = await commissioner.get(`/services/${service.id}/risk`);
      assert.match(page.body, /Not approved yet/);
      assert.match(page.body, /Approve rating/);
      const approved = await commissioner.post(`/services/${service.id}/risk/approve`, { note: 'Agreed' }, { from: `/services/${service.id}/risk` });
      assert.equal(approved.statusCode, 303);
      const after = await commissioner.get(approved.headers.location as string);
      assert.match(after.body, /Risk rating approved/);
      assert.match(after.body, /Approved by Test commissioner on \d+ \w+ \d{4}: Agreed/);
      assert.doesNotMatch(after.body, /Approve rating/);
      const body = (await apiClient(app, a.placer.apiToken).get(`/api/v1/services/${service.id}/risk`)).json();
      assert.equal(body.approval.approvedBy.id, a.commissioner.actor.userId);
      assert.equal(body.approval.note, 'Agreed');
      assert.equal((await apiClient(app, a.commissioner.apiToken).post(`/api/v1/services/${service.id}/risk/approval`, {})).statusCode, 409);
    });

    test('the OpenAPI document describes the risk routes', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      assert.ok(doc.paths['/api/v1/services/{id}/risk'].put);
      assert.ok(doc.paths['/api/v1/services/{id}/risk'].get);
      assert.ok(doc.paths['/api/v1/risk-matrix'].get);
      assert.ok(doc.paths['/api/v1/services/{id}/risk/approval'].post);
    });

    test('an officer rates through the pages: proposals, check answers, confirm, history with a chart', async () => {
      const service = await makeService(store, a.org.id, { name: 'Willow Court', category: 'home_care', leadOfficerId: a.officer.actor.userId });
      await addIntelligence(store, { councilId: a.org.id, serviceId: service.id, createdBy: a.officer.actor.userId, receivedOn: new Date().toISOString().slice(0, 10), source: 'complaint', severity: 'red' });
      const client = new PageClient(app);
      await client.signIn(a.officer.email, a.officer.password);
      const form = await client.get(`/services/${service.id}/risk/rate`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Proposed score: 4\.<\/strong> 1 complaint and 0 whistle-blowing reports/);
      assert.match(form.body, /No score proposed\./);

      const missing = await client.post(`/services/${service.id}/risk/rate/check`, { 'scores.complaints': '4', rationale: '' }, { from: `/services/${service.id}/risk/rate` });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /<title>Error: Rate the provider/);
      assert.match(missing.body, /href="#scores-cqc_rating"/);
      assert.match(missing.body, /Enter the rationale for this rating/);

      const answers: Record<string, string> = { rationale: 'Red complaint about missed calls <b>twice</b>' };
      for (const [k, v] of Object.entries(scoresOf({ complaints: 4, complexity: 3 }))) answers[`scores.${k}`] = String(v);
      const check = await client.post(`/services/${service.id}/risk/rate/check`, answers, { from: `/services/${service.id}/risk/rate` });
      assert.equal(check.statusCode, 200, check.body.slice(0, 500));
      assert.match(check.body, /Check the rating before you confirm it/);
      assert.match(check.body, /25\.5<\/span> <strong class="govuk-tag govuk-tag--yellow">Medium/);

      const changed = await client.post(`/services/${service.id}/risk/rate`, answers, { from: `/services/${service.id}/risk/rate` });
      assert.match(changed.body, /value="3" checked/);

      const confirm = await client.post(`/services/${service.id}/risk/rate/confirm`, answers, { from: `/services/${service.id}/risk/rate` });
      assert.equal(confirm.statusCode, 303);
      const page = await client.get(confirm.headers.location as string);
      assert.match(page.body, /Risk rating confirmed/);
      assert.match(page.body, /<svg[^>]+role="img"/);
      assert.match(page.body, /One rating: 25\.5 on/);
      assert.match(page.body, /Red complaint about missed calls &lt;b&gt;twice&lt;\/b&gt;/);
      assert.doesNotMatch(page.body, /<b>twice/);

      const register = await client.get('/risk-register?band=medium');
      assert.match(register.body, /Willow Court/);
      assert.doesNotMatch(register.body, /Oak House/);
      const work = await client.get('/work');
      assert.match(work.body, /Willow Court/);
      assert.match(work.body, /href="\/work\/plans-and-visits">Action plans and visits due/, 'plans and visits due are one link away');
      const audit = await client.get('/risk-register/audit?olderThan=6');
      assert.equal(audit.statusCode, 200);
      assert.match(audit.body, /South team/);
      // Without an age, or with one the page does not offer, the audit lists ratings older than 12 months.
      for (const url of ['/risk-register/audit', '/risk-register/audit?olderThan=7']) {
        const twelve = await client.get(url);
        assert.equal(twelve.statusCode, 200, url);
        assert.match(twelve.body, /<option value="12" selected>12 months<\/option>/, url);
      }
    });

    test('placers cannot open the rating form, the register or the work list; providers cannot open risk pages', async () => {
      const placer = new PageClient(app);
      await placer.signIn(a.placer.email, a.placer.password);
      assert.equal((await placer.get(`/services/${serviceId}/risk/rate`)).statusCode, 403);
      assert.equal((await placer.get('/risk-register')).statusCode, 403);
      assert.equal((await placer.get('/work')).statusCode, 403);
      assert.equal((await placer.get(`/services/${serviceId}/risk`)).statusCode, 200);
      const other = new PageClient(app);
      await other.signIn(b.officer.email, b.officer.password);
      assert.equal((await other.get(`/services/${serviceId}/risk`)).statusCode, 404);
    });

    test('an administrator changes the matrix; a broken band order is refused with inline errors', async () => {
      const council = await makeCouncil(store, 'Matrix council');
      const admin = new PageClient(app);
      await admin.signIn(council.admin.email, council.admin.password);
      const editor = await admin.get('/admin/risk-matrix/edit');
      assert.equal(editor.statusCode, 200);
      const values: Record<string, string | string[]> = {};
      for (const m of editor.body.matchAll(/name="([^"]+)" type="text" value="([^"]*)"/g)) values[m[1]!] = m[2]!;
      for (const m of editor.body.matchAll(/<textarea class="govuk-textarea" id="[^"]+" name="([^"]+)" rows="2">([^<]*)<\/textarea>/g)) values[m[1]!] = m[2]!.replace(/&#39;|&rsquo;/g, '’').replace(/&amp;/g, '&');
      for (const m of editor.body.matchAll(/name="([^"]+\.indicators\.\d)" value="([^"]*)"/g)) values[m[1]!] = m[2]!;
      for (const m of editor.body.matchAll(/name="(complexityRows\.\d\.categories)" type="checkbox" value="(\w+)" checked/g)) values[m[1]!] = [...((values[m[1]!] as string[] | undefined) ?? []), m[2]!];
      assert.equal(values['areas.2.weight'], '2.5');
      assert.equal(values['bands.3.fromPrr'], '33.5');

      const refused = await admin.post('/admin/risk-matrix/edit', { ...values, 'bands.3.fromPrr': '20' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /href="#bands-3-fromPrr"/);
      assert.match(refused.body, /High must start above where Medium starts \(22\.5\)/);

      const saved = await admin.post('/admin/risk-matrix/edit', { ...values, 'areas.2.weight': '3', 'bands.3.label': 'Serious' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
      const matrix = (await apiClient(app, council.officer.apiToken).get('/api/v1/risk-matrix')).json();
      assert.equal(matrix.version, 1);
      assert.equal(matrix.areas[2].weight, 3);
      assert.equal(matrix.bands[3].label, 'Serious');
      assert.equal(matrix.areas[0].indicators[2], 'Good overall, with one or more key questions rated Requires improvement');

      const officer = new PageClient(app);
      await officer.signIn(council.officer.email, council.officer.password);
      assert.equal((await officer.get('/admin/risk-matrix/edit')).statusCode, 403);
      assert.equal((await officer.get('/admin/risk-matrix')).statusCode, 200);
    });
  });
}

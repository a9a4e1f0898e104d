import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import type { Store } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { addCqcRating, makeStatusWorld, share, type StatusWorld } from '../../test/support/status-world.ts';

interface Item {
  serviceId: string;
  name: string;
  provider: string;
  postcode: string;
  cqcLocationId: string | null;
  status: string;
  concernsStage?: number;
  suspension?: { scope: string; detail: string | null; since: string };
  cqcOverall?: string;
  prrBand?: string;
  updatedAt: string;
}

for (const database of testDatabases()) {
  describe(`Live Status List over HTTP (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let w: StatusWorld;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeStatusWorld(store);
      await share(store, w.north.org.id, w.west.org.id);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const items = async (token: string, query: Record<string, string> = {}) => {
      const response = await apiClient(app, token).get(withQuery(paths.status.api, query));
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: Item[] }).items;
    };
    const signedIn = async (user: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    test('GET /api/v1/live-status gives the contract’s fields; a change of record changes the item at once', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      await addCqcRating(store, '1-100000001', 'good', '2025-06-01');
      let [item] = await items(w.west.placer.apiToken, { cqcLocationId: '1-100000001' });
      assert.deepEqual(
        { ...item, updatedAt: undefined },
        {
          serviceId: w.oakHouseId,
          name: 'Oak House',
          provider: 'Oakleaf Homes Ltd',
          postcode: 'NS1 1AA',
          cqcLocationId: '1-100000001',
          status: 'no_known_concerns',
          cqcOverall: 'good',
          cqcRatedOn: '2025-06-01',
          safeguardingEnquiryOpen: false,
          council: 'Northshire County Council',
          updatedAt: undefined,
        },
      );
      assert.match(item!.updatedAt, /^\d{4}-\d{2}-\d{2}T/);
      const created = await commissioner.post(paths.escalation.api.serviceSuspensions(w.oakHouseId), { scope: 'partial', detail: 'Nursing beds only', reason: 'Falls', startsOn: '2026-01-05' });
      assert.equal(created.statusCode, 201, created.body);
      [item] = await items(w.west.placer.apiToken, { cqcLocationId: '1-100000001' });
      assert.equal(item!.status, 'suspended_partial');
      assert.deepEqual(item!.suspension, { scope: 'partial', detail: 'Nursing beds only', since: '2026-01-05', reviewOn: null });
      // The service document says the same, from the same query.
      const service = await commissioner.get(paths.api.service(w.oakHouseId));
      assert.equal((service.json() as { status: string }).status, 'suspended_partial');
      const lifted = await commissioner.post(paths.escalation.api.lift((created.json() as { id: string }).id), { liftedOn: '2026-02-01', evidence: 'Sustained for two months' });
      assert.equal(lifted.statusCode, 200, lifted.body);
      [item] = await items(w.west.placer.apiToken, { cqcLocationId: '1-100000001' });
      assert.equal(item!.status, 'no_known_concerns');
      assert.equal(item!.suspension, undefined);
      assert.equal(((await commissioner.get(paths.api.service(w.oakHouseId))).json() as { status: string }).status, 'no_known_concerns');
    });

    test('searches by name and postcode; a bad CQC id or limit is a 400 problem', async () => {
      assert.deepEqual((await items(w.north.placer.apiToken, { q: 'oak' })).map((i) => i.name), ['Oak House', 'Oak Lodge', 'Oakleaf Court']);
      assert.deepEqual((await items(w.north.placer.apiToken, { postcode: 'NS9' })).map((i) => i.name), ['Elm View']);
      const bad = await apiClient(app, w.north.placer.apiToken).get(withQuery(paths.status.api, { cqcLocationId: 'ABC', limit: '0' }));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.headers['content-type'] as string, /problem\+json/);
      assert.deepEqual((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), ['cqcLocationId', 'limit']);
    });

    test('tenancy: every route refuses or shows nothing to those not shared with', async () => {
      assert.equal((await app.inject({ method: 'GET', url: paths.status.api })).statusCode, 401, 'no token');
      assert.deepEqual(await items(w.east.placer.apiToken, { q: 'oak' }), [], 'a council that is not shared with');
      assert.deepEqual(await items(w.healthwatch.apiToken), [], 'a partner that is not shared with');
      assert.equal((await apiClient(app, w.providerUser.apiToken).get(paths.status.api)).statusCode, 403, 'a provider user');
      // The pages, the CSV and one entry by id.
      const east = await signedIn(w.east.placer);
      const page = await east.get(withQuery(paths.status.list, { q: 'oak' }));
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Oak House|Northshire/);
      assert.match(page.body, /No services you can see match your search/);
      const csv = await east.get(withQuery(paths.status.csv, { q: 'oak' }));
      assert.equal(csv.statusCode, 200);
      assert.doesNotMatch(csv.body, /Oak House/);
      assert.equal((await east.get(paths.status.entry(w.oakHouseId))).statusCode, 404);
      const provider = await signedIn(w.providerUser);
      assert.equal((await provider.get(paths.status.list)).statusCode, 403);
      assert.equal((await provider.get(paths.status.csv)).statusCode, 403);
      const anonymous = new PageClient(app);
      const redirected = await anonymous.get(paths.status.list);
      assert.equal(redirected.statusCode, 303);
      assert.match(redirected.headers.location as string, /sign-in/);
      assert.equal((await anonymous.get(paths.status.csv)).statusCode, 303);
    });

    test('the page shows a shared council’s services with tags, "No known concerns" plainly, and the last change', async () => {
      const west = await signedIn(w.west.placer);
      const page = await west.get(withQuery(paths.status.list, { q: 'elm' }));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>Live Status List – Care Oversight<\/title>/);
      assert.match(page.body, /Includes services of Northshire County Council/);
      assert.match(page.body, /Elm View/);
      assert.match(page.body, /govuk-tag--green">No known concerns/);
      assert.match(page.body, /No suspension, concerns procedure or contractual process/);
      assert.match(page.body, /Download all results \(CSV\)/);
      const entry = await west.get(paths.status.entry(w.elmId));
      assert.equal(entry.statusCode, 200);
      assert.match(entry.body, /No known concerns: the service is not suspended/);
      assert.doesNotMatch(entry.body, /Service record/, 'another council’s service page is not linked');
    });

    test('with no search the page lists the services with something against them, and the CSV holds the same', async () => {
      const commissioner = apiClient(app, w.north.commissioner.apiToken);
      const opened = await commissioner.post(paths.escalation.api.serviceConcerns(w.elmId), { stage: 3, reason: 'Medication errors' });
      assert.equal(opened.statusCode, 201, opened.body);
      const west = await signedIn(w.west.placer);
      const page = await west.get(paths.status.list);
      assert.match(page.body, /Services with a suspension, concerns procedure or contractual process/);
      assert.match(page.body, /Concerns procedure, stage 3/);
      assert.doesNotMatch(page.body, /Oak Lodge/);
      assert.doesNotMatch(page.body, /Medication errors/, 'the reason is not shared');
      const csv = await west.get(withQuery(paths.status.csv, { concernsOnly: 'true' }));
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(csv.headers['content-disposition'] as string, /attachment; filename="live-status.csv"/);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines[0], 'Service,Provider,Council,Postcode,CQC location ID,Status,Suspension,Suspended since,Concerns stage,Contractual process,CQC overall rating,CQC rating date,Council assessment,Assessment published,Risk band,Open safeguarding enquiry,Last changed');
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /^Elm View,Elm Care,Northshire County Council,NS9 9ZZ,1-100000003,"Concerns procedure, stage 3",,,3,/);
      assert.doesNotMatch(csv.body, /Medication/);
    });

    test('sharing administration: an administrator shares and stops; nobody else may', async () => {
      const admin = await signedIn(w.east.admin);
      const form = await admin.get(paths.status.newSharing);
      assert.equal(form.statusCode, 200);
      const invalid = await admin.post(paths.status.newSharing, { withOrgId: '' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /<title>Error: Share with a council or partner/);
      assert.match(invalid.body, /Select the council or partner to share with/);
      const saved = await admin.post(paths.status.newSharing, { withOrgId: w.north.org.id, shares: ['liveStatus', 'alerts'] }, { from: paths.status.newSharing });
      assert.equal(saved.statusCode, 303);
      assert.deepEqual((await items(w.north.placer.apiToken, { q: 'eastern' })).map((i) => i.name), ['Eastern Vale']);
      const list = await admin.get(paths.status.sharing);
      assert.match(list.body, /Northshire County Council \(council\)/);
      const id = /action="\/admin\/sharing\/([0-9a-f-]{36})\/revoke"/.exec(list.body)![1]!;
      const revoked = await admin.post(paths.status.revokeSharing(id), {}, { from: paths.status.sharing });
      assert.equal(revoked.statusCode, 303);
      assert.deepEqual(await items(w.north.placer.apiToken, { q: 'eastern' }), []);
      assert.match((await admin.get(paths.status.sharing)).body, /Stopped/);
      for (const user of [w.east.commissioner, w.east.placer]) {
        const client = await signedIn(user);
        assert.equal((await client.get(paths.status.sharing)).statusCode, 403);
        assert.equal((await client.post(paths.status.revokeSharing(id), {}, { from: paths.status.list })).statusCode, 403);
      }
      // One council's administrator cannot revoke another's agreement.
      const northAgreement = await store.asSystem((tx) => tx.selectFrom('sharing_agreements').select('id').where('council_id', '=', w.north.org.id).executeTakeFirstOrThrow());
      assert.equal((await admin.post(paths.status.revokeSharing(northAgreement.id), {}, { from: paths.status.sharing })).statusCode, 404);
    });

    test('alerts inbox: what the sharing council’s changes produce, subscribe by email, mark as read', async () => {
      const west = await signedIn(w.west.placer);
      const page = await west.get(paths.status.alerts);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Concerns procedure opened/);
      assert.match(page.body, /Elm View/);
      const subscribed = await west.post(paths.status.alertEmails, { email: 'yes' }, { from: paths.status.alerts });
      assert.equal(subscribed.statusCode, 303);
      assert.match((await west.get(paths.status.alerts)).body, /Stop emailing me alerts/);
      const id = /action="\/alerts\/([0-9a-f-]{36})\/read"/.exec(page.body)![1]!;
      assert.equal((await west.post(paths.status.readAlert(id), {}, { from: paths.status.alerts })).statusCode, 303);
      const api = await apiClient(app, w.west.placer.apiToken).get(paths.status.apiAlerts);
      assert.equal((api.json() as { items: { id: string; read: boolean }[] }).items.find((a) => a.id === id)?.read, true);
      const east = await signedIn(w.east.placer);
      assert.doesNotMatch((await east.get(paths.status.alerts)).body, /Elm View/);
      assert.equal((await east.post(paths.status.readAlert(id), {}, { from: paths.status.alerts })).statusCode, 404);
      assert.equal((await apiClient(app, w.providerUser.apiToken).get(paths.status.apiAlerts)).statusCode, 403);
    });

    test('Enter and View list: page and CSV for the council, shared with Healthwatch only when chosen', async () => {
      await addCqcRating(store, '1-100000002', 'inadequate', '2025-10-01');
      const officer = await signedIn(w.north.officer);
      const page = await officer.get(paths.status.enterAndView);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Oak Lodge/);
      assert.match(page.body, /CQC rated Inadequate/);
      assert.match(page.body, /Not shared with any partner yet/);
      const csv = await officer.get(paths.status.enterAndViewCsv);
      assert.match(csv.body, /^Reasons,Service,/);
      assert.match(csv.body, /CQC rated Inadequate,Oak Lodge,/);
      const healthwatch = apiClient(app, w.healthwatch.apiToken);
      assert.deepEqual((await healthwatch.get(paths.status.apiEnterAndView)).json(), { items: [] });
      await share(store, w.north.org.id, w.healthwatchOrg.id, { liveStatus: false, alerts: false, enterAndView: true });
      const shared = (await healthwatch.get(paths.status.apiEnterAndView)).json() as { items: (Item & { reasons: string[] })[] };
      assert.deepEqual(shared.items.map((i) => [i.name, i.reasons]), [['Oak Lodge', ['CQC rated Inadequate']]]);
      assert.deepEqual(await items(w.healthwatch.apiToken), [], 'not the live status');
      assert.equal((await apiClient(app, w.north.placer.apiToken).get(paths.status.apiEnterAndView)).statusCode, 403);
    });

    test('the service page shows the live status panel first', async () => {
      const officer = await signedIn(w.north.officer);
      const page = await officer.get(paths.services.show(w.elmId));
      assert.equal(page.statusCode, 200);
      const live = page.body.indexOf('id="panel-live-status"');
      assert.ok(live > 0, 'the panel is there');
      assert.match(page.body, /Concerns procedure, stage 3/);
      assert.ok(page.body.indexOf('id="panel-escalation"') > live);
    });
  });
}

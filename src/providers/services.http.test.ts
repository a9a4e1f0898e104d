import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Store } from '../core/db/database.ts';
import { setClock } from '../core/clock.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, testConfig } from '../../test/support/http.ts';
import { makeProvider, makeService } from './register.test-support.ts';

const countServices = (store: Store) => store.asSystem(async (tx) => (await tx.selectFrom('services').select('id').execute()).length);
const idFrom = (location: string | string[] | number | undefined) => /\/(services|providers)\/([0-9a-f-]{36})/.exec(String(location))![2]!;

/** The service pages, as a signed-in person uses them with JavaScript off: plain forms and links. */
for (const database of testDatabases()) {
  describe(`service pages (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let officer: PageClient;

    before(async () => {
      store = await database.open();
      ({ app } = await buildApp(testConfig(), store, {
        panels: [
          async (_actor, serviceId) => ({
            id: 'ratings',
            title: 'CQC ratings',
            template: 'providers/views/summary-panel.njk',
            model: { rows: [{ key: 'Overall', value: `Good for ${serviceId.slice(0, 8)}` }] },
          }),
        ],
        details: [],
        timeline: [],
        workList: [],
      }));
      await app.ready();
      a = await makeCouncil(store, 'Council A');
      officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('adding a provider, then a service with check answers, then seeing it', async () => {
      const created = await officer.post('/providers/new', { name: 'Willow Care Ltd', companyNumber: '01234567', cqcProviderId: '', parentProviderId: '', portalOrganisationId: '' });
      assert.equal(created.statusCode, 303);
      const providerId = idFrom(created.headers.location);
      const providerPage = await officer.get(String(created.headers.location));
      assert.match(providerPage.body, /Provider added to the register/);
      assert.match(providerPage.body, /Willow Care Ltd/);

      const form = await officer.get('/services/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Willow Care Ltd/);
      assert.match(form.body, /Care home for older people/);
      const answers = {
        name: 'Willow House',
        providerId,
        category: 'care_home_older_people',
        cqcLocationId: '1-246810',
        addressLine1: '1 High Street',
        addressLine2: '',
        town: 'Hertford',
        postcode: 'sg13 8dq',
        beds: '30',
        hoursPerWeek: '',
        fundedPeople: '12',
        inCounty: 'yes',
        leadOfficerId: a.officer.actor.userId,
      };
      const check = await officer.post('/services/new', answers);
      assert.equal(check.statusCode, 200);
      assert.match(check.body, /<title>Check the service details/);
      assert.match(check.body, /SG13 8DQ/);
      assert.match(check.body, /1 High Street, Hertford/);
      assert.match(check.body, new RegExp(a.officer.actor.name));
      assert.match(check.body, /href="\/services\/new\?[^"]*name=Willow\+House[^"]*#postcode"/);
      assert.equal(await countServices(store), 0, 'nothing is stored before the answers are confirmed');

      const hidden = Object.fromEntries([...check.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
      delete hidden._csrf;
      assert.equal(hidden.postcode, 'SG13 8DQ');
      const confirmed = await officer.post('/services', hidden, { from: '/services/new' });
      assert.equal(confirmed.statusCode, 303);
      const page = await officer.get(String(confirmed.headers.location));
      assert.match(page.body, /Service added to the register/);
      assert.match(page.body, /<h1 class="govuk-heading-l">Willow House<\/h1>/);
      assert.match(page.body, new RegExp(`<a class="govuk-link" href="/providers/${providerId}">Willow Care Ltd</a>`));
      assert.match(page.body, /1-246810/);
      assert.match(page.body, /Change service details/);
      assert.match(page.body, /Add a contract/);
      assert.match(page.body, /View history/);
      assert.match(page.body, /<h2 class="govuk-heading-m" id="panel-ratings">CQC ratings<\/h2>/);
      assert.match(page.body, /Good for [0-9a-f]{8}/);
      assert.equal(await countServices(store), 1);
    });

    test('a form with mistakes shows every error, keeps the values, stores nothing', async () => {
      const provider = await makeProvider(store, a.org.id, { name: 'Mistake Ltd' });
      const before = await countServices(store);
      const response = await officer.post('/services/new', { name: '', providerId: provider.id, category: '', cqcLocationId: '12345', postcode: 'not a postcode', beds: 'forty', fundedPeople: '', inCounty: 'yes' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /<title>Error: Add a service/);
      assert.match(response.body, /govuk-error-summary/);
      for (const [field, message] of [
        ['name', 'Enter the service name'],
        ['category', 'Select the type of service'],
        ['cqcLocationId', 'Enter a CQC location ID in the correct format, like 1-123456789'],
        ['postcode', 'Enter a real postcode, like SG13 8DQ'],
        ['beds', 'Beds must be a whole number'],
      ]) {
        assert.match(response.body, new RegExp(`href="#${field}">${message}`), field);
        assert.match(response.body, new RegExp(`id="${field}-error"`), `inline error for ${field}`);
      }
      assert.match(response.body, /value="not a postcode"/);
      assert.match(response.body, /value="12345"/);
      assert.equal(await countServices(store), before);
      // Going straight to the final step with bad values is refused the same way.
      const direct = await officer.post('/services', { name: 'Sneaky', providerId: provider.id, category: 'home_care', postcode: 'nope', inCounty: 'yes' }, { from: '/services/new' });
      assert.equal(direct.statusCode, 400);
      assert.equal(await countServices(store), before);
    });

    test('a duplicate CQC location id gets a clear message', async () => {
      const provider = await makeProvider(store, a.org.id);
      await makeService(store, a.org.id, provider.id, { name: 'Original Home', cqcLocationId: '1-999111' });
      const response = await officer.post('/services/new', { name: 'Copy', providerId: provider.id, category: 'home_care', cqcLocationId: '1-999111', postcode: 'SG1 1AA', inCounty: 'yes' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /CQC location ID 1-999111 is already in your council’s register \(Original Home\)/);
    });

    test('editing a service, then reading its history: who, when, before → after', async () => {
      const provider = await makeProvider(store, a.org.id, { name: 'Rowan Ltd' });
      const service = await makeService(store, a.org.id, provider.id, { name: 'Rowan Lodge', postcode: 'SG1 2AB', fundedPeople: 3 });
      const form = await officer.get(`/services/${service.id}/edit`);
      assert.match(form.body, /value="Rowan Lodge"/);
      assert.match(form.body, /value="SG1 2AB"/);
      const saved = await officer.post(`/services/${service.id}/edit`, {
        name: 'Rowan Lodge Nursing',
        providerId: provider.id,
        category: 'care_home_older_people',
        postcode: 'SG1 2AB',
        fundedPeople: '7',
        inCounty: 'no',
        leadOfficerId: '',
      });
      assert.equal(saved.statusCode, 303);
      assert.match(String(saved.headers.location), /notice=service-updated/);
      const history = await officer.get(`/services/${service.id}/history`);
      assert.equal(history.statusCode, 200);
      assert.match(history.body, new RegExp(`Changed service</h2>\\s*<p[^>]*>by ${a.officer.actor.name} on <time[^>]*>\\d{1,2} \\w+ \\d{4} at \\d{1,2}:\\d{2}(am|pm)</time>`));
      assert.match(history.body, /Name<\/th>\s*<td[^>]*>Rowan Lodge<\/td>\s*<td[^>]*>Rowan Lodge Nursing<\/td>/);
      assert.match(history.body, /Council-funded people<\/th>\s*<td[^>]*>3<\/td>\s*<td[^>]*>7<\/td>/);
      assert.match(history.body, /In county<\/th>\s*<td[^>]*>Yes<\/td>\s*<td[^>]*>No<\/td>/);
      assert.match(history.body, /Created service<\/h2>\s*<p[^>]*>by The system/);
    });

    test('an edit with an error re-renders with status 400 and changes nothing', async () => {
      const provider = await makeProvider(store, a.org.id);
      const service = await makeService(store, a.org.id, provider.id, { name: 'Keep Me' });
      const response = await officer.post(`/services/${service.id}/edit`, { name: 'Changed', providerId: provider.id, category: 'home_care', postcode: 'SG1 1AA', beds: '5', inCounty: 'yes' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Only care homes have beds/);
      assert.match(response.body, /value="Changed"/);
      const page = await officer.get(`/services/${service.id}`);
      assert.match(page.body, /Keep Me/);
    });

    test('contracts: GOV.UK dates, end after start, shown on the service page', async () => {
      const provider = await makeProvider(store, a.org.id);
      const service = await makeService(store, a.org.id, provider.id, { name: 'Contract House' });
      const url = `/services/${service.id}/contracts/new`;
      const bad = await officer.post(url, { kind: 'block', reference: 'BLK-1', annualValue: '£250,000', 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2026', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '2026' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#endsOn-day">The end date must be after the start date/);
      assert.match(bad.body, /name="endsOn-day"[^>]*value="31"|value="31"[^>]*name="endsOn-day"/);
      assert.match(bad.body, /value="£250,000"/);
      const missing = await officer.post(url, { kind: '', 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2026' });
      assert.match(missing.body, /Select the kind of contract/);
      assert.match(missing.body, /The start date must be a real date/);
      const good = await officer.post(url, { kind: 'block', reference: 'BLK-1', annualValue: '£250,000', 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2026', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '2029' });
      assert.equal(good.statusCode, 303);
      const page = await officer.get(`/services/${service.id}`);
      assert.match(page.body, /Block contract/);
      assert.match(page.body, /£250,000/);
      assert.match(page.body, /1 April 2026/);
      assert.match(page.body, /31 March 2029/);
      const editHref = /href="(\/contracts\/[0-9a-f-]+\/edit)"/.exec(page.body)![1]!;
      const edit = await officer.get(editHref);
      assert.match(edit.body, /name="startsOn-year"[^>]*value="2026"|value="2026"[^>]*name="startsOn-year"/);
      const changed = await officer.post(editHref, { kind: 'spot', reference: 'SPOT-1', annualValue: '', 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2026' });
      assert.equal(changed.statusCode, 303);
      assert.match((await officer.get(`/services/${service.id}`)).body, /Spot purchase/);
    });

    test('an ended contract is marked and listed as ended, apart from those in force (issue 15)', async () => {
      const provider = await makeProvider(store, a.org.id);
      const service = await makeService(store, a.org.id, provider.id, { name: 'Ended House' });
      const url = `/services/${service.id}/contracts/new`;
      const add = (reference: string, starts: string, ends?: string) => {
        const [sy, sm, sd] = starts.split('-');
        const [ey, em, ed] = ends ? ends.split('-') : ['', '', ''];
        return officer.post(url, { kind: 'block', reference, annualValue: '', 'startsOn-day': sd!, 'startsOn-month': sm!, 'startsOn-year': sy!, 'endsOn-day': ed!, 'endsOn-month': em!, 'endsOn-year': ey! });
      };
      setClock('2026-12-05');
      try {
        assert.equal((await add('OLD-1', '2020-04-01', '2025-11-30')).statusCode, 303);
        let page = await officer.get(`/services/${service.id}`);
        assert.match(page.body, /No contract is in force/);
        assert.match(page.body, /<h3 class="govuk-heading-s">Ended contracts<\/h3>[\s\S]*OLD-1[\s\S]*<strong class="govuk-tag govuk-tag--grey">Ended<\/strong>/);
        assert.equal((await add('NOW-1', '2025-12-01')).statusCode, 303);
        assert.equal((await add('NEXT-1', '2027-04-01', '2030-03-31')).statusCode, 303);
        page = await officer.get(`/services/${service.id}`);
        const [current, ended] = page.body.split('Ended contracts</h3>');
        assert.match(current!, /NEXT-1[\s\S]*Not started[\s\S]*NOW-1[\s\S]*<strong class="govuk-tag govuk-tag--green">Live<\/strong>/);
        assert.doesNotMatch(current!, /OLD-1/);
        assert.match(ended!, /OLD-1/);
        assert.doesNotMatch(ended!, /NOW-1|NEXT-1/);
      } finally {
        setClock(undefined);
      }
    });

    describe('the list: search, filters, sorting and numbered pages', () => {
      let council: Awaited<ReturnType<typeof makeCouncil>>;
      let client: PageClient;
      let maple: { id: string };

      before(async () => {
        council = await makeCouncil(store, 'List Council');
        maple = await makeProvider(store, council.org.id, { name: 'Maple Group' });
        const other = await makeProvider(store, council.org.id, { name: 'Hazel Ltd' });
        for (let i = 1; i <= 30; i++) {
          await makeService(store, council.org.id, i % 3 ? maple.id : other.id, {
            name: `Home ${String(i).padStart(2, '0')}`,
            category: i % 2 ? 'care_home_older_people' : 'home_care',
            postcode: `AL${i % 5} 1AA`,
            fundedPeople: i,
            inCounty: i > 5,
            leadOfficerId: i === 7 ? council.commissioner.actor.userId : null,
          });
        }
        client = new PageClient(app);
        await client.signIn(council.placer.email, council.placer.password);
      });

      const names = (body: string) => [...body.matchAll(/<a class="govuk-link" href="\/services\/[0-9a-f-]+">([^<]+)<\/a>/g)].map((m) => m[1]);

      test('25 a page, with page numbers', async () => {
        const first = await client.get('/services');
        assert.match(first.body, /Showing <strong>1<\/strong> to <strong>25<\/strong> of <strong>30<\/strong> services/);
        assert.equal(names(first.body).length, 25);
        assert.match(first.body, /govuk-pagination/);
        assert.match(first.body, /href="\/services\?page=2"/);
        const second = await client.get('/services?page=2');
        assert.deepEqual(names(second.body), ['Home 26', 'Home 27', 'Home 28', 'Home 29', 'Home 30']);
        assert.match(second.body, /aria-current="page"[^>]*>\s*2|href="\/services\?page=2"[^>]*aria-current="page"/);
      });

      test('search and filters, which the next page keeps', async () => {
        assert.deepEqual(names((await client.get('/services?q=home+1')).body), ['Home 10', 'Home 11', 'Home 12', 'Home 13', 'Home 14', 'Home 15', 'Home 16', 'Home 17', 'Home 18', 'Home 19']);
        assert.deepEqual(names((await client.get('/services?q=hazel&category=home_care')).body), ['Home 06', 'Home 12', 'Home 18', 'Home 24', 'Home 30']);
        assert.deepEqual(names((await client.get('/services?inCounty=no')).body), ['Home 01', 'Home 02', 'Home 03', 'Home 04', 'Home 05']);
        assert.deepEqual(names((await client.get(`/services?leadOfficerId=${council.commissioner.actor.userId}`)).body), ['Home 07']);
        assert.deepEqual(names((await client.get('/services?q=AL3')).body), ['Home 03', 'Home 08', 'Home 13', 'Home 18', 'Home 23', 'Home 28']);
        const filtered = await client.get(`/services?providerId=${maple.id}`);
        assert.match(filtered.body, /of <strong>20<\/strong> services/);
        const searched = await client.get('/services?q=home&sort=postcode');
        assert.match(searched.body, /href="\/services\?q=home&amp;sort=postcode&amp;page=2"/);
        assert.match(filtered.body, /Clear filters/);
        assert.match(filtered.body, /<option value="home_care">Home care \(domiciliary care\)<\/option>/);
      });

      test('sorting by each column', async () => {
        assert.equal(names((await client.get('/services?sort=fundedPeople')).body)[0], 'Home 30');
        assert.equal(names((await client.get('/services?sort=fundedPeople&order=asc')).body)[0], 'Home 01');
        assert.equal(names((await client.get('/services?sort=name&order=desc')).body)[0], 'Home 30');
        assert.deepEqual(names((await client.get('/services?sort=category&q=home+0')).body), ['Home 01', 'Home 03', 'Home 05', 'Home 07', 'Home 09', 'Home 02', 'Home 04', 'Home 06', 'Home 08']);
        const byPostcode = names((await client.get('/services?sort=postcode&order=desc')).body).slice(0, 6).sort();
        assert.deepEqual(byPostcode, ['Home 04', 'Home 09', 'Home 14', 'Home 19', 'Home 24', 'Home 29'], 'AL4 first');
        // The headers sort too, as links that work without JavaScript and say the order in use.
        const byName = await client.get('/services?q=home');
        assert.match(byName.body, /aria-sort="ascending"><a[^>]+href="\/services\?q=home&amp;order=desc">Name<\/a>/);
        assert.match(byName.body, /aria-sort="none"><a[^>]+href="\/services\?q=home&amp;sort=fundedPeople">Funded people<\/a>/);
        const sorted = await client.get('/services?sort=updatedAt');
        assert.match(sorted.body, /<option value="updatedAt" selected>Last updated<\/option>/);
      });

      test('the filtered list downloads as CSV: every matching service, in order, this council only', async () => {
        const page = await client.get(`/services?providerId=${maple.id}&sort=fundedPeople`);
        const href = /<a class="govuk-link" href="([^"]+)" download>Download these services \(CSV\)/.exec(page.body)![1]!.replace(/&amp;/g, '&');
        assert.equal(href, `/services.csv?providerId=${maple.id}&sort=fundedPeople`);
        const csv = await client.get(href);
        assert.equal(csv.statusCode, 200);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        const lines = csv.body.trimEnd().split('\r\n');
        assert.equal(lines[0], 'Service,Provider,Type,CQC location ID,Town,Postcode,Beds,Hours a week,People funded,In county,Lead officer,Updated');
        assert.equal(lines.length, 21, 'all 20 of the filter, not one page of 25');
        assert.ok(lines[1]!.startsWith('Home 29,Maple Group,'), lines[1]);
        assert.ok(!csv.body.includes('Willow House'), "another council's services are not in it");
        assert.equal((await client.get('/services.csv')).body.trimEnd().split('\r\n').length, 31);
      });

      test('nonsense in the query string falls back to the default view', async () => {
        const response = await client.get('/services?category=spaceship&page=banana&sort=cost&leadOfficerId=x');
        assert.equal(response.statusCode, 200);
        assert.equal(names(response.body).length, 25);
      });

      test('a placing officer is offered no changes', async () => {
        const list = await client.get('/services');
        assert.doesNotMatch(list.body, /Add a service/);
        const page = await client.get(`/services/${/href="\/services\/([0-9a-f-]{36})"/.exec(list.body)![1]}`);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /Change service details|Add a contract|View history/);
      });
    });
  });
}

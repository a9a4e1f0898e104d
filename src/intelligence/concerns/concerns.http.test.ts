import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../../test/support/fixtures.ts';
import { PageClient, apiClient, testApp, testConfig } from '../../../test/support/http.ts';
import type { Store } from '../../core/db/database.ts';
import { makeService } from '../intelligence.test-support.ts';
import { signFormStarted } from './spam.ts';

const SECRET = testConfig().formSecret;
/** A form rendered a minute ago, as a person filling it in would send it back. */
const minuteOld = () => signFormStarted(SECRET, Date.now() - 60_000);

for (const database of testDatabases()) {
  describe(`report a concern and triage (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: TestUser;
    let partnerUser: TestUser;
    let oak: { id: string; name: string };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { publicReportsPerHour: 50, loginAttemptsPerWindow: 1000 }));
      a = await makeCouncil(store, 'Northmoor Council');
      b = await makeCouncil(store, 'Southfen Council');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, providerOrg, 'provider');
      partnerUser = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      oak = await makeService(store, a.org.id, 'Oak House', { providerOrgId: providerOrg.id, postcode: 'AL1 3AA', town: 'St Albans' });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const reportCount = async () => (await store.asSystem((tx) => tx.selectFrom('concern_reports').select('id').execute())).length;
    const formUrl = () => `/report-a-concern/care-service?serviceId=${oak.id}`;
    const aboutOak = () => ({
      route: 'care_service',
      serviceId: oak.id,
      whatHappened: 'Residents left in nightclothes until lunchtime',
      happenedWhen: 'Most days this month',
      personName: 'Winifred Atwell',
      personAddress: 'Room 4, Oak House',
      reporterName: 'Sam Atwell',
      reporterEmail: 'sam@example.com',
      website: '',
      formStarted: minuteOld(),
    });

    test('the start page asks which of the three routes, without signing in', async () => {
      const client = new PageClient(app);
      const start = await client.get('/report-a-concern');
      assert.equal(start.statusCode, 200);
      assert.match(start.body, /Report a concern about an adult/);
      for (const route of ['care_service', 'self_neglect', 'abuse_or_neglect']) assert.match(start.body, new RegExp(`value="${route}"`));
      const unanswered = await client.get('/report-a-concern?choose=yes');
      assert.equal(unanswered.statusCode, 400);
      assert.match(unanswered.body, /<title>Error: Report a concern/);
      assert.match(unanswered.body, /Select what your concern is about/);
      const chosen = await client.get('/report-a-concern?choose=yes&route=abuse_or_neglect');
      assert.equal(chosen.statusCode, 303);
      assert.equal(chosen.headers.location, '/report-a-concern/abuse-or-neglect');
      assert.equal((await client.get('/report-a-concern?choose=yes&route=care_service')).headers.location, '/report-a-concern/find-a-service');
      assert.equal((await client.get('/report-a-concern/nonsense')).statusCode, 404);
    });

    test('the abuse or neglect route shows the urgent advice before the form', async () => {
      const page = await new PageClient(app).get('/report-a-concern/abuse-or-neglect');
      assert.equal(page.statusCode, 200);
      const advice = page.body.indexOf('If someone is in immediate danger, call 999.');
      const form = page.body.indexOf('<form method="post" action="/public/concerns"');
      assert.ok(advice > 0 && form > advice, 'advice first, then the form');
      assert.match(page.body, /call the police on 101/);
      assert.match(page.body, /Northmoor Council/);
    });

    test('the service finder searches by name or postcode, and the chosen service is carried to the form', async () => {
      const client = new PageClient(app);
      const results = await client.get('/report-a-concern/find-a-service?q=al1+3aa');
      assert.match(results.body, /Oak House/);
      assert.match(results.body, new RegExp(`href="/report-a-concern/care-service\\?serviceId=${oak.id}"`));
      assert.equal((await client.get('/report-a-concern/find-a-service?q=x')).statusCode, 400);
      assert.equal((await client.get('/report-a-concern/care-service')).headers.location, '/report-a-concern/find-a-service');
      const form = await client.get(formUrl());
      assert.match(form.body, new RegExp(`name="serviceId" value="${oak.id}"`));
      assert.match(form.body, /St Albans, AL1 3AA/);
      const notListed = await client.get('/report-a-concern/care-service?notListed=yes');
      assert.match(notListed.body, /name="serviceName"/);
      assert.match(notListed.body, /name="councilId"/);
    });

    test('the form carries a honeypot hidden from people, and a signed start time', async () => {
      const page = await new PageClient(app).get(formUrl());
      assert.match(page.body, /<div class="govuk-visually-hidden">\s*<label for="website">Leave this field empty<\/label>\s*<input type="text" id="website" name="website" value="" autocomplete="off" tabindex="-1">/);
      assert.match(page.body, /name="formStarted" value="\d+\.[A-Za-z0-9_-]{43}"/);
    });

    test('a report is stored, its reference shown on a GOV.UK panel, and the confirmation email queued', async () => {
      const client = new PageClient(app);
      const response = await client.post('/public/concerns', aboutOak(), { from: formUrl() });
      assert.equal(response.statusCode, 303);
      const location = response.headers.location as string;
      const reference = /reference=(CO-\d{4}-\d{6})/.exec(location)?.[1];
      assert.ok(reference, location);
      const sent = await client.get(location);
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /govuk-panel--confirmation/);
      assert.match(sent.body, new RegExp(`<strong>${reference}</strong>`));
      const row = await store.asSystem((tx) => tx.selectFrom('concern_reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow());
      assert.equal(row.council_id, a.org.id);
      const email = await store.asSystem((tx) => tx.selectFrom('outgoing_emails').selectAll().where('subject', 'like', `%${reference}`).executeTakeFirstOrThrow());
      assert.equal(email.to_address, 'sam@example.com');
      const forged = await client.get(location.replace(reference, 'CO-2026-000999'));
      assert.equal(forged.statusCode, 404);
    });

    test('robots get an ordinary error and nothing is stored: honeypot filled, or a forged start time', async () => {
      const client = new PageClient(app);
      const before = await reportCount();
      const honeypot = await client.post('/public/concerns', { ...aboutOak(), website: 'http://cheap-pills.example' }, { from: formUrl() });
      assert.equal(honeypot.statusCode, 400);
      assert.match(honeypot.body, /Sorry, we could not send your report\. Check your answers and try again\./);
      assert.match(honeypot.body, /Residents left in nightclothes/, 'the answers are kept for a person to send again');
      const forged = await client.post('/public/concerns', { ...aboutOak(), formStarted: '1000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { from: formUrl() });
      assert.equal(forged.statusCode, 400);
      assert.equal(await reportCount(), before);
    });

    test('a report sent faster than the spam timer is checked first, then shown again to send, nothing lost (issue 15)', async () => {
      const client = new PageClient(app);
      const before = await reportCount();
      const started = () => client.get(formUrl()).then((page) => /name="formStarted" value="([^"]+)"/.exec(page.body)![1]!);

      // Empty and too fast: the person is told what is missing, never a vague failure.
      const empty = await client.post('/public/concerns', { route: 'care_service', serviceId: oak.id, whatHappened: '', website: '', formStarted: await started() }, { from: formUrl() });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter what has happened/);
      assert.doesNotMatch(empty.body, /Sorry, we could not send your report/);

      // Complete and too fast: shown again with everything typed and a new start time, to check and send again.
      const first = await started();
      const tooFast = await client.post('/public/concerns', { ...aboutOak(), formStarted: first }, { from: formUrl() });
      assert.equal(tooFast.statusCode, 200);
      assert.match(tooFast.body, /Your report has not been sent yet/);
      assert.match(tooFast.body, /Check your report, then send it again/);
      assert.doesNotMatch(tooFast.body, /Sorry, we could not send your report/);
      assert.match(tooFast.body, /Residents left in nightclothes/, 'what was typed is kept');
      assert.match(tooFast.body, /value="sam@example.com"/);
      const again = /name="formStarted" value="([^"]+)"/.exec(tooFast.body)![1]!;
      assert.notEqual(again, first);
      assert.equal(await reportCount(), before);

      // Sent again once a person could have read it: stored.
      const signedEarlier = signFormStarted(SECRET, Number(again.split('.')[0]) - 5_000);
      const sent = await client.post('/public/concerns', { ...aboutOak(), formStarted: signedEarlier }, { from: formUrl() });
      assert.equal(sent.statusCode, 303);
      assert.equal(await reportCount(), before + 1);
    });

    test('CSRF still applies to the public form', async () => {
      const before = await reportCount();
      const response = await new PageClient(app).post('/public/concerns', aboutOak(), { csrf: 'forged' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Your form has expired/);
      assert.equal(await reportCount(), before);
    });

    test('a person who misses something is told what, with GOV.UK errors, and nothing is stored', async () => {
      const client = new PageClient(app);
      const before = await reportCount();
      const response = await client.post(
        '/public/concerns',
        { route: 'abuse_or_neglect', whatHappened: '', reporterEmail: 'not an email', website: '', formStarted: minuteOld() },
        { from: '/report-a-concern/abuse-or-neglect' },
      );
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /<title>Error: Report that an adult is being abused or neglected/);
      for (const message of ['Enter what has happened', 'Enter an email address in the correct format', 'Select the council area']) assert.match(response.body, new RegExp(message));
      assert.equal(await reportCount(), before);
    });

    test('the public form and its service finder are rate-limited per address', async () => {
      const { app: limited } = await testApp(store, { publicReportsPerHour: 2 });
      try {
        const page = await limited.inject({ method: 'GET', url: '/report-a-concern/self-neglect', remoteAddress: '203.0.113.9' });
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
        const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          const body = new URLSearchParams({ _csrf: csrf, route: 'self_neglect', councilId: a.org.id, personName: 'Ted', consent: 'yes', whatHappened: `Attempt ${i}`, website: '', formStarted: minuteOld() });
          const response = await limited.inject({
            method: 'POST',
            url: '/public/concerns',
            remoteAddress: '203.0.113.9',
            payload: body.toString(),
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          });
          statuses.push(response.statusCode);
        }
        assert.deepEqual(statuses, [303, 303, 429]);
        const searches: number[] = [];
        for (let i = 0; i < 31; i++) {
          searches.push((await limited.inject({ method: 'GET', url: '/report-a-concern/find-a-service?q=oak', remoteAddress: '203.0.113.10' })).statusCode);
        }
        assert.equal(searches.filter((s) => s === 200).length, 30);
        assert.equal(searches.at(-1), 429);
      } finally {
        await limited.close();
      }
    });

    test('the triage queue shows new reports to the council’s officers, with personal details only for them', async () => {
      const reporter = new PageClient(app);
      const sent = await reporter.post('/public/concerns', { ...aboutOak(), personName: 'Clementine Hale' }, { from: formUrl() });
      const reference = /reference=(CO-\d{4}-\d{6})/.exec(sent.headers.location as string)![1]!;
      const { id } = await store.asSystem((tx) => tx.selectFrom('concern_reports').select('id').where('reference', '=', reference).executeTakeFirstOrThrow());

      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      const queue = await officer.get('/triage');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, new RegExp(`href="/triage/${id}">${reference}<`));
      const report = await officer.get(`/triage/${id}`);
      assert.match(report.body, /Clementine Hale/);
      assert.match(report.body, /sam@example\.com/);

      const outsiders: [TestUser, number][] = [
        [b.officer, 404],
        [b.admin, 404],
        [a.placer, 403],
        [providerUser, 403],
        [partnerUser, 403],
      ];
      for (const [user, status] of outsiders) {
        const client = new PageClient(app);
        await client.signIn(user.email, user.password);
        const page = await client.get(`/triage/${id}`);
        assert.equal(page.statusCode, status, user.actor.role);
        assert.doesNotMatch(page.body, /Clementine|sam@example/);
        const list = await client.get('/triage');
        assert.doesNotMatch(list.body, new RegExp(reference));
        const post = await client.post(`/triage/${id}/close`, { closeNote: 'Not ours' }, { from: '/services' });
        assert.ok([403, 404].includes(post.statusCode), `${user.actor.role} close: ${post.statusCode}`);
      }
      const signedOut = await new PageClient(app).get(`/triage/${id}`);
      assert.equal(signedOut.statusCode, 303);
      assert.equal((await store.asSystem((tx) => tx.selectFrom('concern_reports').select('status').where('id', '=', id).executeTakeFirstOrThrow())).status, 'new');
    });

    test('an officer links a report to a service: it becomes intelligence on the timeline, carrying the report’s text but not the person’s details', async () => {
      const reporter = new PageClient(app);
      const sent = await reporter.post('/public/concerns', { ...aboutOak(), personName: 'Bartholomew Finch' }, { from: formUrl() });
      const reference = /reference=(CO-\d{4}-\d{6})/.exec(sent.headers.location as string)![1]!;
      const { id } = await store.asSystem((tx) => tx.selectFrom('concern_reports').select('id').where('reference', '=', reference).executeTakeFirstOrThrow());
      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      const missing = await officer.post(`/triage/${id}/link`, { serviceId: '' }, { from: `/triage/${id}` });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Select the service the report is about/);
      const linked = await officer.post(`/triage/${id}/link`, { serviceId: oak.id, themes: ['staffing'], severity: 'amber', linkNote: 'Checked with the manager' }, { from: `/triage/${id}` });
      assert.equal(linked.statusCode, 303);
      const page = await officer.get(linked.headers.location as string);
      assert.match(page.body, /Report linked to the service as intelligence/);
      assert.match(page.body, /Checked with the manager/);
      const timeline = (await apiClient(app, a.officer.apiToken).get(`/api/v1/services/${oak.id}/timeline?source=member_of_public`)).json().items;
      const event = timeline.find((e: { summary: string }) => e.summary.includes(reference));
      assert.ok(event, 'the linked report is on the service timeline');
      const entry = (await apiClient(app, a.officer.apiToken).get(`/api/v1/intelligence/${event.recordId}`)).json();
      assert.equal(entry.source, 'member_of_public');
      assert.equal(entry.severity, 'amber');
      assert.match(entry.detail, /Residents left in nightclothes/);
      assert.doesNotMatch(JSON.stringify(entry), /Bartholomew|sam@example/);
      const again = await officer.post(`/triage/${id}/link`, { serviceId: oak.id }, { from: `/triage/${id}` });
      assert.equal(again.statusCode, 409);
    });

    test('an officer routes a report onward with a note, or closes it; both are audited', async () => {
      const reporter = new PageClient(app);
      const sent = await reporter.post(
        '/public/concerns',
        { route: 'self_neglect', councilId: a.org.id, personAddress: '9 Canal Walk', consent: 'no', whatHappened: 'Garden full of rubbish, no heating', website: '', formStarted: minuteOld() },
        { from: '/report-a-concern/self-neglect' },
      );
      assert.equal(sent.statusCode, 303);
      const reference = /reference=(CO-\d{4}-\d{6})/.exec(sent.headers.location as string)![1]!;
      const { id } = await store.asSystem((tx) => tx.selectFrom('concern_reports').select('id').where('reference', '=', reference).executeTakeFirstOrThrow());
      const officer = new PageClient(app);
      await officer.signIn(a.commissioner.email, a.commissioner.password);
      const noNote = await officer.post(`/triage/${id}/route-onward`, { routedTo: 'adult_social_care', routeNote: '' }, { from: `/triage/${id}` });
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /Enter a note about where the report was sent and why/);
      const routed = await officer.post(`/triage/${id}/route-onward`, { routedTo: 'adult_social_care', routeNote: 'Referred to the front door' }, { from: `/triage/${id}` });
      assert.equal(routed.statusCode, 303);
      const closed = await officer.post(`/triage/${id}/close`, { closeNote: 'Front door has it' }, { from: `/triage/${id}` });
      assert.equal(closed.statusCode, 303);
      const page = await officer.get(`/triage/${id}`);
      assert.match(page.body, /Routed onward to the adult social care front door/);
      assert.match(page.body, /Referred to the front door/);
      assert.match(page.body, /Front door has it/);
      assert.doesNotMatch(page.body, /Close report/);
      const audit = await store.asUser(a.admin.actor, (tx) => tx.selectFrom('audit_events').select(['action', 'actor_user_id']).where('record_id', '=', id).orderBy('id').execute());
      assert.deepEqual(audit.map((e) => e.actor_user_id), [null, a.commissioner.actor.userId, a.commissioner.actor.userId]);
      const closedQueue = await officer.get('/triage?status=closed');
      assert.match(closedQueue.body, new RegExp(reference));
    });
  });
}

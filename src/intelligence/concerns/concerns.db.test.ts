import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../../test/support/fixtures.ts';
import { setClock } from '../../core/clock.ts';
import type { Store } from '../../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../core/errors.ts';
import { intelligenceService, type IntelligenceChange } from '../intelligence.service.ts';
import { makeService } from '../intelligence.test-support.ts';
import { concernsService } from './concerns.service.ts';

for (const database of testDatabases()) {
  describe(`public concern reports and triage (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: TestUser;
    let partnerUser: TestUser;
    let oak: { id: string; name: string };
    let birch: { id: string; name: string };
    let concerns: ReturnType<typeof concernsService>;
    const changes: IntelligenceChange[] = [];

    before(async () => {
      setClock(new Date('2026-03-01T10:00:00Z'));
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, providerOrg, 'provider');
      partnerUser = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      oak = await makeService(store, a.org.id, 'Oak House', { providerOrgId: providerOrg.id, postcode: 'AL1 3AA', town: 'St Albans' });
      birch = await makeService(store, b.org.id, 'Birch Court', { postcode: 'LE15 6HP', town: 'Oakham' });
      const intelligence = intelligenceService(store, { onChange: async (_tx, change) => void changes.push(change) });
      concerns = concernsService(store, intelligence);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const aboutOak = () => ({
      route: 'care_service',
      serviceId: oak.id,
      whatHappened: 'My father was left in wet sheets all night',
      happenedWhen: 'Last Tuesday',
      personName: 'Arthur Jones',
      personAddress: 'Room 12, Oak House',
      reporterName: 'Jane Jones',
      reporterEmail: 'jane@example.com',
      reporterPhone: '07700 900 982',
    });
    const emails = () => store.asSystem((tx) => tx.selectFrom('outgoing_emails').selectAll().orderBy('created_at').execute());
    const reportRow = (reference: string) => store.asSystem((tx) => tx.selectFrom('concern_reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow());

    test('a report gets the next reference of the year, its council from the service, and an email in the outbox', async () => {
      const first = await concerns.submit(aboutOak());
      const second = await concerns.submit({ route: 'self_neglect', councilId: b.org.id, whatHappened: 'Not eating', personAddress: '3 Mill Lane', consent: 'no' });
      assert.match(first.reference, /^CO-2026-\d{6}$/);
      assert.equal(Number(second.reference.slice(-6)), Number(first.reference.slice(-6)) + 1);
      const row = await reportRow(first.reference);
      assert.equal(row.council_id, a.org.id);
      assert.equal(row.status, 'new');
      assert.equal(row.person_name, 'Arthur Jones');
      assert.equal((await reportRow(second.reference)).council_id, b.org.id);
      const queued = await emails();
      assert.equal(queued.length, 1, 'only the report with an email address sends one');
      assert.equal(queued[0]!.to_address, 'jane@example.com');
      assert.match(queued[0]!.subject, new RegExp(first.reference));
      assert.doesNotMatch(queued[0]!.body, /wet sheets|Arthur/);
      assert.equal(queued[0]!.sent_at, null);
    });

    test('a new year starts its numbers again', async () => {
      setClock(new Date('2027-01-01T00:30:00Z'));
      const { reference } = await concerns.submit({ ...aboutOak(), reporterEmail: undefined });
      assert.equal(reference, 'CO-2027-000001');
      setClock(new Date('2026-03-01T10:00:00Z'));
    });

    test('a typed service name needs a council; an unknown service or council is refused and nothing is stored', async () => {
      const count = async () => (await store.asSystem((tx) => tx.selectFrom('concern_reports').select('id').execute())).length;
      const n = await count();
      await assert.rejects(concerns.submit({ route: 'care_service', serviceName: 'The Willows', whatHappened: 'x' }), Invalid);
      await assert.rejects(concerns.submit({ route: 'care_service', serviceId: '00000000-0000-4000-8000-000000000000', whatHappened: 'x' }), Invalid);
      await assert.rejects(concerns.submit({ route: 'self_neglect', councilId: partnerUser.actor.orgId, personName: 'x', consent: 'yes', whatHappened: 'x' }), Invalid);
      assert.equal(await count(), n);
      const { reference } = await concerns.submit({ route: 'care_service', serviceName: 'The Willows', councilId: a.org.id, whatHappened: 'Smell of urine' });
      const row = await reportRow(reference);
      assert.equal(row.service_id, null);
      assert.equal(row.service_name, 'The Willows');
    });

    test('the public service finder gives public facts only, across councils', async () => {
      const found = await concerns.findServices('oak');
      assert.deepEqual(found.map((s) => s.name).sort(), ['Birch Court', 'Oak House']); // Birch Court is in Oakham
      assert.deepEqual(Object.keys(found[0]!).sort(), ['council_name', 'id', 'name', 'postcode', 'town']);
      assert.deepEqual((await concerns.findServices('al1 3aa')).map((s) => s.name), ['Oak House']);
      assert.deepEqual((await concerns.findServices('AL13')).map((s) => s.name), ['Oak House']);
      assert.deepEqual(await concerns.findServices('%'), []);
      assert.deepEqual(await concerns.findServices('o'), []);
    });

    test('only the owning council’s officers, commissioners and administrators see a report and its personal details', async () => {
      const { reference } = await concerns.submit(aboutOak());
      const row = await reportRow(reference);
      for (const user of [a.officer, a.commissioner, a.admin]) {
        const { report } = await concerns.report(user.actor, row.id);
        assert.equal(report.person.name, 'Arthur Jones');
        assert.equal(report.reporter.email, 'jane@example.com');
      }
      await assert.rejects(concerns.report(b.officer.actor, row.id), NotFound);
      for (const user of [a.placer, providerUser, partnerUser]) await assert.rejects(concerns.report(user.actor, row.id), Forbidden);
      for (const user of [a.placer, providerUser, partnerUser, b.officer, b.admin]) {
        const seen = await store.asUser(user.actor, (tx) => tx.selectFrom('concern_reports').select(['person_name', 'reporter_email']).where('council_id', '=', a.org.id).execute());
        assert.equal(seen.length, 0, user.actor.role);
      }
      const queue = await concerns.queue(a.officer.actor, 'new', 1);
      assert.ok(queue.items.some((i) => i.reference === reference));
      assert.ok(!(await concerns.queue(b.officer.actor, 'new', 1)).items.some((i) => i.reference === reference));
    });

    test('nobody signed in can write a report directly, read the outbox, or rewrite what the public wrote', async () => {
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.insertInto('concern_reports').values({ reference: 'CO-2026-999999', council_id: a.org.id, route: 'care_service', what_happened: 'forged' }).execute()),
        /permission denied/,
      );
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.selectFrom('outgoing_emails').selectAll().execute()), /permission denied/);
      const { reference } = await concerns.submit(aboutOak());
      const row = await reportRow(reference);
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.updateTable('concern_reports').set({ what_happened: 'edited' }).where('id', '=', row.id).execute()),
        /permission denied/,
      );
      const moved = await store.asUser(b.officer.actor, (tx) =>
        tx.updateTable('concern_reports').set({ status: 'closed', triaged_by: b.officer.actor.userId }).where('id', '=', row.id).executeTakeFirst(),
      );
      assert.equal(Number(moved.numUpdatedRows), 0);
    });

    test('linking makes intelligence from a member of the public on the service, in one transaction, audited', async () => {
      const { reference } = await concerns.submit({ ...aboutOak(), route: 'abuse_or_neglect', councilId: a.org.id, consent: 'not_sure' });
      const row = await reportRow(reference);
      const before = changes.length;
      const { intelligenceId } = await concerns.link(a.officer.actor, row.id, { serviceId: oak.id, themes: ['safeguarding'], severity: 'red', linkNote: 'Also phoned the home manager' });
      const entry = await store.asUser(a.officer.actor, (tx) => tx.selectFrom('intelligence').selectAll().where('id', '=', intelligenceId).executeTakeFirstOrThrow());
      assert.equal(entry.source, 'member_of_public');
      assert.equal(entry.service_id, oak.id);
      assert.equal(entry.received_on, '2026-03-01');
      assert.equal(entry.concern_report_id, row.id);
      assert.equal(entry.safeguarding, true);
      assert.equal(entry.severity, 'red');
      assert.deepEqual(entry.themes, ['safeguarding']);
      assert.equal(entry.detail, 'When: Last Tuesday\n\nMy father was left in wet sheets all night');
      assert.match(entry.summary, new RegExp(reference));
      assert.doesNotMatch(entry.summary, /Arthur|Jane/);
      assert.equal(changes.length, before + 1);
      const { report, history, actions } = await concerns.report(a.commissioner.actor, row.id);
      assert.equal(report.status, 'linked');
      assert.equal(report.linked?.intelligenceId, intelligenceId);
      assert.deepEqual(actions, { canLink: false, canRouteOnward: true, canClose: true });
      assert.deepEqual(history.map((h) => [h.status, h.by, h.note]), [['linked', a.officer.actor.name, 'Also phoned the home manager']]);
      await assert.rejects(concerns.link(a.officer.actor, row.id, { serviceId: oak.id }), Conflict);
      // Safeguarding too: routed onward after linking, then closed; the routing is kept.
      await concerns.routeOnward(a.officer.actor, row.id, { routedTo: 'safeguarding', routeNote: 'Sent to the MASH' });
      await concerns.close(a.officer.actor, row.id, { closeNote: 'Safeguarding team leads' });
      const closed = await concerns.report(a.officer.actor, row.id);
      assert.equal(closed.report.status, 'closed');
      assert.equal(closed.report.routedTo, 'safeguarding');
      assert.deepEqual(closed.history.map((h) => h.status), ['linked', 'routed_onward', 'closed']);
      await assert.rejects(concerns.close(a.officer.actor, row.id, { closeNote: 'again' }), Conflict);
    });

    test('a report cannot be linked to another council’s service, and a failed link leaves nothing behind', async () => {
      const { reference } = await concerns.submit(aboutOak());
      const row = await reportRow(reference);
      const countIntelligence = async () => (await store.asSystem((tx) => tx.selectFrom('intelligence').select('id').execute())).length;
      const n = await countIntelligence();
      await assert.rejects(concerns.link(a.officer.actor, row.id, { serviceId: birch.id }), Invalid);
      await assert.rejects(concerns.link(b.officer.actor, row.id, { serviceId: birch.id }), NotFound);
      await assert.rejects(concerns.link(a.placer.actor, row.id, { serviceId: oak.id }), Forbidden);
      await assert.rejects(concerns.link(a.officer.actor, row.id, {}), Invalid);
      assert.equal(await countIntelligence(), n);
      assert.equal((await reportRow(reference)).status, 'new');
    });

    test('routing onward needs where and a note; closing needs a reason', async () => {
      const { reference } = await concerns.submit({ route: 'self_neglect', councilId: a.org.id, personName: 'Edna', consent: 'yes', whatHappened: 'Hoarding' });
      const row = await reportRow(reference);
      await assert.rejects(concerns.routeOnward(a.officer.actor, row.id, { routedTo: 'adult_social_care' }), Invalid);
      await assert.rejects(concerns.routeOnward(a.officer.actor, row.id, { routeNote: 'x' }), Invalid);
      await assert.rejects(concerns.close(a.officer.actor, row.id, {}), Invalid);
      await concerns.routeOnward(a.officer.actor, row.id, { routedTo: 'adult_social_care', routeNote: 'Front door referral made' });
      const routed = await reportRow(reference);
      assert.equal(routed.status, 'routed_onward');
      assert.equal(routed.routed_to, 'adult_social_care');
      assert.equal(routed.triaged_by, a.officer.actor.userId);
      const audit = await store.asUser(a.admin.actor, (tx) => tx.selectFrom('audit_events').selectAll().where('record_id', '=', row.id).orderBy('id').execute());
      assert.deepEqual(audit.map((e) => [e.action, e.actor_user_id]), [['insert', null], ['update', a.officer.actor.userId]]);
    });
  });
}

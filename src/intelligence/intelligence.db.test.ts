import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../test/support/fixtures.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { intelligenceExtensions } from './intelligence.extensions.ts';
import { intelligenceService, type IntelligenceChange } from './intelligence.service.ts';
import { makeService } from './intelligence.test-support.ts';

const TODAY = '2026-11-23';

for (const database of testDatabases()) {
  describe(`intelligence entries (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: TestUser;
    let partnerUser: TestUser;
    let oak: { id: string; name: string };
    let elm: { id: string; name: string };
    let birch: { id: string; name: string };
    const changes: IntelligenceChange[] = [];
    let service: ReturnType<typeof intelligenceService>;
    let extensions: ReturnType<typeof intelligenceExtensions>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      providerUser = await makeUser(store, providerOrg, 'provider');
      partnerUser = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      oak = await makeService(store, a.org.id, 'Oak House', { providerOrgId: providerOrg.id });
      elm = await makeService(store, a.org.id, 'Elm Lodge');
      birch = await makeService(store, b.org.id, 'Birch Court');
      service = intelligenceService(store, { onChange: async (_tx, change) => void changes.push(change) });
      extensions = intelligenceExtensions(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const complaint = { receivedOn: '2026-11-02', source: 'complaint', severity: 'red', summary: 'Family report repeated missed calls', detail: 'Mrs Smith of 4 Acacia Avenue missed three calls', themes: ['missed_or_late_calls', 'staffing'] };

    test('an officer logs intelligence; it is read back with its themes, author and defaults', async () => {
      const entry = await service.recordFromApi(a.officer.actor, oak.id, complaint);
      assert.equal(entry.serviceId, oak.id);
      assert.equal(entry.serviceName, 'Oak House');
      assert.equal(entry.source, 'complaint');
      assert.equal(entry.severity, 'red');
      assert.deepEqual(entry.themes, ['missed_or_late_calls', 'staffing']);
      assert.equal(entry.substantiated, 'unknown');
      assert.equal(entry.status, 'open');
      assert.equal(entry.safeguarding, false);
      assert.equal(entry.createdBy.id, a.officer.actor.userId);
      assert.equal(entry.createdBy.name, a.officer.actor.name);
      const change = changes.at(-1)!;
      assert.deepEqual({ ...change, reason: undefined }, { serviceId: oak.id, councilId: a.org.id, intelligenceId: entry.id, change: 'recorded', reason: undefined });
      assert.match(change.reason, /^New intelligence: Complaint \(red\), received 2026-11-02$/);
      assert.doesNotMatch(change.reason, /Smith/);
    });

    test('a commissioner and an administrator of the council read it; nobody else can', async () => {
      const entry = await service.recordFromApi(a.officer.actor, oak.id, { ...complaint, summary: 'Second' });
      for (const user of [a.commissioner, a.admin, a.officer]) assert.equal((await service.get(user.actor, entry.id)).summary, 'Second');
      await assert.rejects(service.get(b.officer.actor, entry.id), NotFound);
      await assert.rejects(service.get(b.admin.actor, entry.id), NotFound);
      for (const user of [a.placer, providerUser, partnerUser]) await assert.rejects(service.get(user.actor, entry.id), Forbidden);
    });

    test('row-level security hides every entry from placers, providers, partners and other councils, whatever the query', async () => {
      await service.recordFromApi(a.officer.actor, elm.id, { receivedOn: '2026-10-01', source: 'officer', summary: 'Manager left' });
      for (const user of [a.placer, providerUser, partnerUser, b.officer, b.commissioner, b.admin]) {
        const rows = await store.asUser(user.actor, (tx) => tx.selectFrom('intelligence').select(['id', 'detail']).execute());
        assert.equal(rows.length, 0, user.actor.role);
      }
      const own = await store.asUser(a.officer.actor, (tx) => tx.selectFrom('intelligence').select('id').execute());
      assert.ok(own.length >= 3);
    });

    test('another council cannot log intelligence on a service that is not theirs, even by writing the row directly', async () => {
      await assert.rejects(service.recordFromApi(b.officer.actor, oak.id, complaint), NotFound);
      await assert.rejects(
        store.asUser(b.officer.actor, (tx) =>
          tx.insertInto('intelligence').values({ council_id: b.org.id, service_id: oak.id, received_on: TODAY, source: 'officer', summary: 'planted', created_by: b.officer.actor.userId }).execute(),
        ),
        /row-level security/,
      );
      await assert.rejects(
        store.asUser(b.officer.actor, (tx) =>
          tx.insertInto('intelligence').values({ council_id: a.org.id, service_id: oak.id, received_on: TODAY, source: 'officer', summary: 'planted', created_by: b.officer.actor.userId }).execute(),
        ),
        /row-level security/,
      );
      // Nor in another user's name.
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) =>
          tx.insertInto('intelligence').values({ council_id: a.org.id, service_id: oak.id, received_on: TODAY, source: 'officer', summary: 'as someone else', created_by: a.commissioner.actor.userId }).execute(),
        ),
        /row-level security/,
      );
      await assert.rejects(service.recordFromApi(a.placer.actor, oak.id, complaint), Forbidden);
      await assert.rejects(service.recordFromApi(providerUser.actor, oak.id, complaint), Forbidden);
      await assert.rejects(service.recordFromApi(partnerUser.actor, oak.id, complaint), Forbidden);
    });

    test('an officer cannot move an entry to another council’s service, nor edit another council’s entry', async () => {
      const entry = await service.recordFromApi(a.officer.actor, oak.id, { receivedOn: '2026-10-01', source: 'officer', summary: 'Stays put' });
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.updateTable('intelligence').set({ service_id: birch.id }).where('id', '=', entry.id).execute()),
        /row-level security/,
      );
      const touched = await store.asUser(b.admin.actor, (tx) => tx.updateTable('intelligence').set({ summary: 'Hijacked' }).where('id', '=', entry.id).executeTakeFirst());
      assert.equal(Number(touched.numUpdatedRows), 0);
      // Who wrote it and for which council are not editable at all.
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.updateTable('intelligence').set({ created_by: a.admin.actor.userId }).where('id', '=', entry.id).execute()),
        /permission denied/,
      );
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.deleteFrom('intelligence').where('id', '=', entry.id).execute()), /permission denied/);
    });

    test('a change is audited with who and what, shown as history, and reported for re-rating', async () => {
      const entry = await service.recordFromApi(a.officer.actor, oak.id, { receivedOn: '2026-11-01', source: 'whistleblowing', summary: 'Night staff asleep' });
      const before = changes.length;
      const form = { 'receivedOn-day': '1', 'receivedOn-month': '11', 'receivedOn-year': '2026', source: 'whistleblowing', severity: 'amber', summary: 'Night staff asleep', substantiated: 'yes', safeguarding: 's42_open', status: 'under_review', themes: ['staffing'] };
      const updated = await service.updateFromForm(a.commissioner.actor, entry.id, form);
      assert.equal(updated.substantiated, 'yes');
      assert.equal(updated.section42, 'open');
      assert.equal(updated.safeguarding, true);
      assert.equal(changes.length, before + 1);
      assert.equal(changes.at(-1)!.change, 'updated');
      const { history } = await service.withHistory(a.officer.actor, entry.id);
      assert.deepEqual(history.map((h) => [h.action, h.by]), [['insert', a.officer.actor.name], ['update', a.commissioner.actor.name]]);
      assert.deepEqual(history[1]!.changes.map((c) => c.label), ['Themes', 'Severity', 'Substantiated', 'Safeguarding', 'Section 42 enquiry', 'Status']);
      // Saving the same again changes nothing and flags nothing.
      await service.updateFromForm(a.commissioner.actor, entry.id, form);
      assert.equal(changes.length, before + 1);
      assert.equal((await service.withHistory(a.officer.actor, entry.id)).history.length, 2);
    });

    test('validation failures store nothing and say what is wrong', async () => {
      const count = async () => (await store.asSystem((tx) => tx.selectFrom('intelligence').select('id').execute())).length;
      const n = await count();
      await assert.rejects(service.recordFromApi(a.officer.actor, oak.id, { ...complaint, severity: undefined }), (e: unknown) => e instanceof Invalid && e.errors[0]!.message === 'Select a severity for a complaint');
      await assert.rejects(service.recordFromApi(a.officer.actor, oak.id, { ...complaint, receivedOn: '2026-11-24' }), Invalid);
      assert.equal(await count(), n);
    });

    test('the timeline source gives the council’s officers their entries newest first, and placers nothing', async () => {
      const events = await extensions.timeline(a.officer.actor, oak.id);
      assert.ok(events.length >= 3);
      assert.ok(events.every((e) => e.kind === 'intelligence' && e.href?.startsWith('/intelligence/')));
      const dates = events.map((e) => e.occurredOn);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.deepEqual(await extensions.timeline(a.placer.actor, oak.id), []);
      assert.deepEqual(await extensions.timeline(b.officer.actor, oak.id), []);
      const panel = await extensions.panel(a.placer.actor, oak.id);
      assert.deepEqual(panel?.model.latest, []);
      assert.equal(panel?.model.canLog, false);
      assert.equal(await extensions.panel(providerUser.actor, oak.id), undefined);
    });
  });
}

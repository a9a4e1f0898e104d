import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { testDatabases } from '../../test/support/databases.ts';
import { addIntelligence, makeStatusWorld, revoke, share, type StatusWorld } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { escalationServices, type EscalationService } from '../escalation/index.ts';
import { deliverDueEmails, smtpTransport } from '../core/email/deliverer.ts';
import { alertsService } from './alerts.service.ts';

const TODAY = '2026-03-10';
const FROM = 'Care Oversight <alerts@council.example>';

/** A real SMTP server on 127.0.0.1 that keeps every message it is sent. */
async function startSmtp() {
  const received: { to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const database of testDatabases()) {
  describe(`alerts: written with the change, delivered once (${database.name})`, () => {
    let store: Store;
    let w: StatusWorld;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let escalation: EscalationService;
    let alerts: ReturnType<typeof alertsService>;

    before(async () => {
      setClock(TODAY);
      [store, smtp] = await Promise.all([database.open(), startSmtp()]);
      w = await makeStatusWorld(store);
      escalation = escalationServices(store, () => []).escalation;
      alerts = alertsService(store);
      await share(store, w.north.org.id, w.west.org.id);
      await share(store, w.north.org.id, w.healthwatchOrg.id, { liveStatus: true, alerts: true });
      // CQC gets the live status but not alerts; Eastshire gets nothing.
      await share(store, w.north.org.id, w.cqcOrg.id, { liveStatus: true, alerts: false });
      for (const user of [w.west.placer, w.healthwatch, w.cqcPartner, w.east.placer, w.north.officer]) await alerts.setEmail(user.actor, true);
    });
    after(async () => {
      setClock(undefined);
      await smtp.close();
      await store.close();
    });

    const transport = () => smtpTransport({ smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: undefined, smtpPassword: undefined });
    const deliver = () => deliverDueEmails(store, transport(), FROM);
    const events = async (actor: (typeof w)['west']['placer']['actor']) => (await alerts.list(actor)).items.map((a) => a.event);
    const outbox = () => store.asSystem((tx) => tx.selectFrom('outgoing_emails').select(['to_address', 'subject', 'body', 'sent_at']).orderBy('created_at').execute());

    test('a suspension starting alerts the owner and those it shares alerts with, in the app and by email to subscribers', async () => {
      await escalation.suspend(w.north.commissioner.actor, w.oakHouseId, { scope: 'full', reason: 'Mrs Jones was harmed', startsOn: '2026-03-01' });
      assert.deepEqual(await events(w.west.placer.actor), ['suspension_started']);
      assert.deepEqual(await events(w.healthwatch.actor), ['suspension_started']);
      assert.deepEqual(await events(w.north.placer.actor), ['suspension_started'], 'the owner council’s own staff');
      assert.deepEqual(await events(w.cqcPartner.actor), [], 'shares the live status, not alerts');
      assert.deepEqual(await events(w.east.placer.actor), [], 'shares nothing');
      const mail = await outbox();
      assert.deepEqual(mail.map((m) => m.to_address).sort(), [w.healthwatch.email, w.north.officer.email, w.west.placer.email].sort());
      for (const m of mail) {
        assert.match(m.subject, /Oak House/);
        assert.match(m.body, /New placements suspended in full from 1 March 2026/);
        assert.doesNotMatch(m.subject + m.body, /Jones|harmed/, 'the reason is never sent');
      }
    });

    test('rows written but not yet delivered are sent once on the next run after a restart, never twice', async () => {
      const pending = (await outbox()).filter((m) => !m.sent_at).length;
      assert.equal(pending, 3);
      // A new deliverer, as after the process restarted before its job ran.
      assert.deepEqual(await deliver(), { sent: 3, failed: 0, gaveUp: [] });
      assert.deepEqual(await deliver(), { sent: 0, failed: 0, gaveUp: [] });
      assert.equal(smtp.received.length, 3);
      assert.deepEqual(smtp.received.map((m) => m.to[0]).sort(), [w.healthwatch.email, w.north.officer.email, w.west.placer.email].sort());
      assert.match(smtp.received[0]!.data, /Subject: Care Oversight alert: Oak House: New placements suspended in full/);
    });

    test('a change that fails part-way leaves neither the change nor its alert', async () => {
      const before = (await outbox()).length;
      await assert.rejects(
        store.asUser(w.north.commissioner.actor, async (tx) => {
          const { id } = await tx
            .insertInto('suspensions')
            .values({ council_id: w.north.org.id, service_id: w.elmId, scope: 'full', reason: 'x', starts_on: '2026-03-01', scope_since: '2026-03-01', created_by: w.north.commissioner.actor.userId })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('suspension_events')
            .values({ council_id: w.north.org.id, suspension_id: id, kind: 'started', occurred_on: '2026-03-01', scope_after: 'full', reason: 'x', recorded_by: w.north.commissioner.actor.userId })
            .execute();
          throw new Error('the process stopped here');
        }),
        /stopped here/,
      );
      assert.equal((await outbox()).length, before);
      assert.deepEqual(await events(w.west.placer.actor), ['suspension_started']);
    });

    test('concerns: opening alerts; escalating to stage 3 or above alerts; lower stages and de-escalation do not', async () => {
      const c = await escalation.openCase(w.north.commissioner.actor, { serviceId: w.elmId }, { stage: 1, reason: 'x' });
      await escalation.escalate(w.north.commissioner.actor, c.id, { stage: 2, reason: 'x' });
      await escalation.escalate(w.north.commissioner.actor, c.id, { stage: 3, reason: 'x' });
      await escalation.escalate(w.north.commissioner.actor, c.id, { stage: 5, reason: 'x' });
      await escalation.deEscalate(w.north.commissioner.actor, c.id, { stage: 2, reason: 'x' });
      await escalation.closeCase(w.north.commissioner.actor, c.id, { reason: 'x' });
      const list = (await alerts.list(w.west.placer.actor)).items;
      assert.deepEqual(list.map((a) => a.event), ['concerns_escalated', 'concerns_escalated', 'concerns_opened', 'suspension_started']);
      assert.deepEqual(
        list.filter((a) => a.event !== 'suspension_started').map((a) => a.summary.replace(/ on \d.*$/, '')).sort(),
        ['Concerns procedure opened at stage 1', 'Serious Concerns procedure escalated to stage 3', 'Serious Concerns procedure escalated to stage 5'].sort(),
      );
    });

    test('a safeguarding enquiry starting alerts once, with no detail; re-saving it does not alert again', async () => {
      const before = (await alerts.list(w.west.placer.actor)).counts.total;
      const entry = await addIntelligence(store, w.north.org.id, w.oakLodgeId, w.north.officer.actor.userId, null);
      assert.equal((await alerts.list(w.west.placer.actor)).counts.total, before, 'a safeguarding alert without an enquiry');
      await store.asSystem((tx) => tx.updateTable('intelligence').set({ section42_status: 'open' }).where('id', '=', entry.id).execute());
      await store.asSystem((tx) => tx.updateTable('intelligence').set({ section42_status: 'open', summary: 'Changed' }).where('id', '=', entry.id).execute());
      const list = (await alerts.list(w.west.placer.actor)).items;
      assert.equal(list.filter((a) => a.event === 'safeguarding_enquiry_started').length, 1);
      assert.doesNotMatch(JSON.stringify(list) + JSON.stringify(await outbox()), /Jones|bruising|room 12/);
    });

    test('read and unread is per organisation; another organisation cannot mark or see it', async () => {
      const [first] = (await alerts.list(w.west.placer.actor)).items;
      await alerts.markRead(w.west.officer.actor, first!.id);
      assert.equal((await alerts.list(w.west.placer.actor)).items[0]!.read, true);
      await assert.rejects(alerts.markRead(w.east.placer.actor, first!.id), /not found/);
      const unread = (await alerts.list(w.west.placer.actor)).counts.unread;
      assert.equal(await alerts.markAllRead(w.west.placer.actor), unread);
      assert.equal((await alerts.list(w.west.placer.actor, { unreadOnly: true })).items.length, 0);
      assert.ok((await alerts.list(w.healthwatch.actor, { unreadOnly: true })).items.length > 0, 'Healthwatch’s stay unread');
    });

    test('after a share is revoked, no more alerts or emails go to that organisation', async () => {
      const agreement = await store.asSystem((tx) =>
        tx.selectFrom('sharing_agreements').select('id').where('with_org_id', '=', w.west.org.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow(),
      );
      await revoke(store, agreement.id);
      const before = (await alerts.list(w.west.placer.actor)).counts.total;
      await escalation.suspend(w.north.commissioner.actor, w.groupHomeId, { scope: 'partial', detail: 'Nursing beds', reason: 'x', startsOn: '2026-03-01' });
      assert.equal((await alerts.list(w.west.placer.actor)).counts.total, before);
      assert.equal((await outbox()).filter((m) => m.to_address === w.west.placer.email && /Oakleaf Court/.test(m.subject)).length, 0);
      assert.equal((await outbox()).filter((m) => m.to_address === w.healthwatch.email && /Oakleaf Court/.test(m.subject)).length, 1);
    });

    test('unsubscribing stops the emails, not the in-app alerts', async () => {
      await alerts.setEmail(w.healthwatch.actor, false);
      const c = await escalation.openCase(w.north.commissioner.actor, { serviceId: w.oakLodgeId }, { stage: 3, reason: 'x' });
      assert.ok(c.id);
      assert.equal((await outbox()).filter((m) => m.to_address === w.healthwatch.email && /Oak Lodge: Serious Concerns/.test(m.subject)).length, 0);
      assert.equal((await outbox()).filter((m) => m.to_address === w.west.placer.email && /Oak Lodge: Serious Concerns/.test(m.subject)).length, 0, 'Westshire no longer shares');
      assert.equal((await outbox()).filter((m) => m.to_address === w.north.officer.email && /Oak Lodge: Serious Concerns/.test(m.subject)).length, 1, 'still subscribed');
      assert.equal((await alerts.list(w.healthwatch.actor)).items[0]!.event, 'concerns_opened');
    });
  });
}

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { testDatabases } from '../../../test/support/databases.ts';
import type { Store } from '../db/database.ts';
import Fastify from 'fastify';
import { testConfig } from '../../../test/support/http.ts';
import { MAX_ATTEMPTS, deliverDueEmails, scheduleEmailDelivery, smtpTransport, type MailTransport } from './deliverer.ts';
import { enqueueEmail, retryDelayMinutes } from './outbox.repository.ts';

interface Received {
  from: string | undefined;
  to: string[];
  data: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it is sent, and refuses recipients at refuse.example. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refuse.example')) return callback(new Error('mailbox unavailable'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const database of testDatabases()) {
  describe(`email outbox delivery over SMTP (${database.name})`, () => {
    let store: Store;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    const from = 'Care Oversight <no-reply@council.example>';

    before(async () => {
      [store, smtp] = await Promise.all([database.open(), startSmtpServer()]);
    });
    after(async () => {
      await smtp.close();
      await store.close();
    });

    const transport = () => smtpTransport({ smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: undefined, smtpPassword: undefined });
    const rows = () => store.asSystem((tx) => tx.selectFrom('outgoing_emails').selectAll().orderBy('created_at').orderBy('id').execute());

    test('queued emails are sent once, marked sent, and not sent again', async () => {
      await store.asSystem((tx) => enqueueEmail(tx, { to: 'jane@example.com', subject: 'Your concern has been received: CO-2026-000001', body: 'Your reference number is CO-2026-000001.' }));
      const result = await deliverDueEmails(store, transport(), from);
      assert.deepEqual(result, { sent: 1, failed: 0, gaveUp: [] });
      assert.equal(smtp.received.length, 1);
      const message = smtp.received[0]!;
      assert.deepEqual(message.to, ['jane@example.com']);
      assert.equal(message.from, 'no-reply@council.example');
      assert.match(message.data, /Subject: Your concern has been received: CO-2026-000001/);
      assert.match(message.data, /Your reference number is CO-2026-000001\./);
      const [row] = await rows();
      assert.ok(row!.sent_at instanceof Date);
      assert.equal(row!.attempts, 1);
      assert.deepEqual(await deliverDueEmails(store, transport(), from), { sent: 0, failed: 0, gaveUp: [] });
      assert.equal(smtp.received.length, 1);
    });

    test('a refused email is kept with its error and tried later; the rest of the batch still goes', async () => {
      await store.asSystem(async (tx) => {
        await enqueueEmail(tx, { to: 'nobody@refuse.example', subject: 'One', body: 'One' });
        await enqueueEmail(tx, { to: 'someone@example.com', subject: 'Two', body: 'Two' });
      });
      const result = await deliverDueEmails(store, transport(), from);
      assert.deepEqual(result, { sent: 1, failed: 1, gaveUp: [] });
      const refused = (await rows()).find((r) => r.to_address === 'nobody@refuse.example')!;
      assert.equal(refused.sent_at, null);
      assert.equal(refused.attempts, 1);
      assert.match(refused.last_error ?? '', /mailbox unavailable|550|553|Recipient/i);
      assert.ok(refused.next_attempt_at.getTime() > Date.now(), 'the retry waits');
      // Not due yet, so the next run leaves it alone.
      assert.deepEqual(await deliverDueEmails(store, transport(), from), { sent: 0, failed: 0, gaveUp: [] });
    });

    test('an unreachable server fails the attempt without losing the email', async () => {
      await store.asSystem((tx) => enqueueEmail(tx, { to: 'later@example.com', subject: 'Later', body: 'Later' }));
      const dead = smtpTransport({ smtpHost: '127.0.0.1', smtpPort: 1, smtpUser: undefined, smtpPassword: undefined });
      assert.deepEqual(await deliverDueEmails(store, dead, from), { sent: 0, failed: 1, gaveUp: [] });
      await store.asSystem((tx) => tx.updateTable('outgoing_emails').set({ next_attempt_at: new Date(0) }).where('to_address', '=', 'later@example.com').execute());
      assert.deepEqual(await deliverDueEmails(store, transport(), from), { sent: 1, failed: 0, gaveUp: [] });
      const later = (await rows()).find((r) => r.to_address === 'later@example.com')!;
      assert.equal(later.attempts, 2);
      assert.equal(later.last_error, null);
    });

    test('an email that keeps failing stops being tried', async () => {
      await store.asSystem(async (tx) => {
        await enqueueEmail(tx, { to: 'given-up@refuse.example', subject: 'x', body: 'x' });
        await tx.updateTable('outgoing_emails').set({ attempts: MAX_ATTEMPTS }).where('to_address', '=', 'given-up@refuse.example').execute();
      });
      const before = smtp.received.length;
      assert.deepEqual(await deliverDueEmails(store, transport(), from), { sent: 0, failed: 0, gaveUp: [] });
      assert.equal(smtp.received.length, before);
    });

    const failing: MailTransport = {
      async sendMail() {
        throw new Error('421 service not available');
      },
    };
    const enqueueTried = (to: string, attempts: number) =>
      store.asSystem(async (tx) => {
        const { id } = await enqueueEmail(tx, { to, subject: `Your concern about Oak House, ${to}`, body: `Dear ${to}` });
        await tx.updateTable('outgoing_emails').set({ attempts }).where('id', '=', id).execute();
        return id;
      });
    const makeDue = (id: string) => store.asSystem((tx) => tx.updateTable('outgoing_emails').set({ next_attempt_at: new Date(0) }).where('id', '=', id).execute());

    test('only the failure that uses up the last attempt gives an email up, and it is reported once', async () => {
      const secondLast = await enqueueTried('second-last@example.com', MAX_ATTEMPTS - 2);
      const last = await enqueueTried('last@example.com', MAX_ATTEMPTS - 1);
      assert.deepEqual(await deliverDueEmails(store, failing, from), { sent: 0, failed: 2, gaveUp: [last] });
      await makeDue(secondLast);
      assert.deepEqual(await deliverDueEmails(store, failing, from), { sent: 0, failed: 1, gaveUp: [secondLast] });
      await Promise.all([makeDue(secondLast), makeDue(last)]);
      assert.deepEqual(await deliverDueEmails(store, failing, from), { sent: 0, failed: 0, gaveUp: [] }, 'given up emails are not tried again');
      const given = (await rows()).filter((r) => r.id === last || r.id === secondLast);
      assert.deepEqual(
        given.map((r) => [r.attempts, r.sent_at, r.last_error]),
        [
          [MAX_ATTEMPTS, null, '421 service not available'],
          [MAX_ATTEMPTS, null, '421 service not available'],
        ],
      );
    });

    test('the scheduler logs an error naming a given-up email by id, never by address, subject or body', async () => {
      const id = await enqueueTried('jane.doe@example.com', MAX_ATTEMPTS - 1);
      const lines: Record<string, unknown>[] = [];
      const raw: string[] = [];
      let loggedGiveUp!: () => void;
      const gaveUp = new Promise<void>((resolve) => (loggedGiveUp = resolve));
      const app = Fastify({
        logger: {
          level: 'info',
          stream: {
            write(line: string) {
              raw.push(line);
              const entry = JSON.parse(line) as Record<string, unknown>;
              lines.push(entry);
              if (entry.emailId === id) loggedGiveUp();
            },
          },
        },
      });
      scheduleEmailDelivery(app, store, testConfig({ smtpFrom: from }), failing);
      await app.listen({ port: 0, host: '127.0.0.1' });
      await gaveUp;
      await app.close();
      const [created] = (await rows()).filter((r) => r.id === id);
      const entry = lines.find((l) => l.emailId === id)!;
      assert.equal(entry.level, 50, 'logged as an error');
      assert.deepEqual(
        { emailId: entry.emailId, attempts: entry.attempts, createdAt: entry.createdAt, error: entry.error },
        { emailId: id, attempts: MAX_ATTEMPTS, createdAt: created!.created_at.toISOString(), error: '421 service not available' },
      );
      assert.match(String(entry.msg), /given up/);
      for (const line of raw) assert.doesNotMatch(line, /jane\.doe|Oak House|Dear/, 'nothing that names the person is logged');
    });

    // Several app instances share one PostgreSQL server; PGlite has a single connection, so this race
    // exists only on PostgreSQL.
    if (database.name === 'postgres') {
      test('two instances delivering at once never send the same email twice', async () => {
        await store.asSystem((tx) => enqueueEmail(tx, { to: 'once@example.com', subject: 'Once', body: 'Once' }));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let claimed!: () => void;
        const firstClaimed = new Promise<void>((resolve) => (claimed = resolve));
        const real = transport();
        const slow = {
          async sendMail(message: Parameters<typeof real.sendMail>[0]) {
            claimed();
            await gate;
            return real.sendMail(message);
          },
        };
        const first = deliverDueEmails(store, slow, from);
        await firstClaimed;
        assert.deepEqual(await deliverDueEmails(store, transport(), from), { sent: 0, failed: 0, gaveUp: [] }, 'the claimed row is skipped, not waited for');
        release();
        assert.deepEqual(await first, { sent: 1, failed: 0, gaveUp: [] });
        assert.equal(smtp.received.filter((m) => m.to.includes('once@example.com')).length, 1);
      });
    }

    test('a listening server delivers due email in the background and finishes before it closes', async () => {
      await store.asSystem((tx) => enqueueEmail(tx, { to: 'listen@example.com', subject: 'Background', body: 'Sent by the job' }));
      let delivered!: (to: string) => void;
      const arrived = new Promise<string>((resolve) => (delivered = resolve));
      const recording: MailTransport = {
        async sendMail(message) {
          if (message.to === 'listen@example.com') delivered(message.from);
        },
      };
      const app = Fastify({ logger: false });
      scheduleEmailDelivery(app, store, testConfig({ smtpFrom: from }), recording);
      await app.listen({ port: 0, host: '127.0.0.1' });
      assert.equal(await arrived, from);
      await app.close();
      const row = (await rows()).find((r) => r.to_address === 'listen@example.com')!;
      assert.ok(row.sent_at instanceof Date, 'marked sent before the server finished closing');
    });

    test('without an SMTP host or transport the server starts no job and email waits', async () => {
      await store.asSystem((tx) => enqueueEmail(tx, { to: 'waiting@example.com', subject: 'Waiting', body: 'Waiting' }));
      const app = Fastify({ logger: false });
      scheduleEmailDelivery(app, store, testConfig({ smtpHost: undefined }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      await app.close();
      const row = (await rows()).find((r) => r.to_address === 'waiting@example.com')!;
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 0);
    });

    test('retries back off and are capped at six hours', () => {
      assert.deepEqual([0, 1, 2, 3, 8, 9, 20].map(retryDelayMinutes), [1, 2, 4, 8, 256, 360, 360]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../../test/support/databases.ts';
import type { Store } from '../db/database.ts';
import { Conflict, NotFound } from '../errors.ts';
import { deliverDueEmails, type MailTransport } from './deliverer.ts';
import { retryOutbox } from './outbox.ts';
import { MAX_ATTEMPTS, enqueueEmail, listUndelivered, outboxSummary, retryEmails } from './outbox.repository.ts';

const HOUR = 3_600_000;

for (const database of testDatabases()) {
  describe(`the operator's view of the outbox (${database.name})`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(() => store.close());
    beforeEach(() => store.asSystem((tx) => tx.deleteFrom('outgoing_emails').execute()));

    /** An email in a given state; `created` orders them, as the list shows oldest first. */
    const email = (
      to: string,
      state: { attempts?: number; lastError?: string | null; sentAt?: Date | null; created?: Date; nextAttemptAt?: Date } = {},
    ) =>
      store.asSystem(async (tx) => {
        const { id } = await enqueueEmail(tx, { to, subject: `Subject for ${to.split('@')[0]}`, body: `Body for ${to}` });
        await tx
          .updateTable('outgoing_emails')
          .set({
            attempts: state.attempts ?? 0,
            last_error: state.lastError ?? null,
            sent_at: state.sentAt ?? null,
            ...(state.nextAttemptAt ? { next_attempt_at: state.nextAttemptAt } : {}),
          })
          .where('id', '=', id)
          .execute();
        // created_at is not writable through the schema types, rightly; tests need it to order the list.
        if (state.created) await sql`update outgoing_emails set created_at = ${state.created} where id = ${id}`.execute(tx);
        return id;
      });
    const row = (id: string) => store.asSystem((tx) => tx.selectFrom('outgoing_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

    test('an empty outbox summarises as all zeros and lists nothing', async () => {
      assert.deepEqual(await store.asSystem(outboxSummary), { waiting: 0, failing: 0, gaveUp: 0, sentLast24h: 0 });
      assert.deepEqual(await store.asSystem(listUndelivered), []);
    });

    test('every unsent email is in exactly one group, and only the last day of sent email is counted', async () => {
      await email('new@example.com');
      await email('new2@example.com');
      await email('failing@example.com', { attempts: 3, lastError: 'timeout' });
      await email('retried@example.com', { attempts: 0, lastError: '550 mailbox unavailable' });
      await email('almost@example.com', { attempts: MAX_ATTEMPTS - 1, lastError: 'timeout' });
      await email('given-up@example.com', { attempts: MAX_ATTEMPTS, lastError: 'timeout' });
      await email('sent@example.com', { attempts: 1, sentAt: new Date(Date.now() - 23 * HOUR) });
      await email('sent-long-ago@example.com', { attempts: 1, sentAt: new Date(Date.now() - 25 * HOUR) });
      assert.deepEqual(await store.asSystem(outboxSummary), { waiting: 2, failing: 3, gaveUp: 1, sentLast24h: 1 });
    });

    test('the list shows unsent emails oldest first, without their address or body', async () => {
      const older = await email('older@example.com', { attempts: MAX_ATTEMPTS, lastError: '550 no such user', created: new Date('2026-01-02T09:00:00Z') });
      await email('sent@example.com', { attempts: 1, sentAt: new Date(), created: new Date('2026-01-01T09:00:00Z') });
      const newer = await email('newer@example.com', {
        created: new Date('2026-01-03T09:00:00Z'),
        nextAttemptAt: new Date('2026-01-03T09:00:00Z'),
      });
      const list = await store.asSystem(listUndelivered);
      const olderRow = await row(older);
      assert.deepEqual(list, [
        {
          id: older,
          createdAt: '2026-01-02T09:00:00.000Z',
          attempts: MAX_ATTEMPTS,
          nextAttemptAt: olderRow.next_attempt_at.toISOString(),
          lastError: '550 no such user',
          subject: 'Subject for older',
        },
        {
          id: newer,
          createdAt: '2026-01-03T09:00:00.000Z',
          attempts: 0,
          nextAttemptAt: '2026-01-03T09:00:00.000Z',
          lastError: null,
          subject: 'Subject for newer',
        },
      ]);
      assert.doesNotMatch(JSON.stringify(list), /@example\.com|Body for/);
    });

    test('retrying every given-up email makes only those due again, keeping the error until the next try', async () => {
      const later = new Date(Date.now() + 6 * HOUR);
      const givenUp = await email('given-up@example.com', { attempts: MAX_ATTEMPTS, lastError: '550 no such user', nextAttemptAt: later });
      const givenUp2 = await email('given-up-2@example.com', { attempts: MAX_ATTEMPTS + 2, lastError: 'timeout', nextAttemptAt: later });
      const failing = await email('failing@example.com', { attempts: 4, lastError: 'timeout', nextAttemptAt: later });
      const sent = await email('sent@example.com', { attempts: MAX_ATTEMPTS, sentAt: new Date() });
      const retried = await store.asSystem((tx) => retryEmails(tx, { allGivenUp: true }));
      assert.deepEqual(retried.sort(), [givenUp, givenUp2].sort());
      const now = Date.now();
      for (const id of [givenUp, givenUp2]) {
        const r = await row(id);
        assert.equal(r.attempts, 0);
        assert.ok(r.next_attempt_at.getTime() <= now, 'due now');
        assert.ok(r.last_error, 'the last error is kept');
      }
      assert.equal((await row(failing)).attempts, 4, 'an email still being retried is left to its schedule');
      assert.equal((await row(sent)).attempts, MAX_ATTEMPTS, 'a sent email is never touched');
      assert.deepEqual(await store.asSystem(outboxSummary), { waiting: 0, failing: 3, gaveUp: 0, sentLast24h: 1 });

      const delivered: string[] = [];
      const recording: MailTransport = {
        async sendMail(message) {
          delivered.push(message.to);
        },
      };
      assert.deepEqual(await deliverDueEmails(store, recording, 'no-reply@council.example'), { sent: 2, failed: 0, gaveUp: [] });
      assert.deepEqual(delivered.sort(), ['given-up-2@example.com', 'given-up@example.com']);
      assert.equal((await row(givenUp)).last_error, null, 'the successful try clears the error');
    });

    test('retrying by id makes that one unsent email due, and nothing for a sent or unknown id', async () => {
      const later = new Date(Date.now() + 6 * HOUR);
      const target = await email('target@example.com', { attempts: MAX_ATTEMPTS, lastError: 'timeout', nextAttemptAt: later });
      const other = await email('other@example.com', { attempts: MAX_ATTEMPTS, lastError: 'timeout', nextAttemptAt: later });
      const sent = await email('sent@example.com', { attempts: 2, sentAt: new Date() });
      assert.deepEqual(await store.asSystem((tx) => retryEmails(tx, { id: target })), [target]);
      assert.equal((await row(target)).attempts, 0);
      assert.equal((await row(other)).attempts, MAX_ATTEMPTS);
      assert.deepEqual(await store.asSystem((tx) => retryEmails(tx, { id: sent })), []);
      assert.equal((await row(sent)).attempts, 2);
      assert.deepEqual(await store.asSystem((tx) => retryEmails(tx, { id: '00000000-0000-4000-8000-000000000000' })), []);
    });

    test("the operator's retry by id refuses an unknown id and an email already sent, changing nothing", async () => {
      const sent = await email('sent@example.com', { attempts: 2, sentAt: new Date() });
      await assert.rejects(retryOutbox(store, { id: '00000000-0000-4000-8000-000000000000' }), NotFound);
      await assert.rejects(retryOutbox(store, { id: sent }), (error: unknown) => error instanceof Conflict && error.field === 'id' && /was sent at/.test(error.message));
      assert.equal((await row(sent)).attempts, 2);
      const givenUp = await email('given-up@example.com', { attempts: MAX_ATTEMPTS, lastError: 'timeout' });
      assert.deepEqual(await retryOutbox(store, { id: givenUp }), [givenUp]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { remindersService } from './reminders.service.ts';
import { returnsService } from './returns.service.ts';

for (const database of testDatabases()) {
  describe(`email reminders of returns (${database.name})`, () => {
    let store: Store;
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    const reminders = () => remindersService(store, { publicBaseUrl: 'https://oversight.example.gov.uk' });
    const outbox = () => store.asSystem((tx) => tx.selectFrom('outgoing_emails').select(['to_address', 'subject', 'body']).orderBy('subject').execute());

    before(async () => {
      store = await database.open();
      w = await makeReturnsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('nothing is sent to a provider user who did not ask, nor before the week before the deadline', async () => {
      assert.equal(await reminders().send('2026-10-25'), 0);
      await reminders().setSubscribed(w.provider.actor, true);
      assert.equal(await reminders().isSubscribed(w.provider.actor), true);
      assert.equal(await reminders().send('2026-10-20'), 0);
      assert.deepEqual(await outbox(), []);
    });

    test('a week before: one email per service that owes the return, to the user who asked; never twice', async () => {
      assert.equal(await reminders().send('2026-10-25'), 2);
      const emails = await outbox();
      assert.deepEqual(emails.map((e) => [e.to_address, e.subject]), [
        [w.provider.email, 'Due by 31 October 2026: Q2 2026/27 return for Oakwood Home Care'],
        [w.provider.email, 'Due by 31 October 2026: Q2 2026/27 return for Oakwood House'],
      ]);
      assert.match(emails[0]!.body, /Send it at https:\/\/oversight\.example\.gov\.uk\/returns/);
      assert.equal(await reminders().send('2026-10-26'), 0, 'nothing sent twice');
    });

    test('overdue: only for services whose return has not been sent', async () => {
      setClock('2026-11-03');
      await returnsService(store).submit(w.provider.actor, w.careHomeId, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') });
      assert.equal(await reminders().send('2026-11-03'), 1);
      const overdue = (await outbox()).filter((e) => e.subject.startsWith('Overdue'));
      assert.deepEqual(overdue.map((e) => e.subject), ['Overdue: Q2 2026/27 return for Oakwood Home Care']);
      assert.equal(await reminders().send('2026-11-04'), 0);
    });

    test('a user who stops reminders gets no more; only provider users may ask', async () => {
      await reminders().setSubscribed(w.provider.actor, false);
      assert.equal(await reminders().isSubscribed(w.provider.actor), false);
      await assert.rejects(reminders().setSubscribed(w.council.officer.actor, true), { status: 403 });
      // Row-level security: a provider user cannot ask on another user's behalf.
      await assert.rejects(store.asUser(w.rival.actor, (tx) => tx.insertInto('return_reminder_subscriptions').values({ user_id: w.provider.actor.userId }).execute()));
    });
  });
}

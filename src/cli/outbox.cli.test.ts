import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../core/db/database.ts';
import { cliTargets, runCli, type CliRun } from '../../test/support/cli.ts';
import { MAX_ATTEMPTS, enqueueEmail } from '../core/email/outbox.ts';

const run = (env: Record<string, string>, args: string[]) => runCli(env, args);

const jsonLines = (result: CliRun) => {
  assert.equal(result.code, 0, result.stderr);
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

const targets = () => Promise.all(cliTargets('co_outbox').map(async (t) => ({ name: t.name, ...(await t.setUp()) })));

describe('care-oversight outbox', () => {
  test('usage mistakes are refused before any database is opened', async () => {
    const env = { DATA_DIR: path.join(tmpdir(), `never-created-${randomBytes(4).toString('hex')}`) };
    const neither = await run(env, ['outbox', 'retry']);
    assert.equal(neither.code, 2);
    assert.equal(neither.stderr.trim(), 'care-oversight: outbox retry needs either --id ID or --all-given-up');
    const notAnId = await run(env, ['outbox', 'retry', '--id', 'CO-2026-000001']);
    assert.equal(notAnId.code, 1);
    assert.equal(notAnId.stderr.trim(), 'care-oversight: --id: Enter the id of an email, as `care-oversight outbox --list` prints it');
  });

  test('summarises, lists without addresses or bodies, refuses an unknown id and retries what was given up, on PGlite and PostgreSQL', async () => {
    for (const target of await targets()) {
      try {
        const store = await openStore(target.storeOptions);
        await store.migrate();
        const ids = await store.asSystem(async (tx) => {
          const waiting = await enqueueEmail(tx, { to: 'waiting.person@example.com', subject: 'Your concern has been received: CO-2026-000001', body: 'Private words' });
          const givenUp = await enqueueEmail(tx, { to: 'given.up@example.com', subject: 'Alert: Oak House', body: 'Private words' });
          await tx.updateTable('outgoing_emails').set({ attempts: MAX_ATTEMPTS, last_error: '550 mailbox unavailable' }).where('id', '=', givenUp.id).execute();
          const sent = await enqueueEmail(tx, { to: 'sent@example.com', subject: 'Sent', body: 'Private words' });
          await tx.updateTable('outgoing_emails').set({ attempts: 1, sent_at: new Date() }).where('id', '=', sent.id).execute();
          return { waiting: waiting.id, givenUp: givenUp.id };
        });
        await store.close();

        const listed = await run(target.env, ['outbox', '--list']);
        assert.doesNotMatch(listed.stdout, /@example\.com|Private words/, 'no address or body is printed');
        const [summary, ...emails] = jsonLines(listed);
        assert.deepEqual(summary, { waiting: 1, failing: 0, gaveUp: 1, sentLast24h: 1 }, target.name);
        assert.deepEqual(
          emails.map((e) => [e.id, e.attempts, e.lastError, e.subject]).sort(),
          [
            [ids.givenUp, MAX_ATTEMPTS, '550 mailbox unavailable', 'Alert: Oak House'],
            [ids.waiting, 0, null, 'Your concern has been received: CO-2026-000001'],
          ].sort(),
        );
        assert.deepEqual(Object.keys(emails[0]!), ['id', 'createdAt', 'attempts', 'nextAttemptAt', 'lastError', 'subject']);

        const unknown = await run(target.env, ['outbox', 'retry', '--id', '00000000-0000-4000-8000-000000000000']);
        assert.equal(unknown.code, 1);
        assert.equal(unknown.stderr.trim(), 'care-oversight: Outgoing email 00000000-0000-4000-8000-000000000000 not found');

        assert.deepEqual(jsonLines(await run(target.env, ['outbox', 'retry', '--all-given-up'])), [{ retried: 1 }]);
        // Retried but not yet tried again: it waits with its last error, so it counts as failing.
        assert.deepEqual(jsonLines(await run(target.env, ['outbox'])), [{ waiting: 1, failing: 1, gaveUp: 0, sentLast24h: 1 }]);
      } finally {
        await target.tearDown();
      }
    }
  });
});

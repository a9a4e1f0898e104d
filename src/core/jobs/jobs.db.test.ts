import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../db/database.ts';
import { Invalid, NotFound } from '../errors.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import { jobsService, runNextJob, type JobContext, type JobKinds } from './jobs.ts';
import { claimNext, KEEP_FINISHED_DAYS, MAX_ATTEMPTS, STALE_AFTER_SECONDS } from './jobs.repository.ts';

/** The job lifecycle: queued, claimed by one runner, progress while it runs, done or failed; a council sees its own. */

/** A job kind whose work the test steps through: it reports progress, then waits to be let go. */
function steppedKind() {
  let release!: (result: unknown) => void;
  let fail!: (error: unknown) => void;
  let seen!: (context: JobContext) => void;
  const started = new Promise<JobContext>((resolve) => (seen = resolve));
  const handler = async (context: JobContext) => {
    context.progress({ done: 0, total: 4, message: 'Starting' });
    context.progress({ done: 3, total: 4 });
    seen(context);
    return new Promise((resolve, reject) => {
      release = resolve;
      fail = reject;
    });
  };
  return { handler, started, release: (r: unknown) => release(r), fail: (e: unknown) => fail(e) };
}

for (const database of testDatabases()) {
  describe(`jobs (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    const jobs = () => jobsService(store);
    const uploadOf = (id: string) => store.asSystem((tx) => tx.selectFrom('jobs').select(['upload', 'state', 'attempts', 'claimed_by']).where('id', '=', id).executeTakeFirstOrThrow());
    /** Takes every waiting job out of the queue, so each test starts with an empty one. */
    const drain = async () => void (await store.asSystem((tx) => tx.updateTable('jobs').set({ state: 'failed', error: 'drained', upload: null, finished_at: new Date() }).where('state', 'in', ['queued', 'running']).execute()));

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Jobshire');
      b = await makeCouncil(store, 'Elsewhere');
    });
    after(async () => {
      await store.close();
    });

    test('a job is queued, runs with progress, ends done with its result; its upload is emptied; a reload reads the same', async () => {
      await drain();
      const step = steppedKind();
      const kinds: JobKinds = { 'test.stepped': step.handler };
      const id = await jobs().enqueue(a.admin.actor, { kind: 'test.stepped', input: { n: 1 }, upload: { name: 'file.csv', content: Buffer.from('a,b\n1,2\n') } });
      const queued = await jobs().get(a.admin.actor, 'test.stepped', id);
      assert.equal(queued.state, 'queued');
      assert.deepEqual(queued.progress, { done: 0, total: null, message: null });
      assert.equal(queued.uploadName, 'file.csv');

      const run = runNextJob(store, kinds, { runner: 'runner-1' });
      const context = await step.started;
      assert.deepEqual(context.input, { n: 1 });
      assert.equal(context.actor.userId, a.admin.actor.userId);
      assert.equal(await readFile(context.upload!.path, 'utf8'), 'a,b\n1,2\n', 'the upload is handed over as a file');
      // The progress lands while the work goes on (writes are throttled: the last one always arrives).
      let running = await jobs().get(a.admin.actor, 'test.stepped', id);
      for (let i = 0; i < 50 && running.progress.done !== 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        running = await jobs().get(a.admin.actor, 'test.stepped', id);
      }
      assert.equal(running.state, 'running');
      assert.deepEqual(running.progress, { done: 3, total: 4, message: null });
      assert.ok(running.startedAt);

      step.release({ rows: 4 });
      assert.equal(await run, id);
      const done = await jobs().get(a.admin.actor, 'test.stepped', id);
      assert.equal(done.state, 'done');
      assert.deepEqual(done.result, { rows: 4 });
      assert.ok(done.finishedAt);
      assert.equal((await uploadOf(id)).upload, null, 'the uploaded file is removed when the job ends');
      // Another reader (a reload, another instance) sees the same; there is nothing left to run.
      assert.deepEqual(await jobs().get(a.commissioner.actor, 'test.stepped', id), done);
      assert.equal(await runNextJob(store, kinds), undefined);
    });

    test('a job fails with the messages of Invalid, or a plain message for anything else', async () => {
      await drain();
      const invalid = await jobs().enqueue(a.admin.actor, { kind: 'test.invalid', input: {}, upload: { name: 'x', content: Buffer.from('x') } });
      const broken = await jobs().enqueue(a.admin.actor, { kind: 'test.broken', input: {} });
      const kinds: JobKinds = {
        'test.invalid': () => Promise.reject(new Invalid([{ path: 'file', message: 'The file has no header row' }])),
        'test.broken': () => Promise.reject(new Error('connection reset by a secret host')),
      };
      const errors: unknown[] = [];
      assert.equal(await runNextJob(store, kinds, { log: { error: (e: unknown) => errors.push(e) } }), invalid, 'oldest first');
      assert.equal(await runNextJob(store, kinds, { log: { error: (e: unknown) => errors.push(e) } }), broken);
      const failed = await jobs().get(a.admin.actor, 'test.invalid', invalid);
      assert.equal(failed.state, 'failed');
      assert.equal(failed.error, 'The file has no header row');
      assert.equal((await uploadOf(invalid)).upload, null);
      const other = await jobs().get(a.admin.actor, 'test.broken', broken);
      assert.equal(other.state, 'failed');
      assert.match(other.error!, /^Something went wrong on the server/);
      assert.doesNotMatch(other.error!, /secret host/, 'the detail goes to the log, not the page');
      assert.equal(errors.length, 1);
    });

    test('a job is claimed by one runner only, and only kinds the runner knows', async () => {
      await drain();
      const id = await jobs().enqueue(a.admin.actor, { kind: 'test.once', input: {} });
      await jobs().enqueue(a.admin.actor, { kind: 'test.unknown', input: {} });
      const claims = await Promise.all(['r1', 'r2', 'r3'].map((runner) => store.asSystem((tx) => claimNext(tx, runner, ['test.once']))));
      const won = claims.filter((c) => c !== undefined);
      assert.equal(won.length, 1);
      assert.equal(won[0]!.id, id);
      const row = await uploadOf(id);
      assert.equal(row.state, 'running');
      assert.equal(row.attempts, 1);
      assert.equal(await store.asSystem((tx) => claimNext(tx, 'r4', ['test.once'])), undefined, 'a running job with a fresh heartbeat is not taken');
    });

    test('a job whose runner stopped is claimed again, and failed after its last attempt', async () => {
      await drain();
      const id = await jobs().enqueue(a.admin.actor, { kind: 'test.stale', input: {}, upload: { name: 'x', content: Buffer.from('x') } });
      await store.asSystem((tx) => claimNext(tx, 'dead-runner', ['test.stale']));
      const stale = new Date(Date.now() - (STALE_AFTER_SECONDS + 60) * 1000);
      await store.asSystem((tx) => tx.updateTable('jobs').set({ heartbeat_at: stale }).where('id', '=', id).execute());
      const again = await store.asSystem((tx) => claimNext(tx, 'live-runner', ['test.stale']));
      assert.equal(again?.id, id);
      assert.equal(again?.attempts, 2);
      assert.equal((await uploadOf(id)).claimed_by, 'live-runner');

      await store.asSystem((tx) => tx.updateTable('jobs').set({ heartbeat_at: stale, attempts: MAX_ATTEMPTS }).where('id', '=', id).execute());
      assert.equal(await runNextJob(store, { 'test.stale': () => Promise.resolve('never') }), undefined);
      const failed = await jobs().get(a.admin.actor, 'test.stale', id);
      assert.equal(failed.state, 'failed');
      assert.match(failed.error!, /The server stopped while this was running, 3 times/);
      assert.equal((await uploadOf(id)).upload, null);
    });

    test('a council sees only its own jobs, and a job of another kind is not found', async () => {
      await drain();
      const id = await jobs().enqueue(a.admin.actor, { kind: 'test.private', input: {} });
      await assert.rejects(jobs().get(b.admin.actor, 'test.private', id), NotFound);
      await assert.rejects(jobs().get(a.admin.actor, 'test.other', id), NotFound);
      assert.deepEqual((await jobs().recent(b.admin.actor, 'test.private')).map((j) => j.id), []);
      assert.deepEqual((await jobs().recent(a.officer.actor, 'test.private')).map((j) => j.id), [id]);
      // Row-level security: a person cannot queue a job for another council, nor change one.
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.insertInto('jobs').values({ kind: 'test.x', council_id: b.org.id, created_by: a.admin.actor.userId }).execute()));
      await assert.rejects(store.asUser(a.admin.actor, (tx) => tx.updateTable('jobs').set({ state: 'done' }).where('id', '=', id).execute()));
    });

    test('a finished job is kept 90 days for its page, then forgotten', async () => {
      await drain();
      const id = await jobs().enqueue(a.admin.actor, { kind: 'test.old', input: {} });
      await runNextJob(store, { 'test.old': () => Promise.resolve('ok') });
      const day = 24 * 60 * 60 * 1000;
      await store.asSystem((tx) => tx.updateTable('jobs').set({ finished_at: new Date(Date.now() - (KEEP_FINISHED_DAYS - 1) * day) }).where('id', '=', id).execute());
      await runNextJob(store, {});
      assert.equal((await jobs().get(a.admin.actor, 'test.old', id)).result, 'ok');
      await store.asSystem((tx) => tx.updateTable('jobs').set({ finished_at: new Date(Date.now() - (KEEP_FINISHED_DAYS + 1) * day) }).where('id', '=', id).execute());
      await runNextJob(store, {});
      await assert.rejects(jobs().get(a.admin.actor, 'test.old', id), NotFound);
    });

    test('the job of someone no longer active fails without running', async () => {
      await drain();
      const id = await jobs().enqueue(a.officer.actor, { kind: 'test.orphan', input: {} });
      await store.asSystem((tx) => tx.updateTable('users').set({ active: false }).where('id', '=', a.officer.actor.userId).execute());
      let ran = false;
      await runNextJob(store, { 'test.orphan': () => Promise.resolve((ran = true)) });
      assert.equal(ran, false);
      assert.equal((await jobs().get(a.admin.actor, 'test.orphan', id)).error, 'The person who started this no longer has an account');
      await store.asSystem((tx) => tx.updateTable('users').set({ active: true }).where('id', '=', a.officer.actor.userId).execute());
    });
  });
}

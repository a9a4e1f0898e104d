import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Actor, Store } from '../db/database.ts';
import { Invalid, NotFound } from '../errors.ts';
import { repeatWhileListening } from '../http/repeat.ts';
import * as repo from './jobs.repository.ts';

/**
 * Long work as jobs in the database. A capability registers a kind (`'cqc.import'`) with the function that
 * does it; a request queues a job of that kind and shows its page; a runner in every server process claims
 * queued jobs one at a time (src/core/jobs/jobs.repository.ts: `for update skip locked`, so each job has one
 * runner whichever instance it is), reports progress with a heartbeat, and records the result or the error.
 * Nothing is kept in a process: a reload, another instance or a restart all read the same row.
 */

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobProgress {
  /** How much is done, in the kind's own unit (rows read, services written). */
  readonly done: number;
  /** How much there is, when known. */
  readonly total?: number | null | undefined;
  readonly message?: string | null | undefined;
}

export interface JobContext {
  readonly id: string;
  readonly input: unknown;
  /** Who queued it, as they are now (the work runs with their permissions). */
  readonly actor: Actor;
  /** The uploaded file, written to a temporary file for the job's length (removed after). */
  readonly upload: { readonly path: string; readonly name: string } | undefined;
  /** Records progress; cheap to call often (writes are throttled and never wait on the work's own transaction). */
  progress(progress: JobProgress): void;
}

/** Does the work and returns its result (stored as JSON). Throwing Invalid fails the job with its messages. */
export type JobHandler = (context: JobContext) => Promise<unknown>;

/** The kinds this process can run, by name: each capability adds its own (`{ 'cqc.import': … }`). */
export type JobKinds = Readonly<Record<string, JobHandler>>;

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly input: unknown;
  readonly uploadName: string | null;
  readonly progress: { readonly done: number; readonly total: number | null; readonly message: string | null };
  readonly result: unknown;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly createdBy: string;
}

const jobOf = (r: repo.JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  input: r.input,
  uploadName: r.upload_name,
  progress: { done: r.progress_done, total: r.progress_total, message: r.progress_message },
  result: r.result,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdBy: r.created_by,
});

export const isFinished = (job: Pick<Job, 'state'>) => job.state === 'done' || job.state === 'failed';

/** Queueing and reading jobs, as the signed-in person: a council sees only its own. */
export function jobsService(store: Store) {
  return {
    /** Queues a job; it is visible to runners once the request's transaction commits. */
    async enqueue(actor: Actor, job: repo.NewJob): Promise<string> {
      return store.asUser(actor, (tx) => repo.insertJob(tx, actor, job));
    },

    /** One job of `kind` (a job of another kind or council is not found). */
    async get(actor: Actor, kind: string, id: string): Promise<Job> {
      const row = await store.asUser(actor, (tx) => repo.jobById(tx, id));
      if (!row || row.kind !== kind) throw new NotFound('Job');
      return jobOf(row);
    },

    async recent(actor: Actor, kind: string, limit = 10): Promise<Job[]> {
      return (await store.asUser(actor, (tx) => repo.recentJobs(tx, kind, limit))).map(jobOf);
    },
  };
}

export type JobsService = ReturnType<typeof jobsService>;

/** How often a job's heartbeat is written while it runs without reporting progress. */
const HEARTBEAT_MS = 20_000;
/** At most one progress write in this time (the last one always lands). */
const PROGRESS_MS = 500;

/**
 * Claims and runs one job of the given kinds, if any is waiting; resolves to its id, or undefined when there
 * was none. The claim, each progress write and the outcome are short transactions of their own, so the
 * job's page reads them while the work (which opens its own transactions) goes on.
 */
export async function runNextJob(store: Store, kinds: JobKinds, options: { runner?: string; log?: Pick<FastifyBaseLogger, 'error'> } = {}): Promise<string | undefined> {
  const runner = options.runner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const claimed = await store.asSystem(async (tx) => {
    await repo.failAbandoned(tx);
    await repo.deleteOldFinished(tx);
    return repo.claimNext(tx, runner, Object.keys(kinds));
  });
  if (!claimed) return undefined;
  const handler = kinds[claimed.kind]!;

  // Progress: the latest value is written when no write is in flight, at most every PROGRESS_MS; a value
  // held back by that is written when the time comes.
  let pending: JobProgress | undefined;
  let writing: Promise<void> | undefined;
  let flush: NodeJS.Timeout | undefined;
  let lastWrite = 0;
  const schedule = () => {
    if (flush || writing || !pending) return;
    flush = setTimeout(() => {
      flush = undefined;
      write();
    }, Math.max(0, lastWrite + PROGRESS_MS - Date.now()));
  };
  const write = () => {
    if (writing || !pending) return;
    const progress = pending;
    pending = undefined;
    lastWrite = Date.now();
    writing = store
      .asSystem((tx) => repo.beat(tx, claimed.id, runner, { done: progress.done, total: progress.total ?? null, message: progress.message ?? null }))
      .catch((error: unknown) => options.log?.error({ err: error, jobId: claimed.id }, 'job progress not recorded'))
      .finally(() => {
        writing = undefined;
        schedule();
      });
  };
  const heartbeat = setInterval(() => {
    if (!writing) writing = store.asSystem((tx) => repo.beat(tx, claimed.id, runner)).catch(() => undefined).finally(() => (writing = undefined));
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let dir: string | undefined;
  let outcome: { result: unknown } | { error: string };
  try {
    const actor = await store.asSystem((tx) => repo.actorOf(tx, claimed.created_by));
    if (!actor) throw new Invalid([{ path: 'job', message: 'The person who started this no longer has an account' }]);
    let upload: JobContext['upload'];
    if (claimed.upload) {
      dir = await mkdtemp(path.join(tmpdir(), 'care-oversight-job-'));
      const file = path.join(dir, 'upload');
      await writeFile(file, claimed.upload);
      upload = { path: file, name: claimed.upload_name ?? 'upload' };
    }
    const result = await handler({
      id: claimed.id,
      input: claimed.input,
      actor,
      upload,
      progress: (progress) => {
        pending = progress;
        if (Date.now() - lastWrite >= PROGRESS_MS) write();
        else schedule();
      },
    });
    outcome = { result: result ?? null };
  } catch (error) {
    if (error instanceof Invalid) outcome = { error: error.errors.map((e) => e.message).join('; ') };
    else {
      options.log?.error({ err: error, jobId: claimed.id, kind: claimed.kind }, 'job failed');
      outcome = { error: 'Something went wrong on the server while this was running. Try again; if it happens again, tell your administrator.' };
    }
  } finally {
    clearInterval(heartbeat);
    clearTimeout(flush);
    pending = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  await writing;
  await store.asSystem((tx) => repo.finish(tx, claimed.id, runner, outcome));
  return claimed.id;
}

/** How often an idle runner looks for queued jobs. */
const POLL_MS = 1_000;

/**
 * Runs jobs while the server listens (tests that only inject requests call runNextJob themselves). One job at
 * a time per process; several processes share the queue.
 */
export function scheduleJobRunner(app: FastifyInstance, store: Store, kinds: JobKinds) {
  repeatWhileListening(app, { everyMs: POLL_MS, name: 'job runner' }, async (closing) => {
    // Work through the queue, then wait for the next poll.
    while (!closing() && (await runNextJob(store, kinds, { log: app.log }))) {
      /* next */
    }
  });
}

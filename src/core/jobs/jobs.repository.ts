import { sql } from 'kysely';
import type { Actor, Tx } from '../db/database.ts';

/**
 * The SQL of the jobs table (migration 20261205T1550_jobs). People queue and read jobs as themselves (row-level
 * security shows a council only its own); the runner claims and finishes them as the system.
 */

/** A running job whose heartbeat is older than this was left by a process that stopped: it is claimed again. */
export const STALE_AFTER_SECONDS = 120;
/** A job is tried this many times at most (a process dying under it each time) before it is failed. */
export const MAX_ATTEMPTS = 3;

export interface NewJob {
  readonly kind: string;
  readonly input: unknown;
  readonly upload?: { readonly name: string; readonly content: Uint8Array } | undefined;
}

export async function insertJob(tx: Tx, actor: Actor, job: NewJob): Promise<string> {
  const row = await tx
    .insertInto('jobs')
    .values({
      kind: job.kind,
      council_id: actor.orgId,
      created_by: actor.userId,
      input: JSON.stringify(job.input ?? {}),
      upload: job.upload?.content ?? null,
      upload_name: job.upload?.name ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const visibleColumns = [
  'j.id',
  'j.kind',
  'j.state',
  'j.input',
  'j.upload_name',
  'j.progress_done',
  'j.progress_total',
  'j.progress_message',
  'j.result',
  'j.error',
  'j.created_at',
  'j.started_at',
  'j.finished_at',
  'j.created_by',
] as const;

export async function jobById(tx: Tx, id: string) {
  return tx.selectFrom('jobs as j').select(visibleColumns).where('j.id', '=', id).executeTakeFirst();
}

export type JobRow = NonNullable<Awaited<ReturnType<typeof jobById>>>;

export async function recentJobs(tx: Tx, kind: string, limit: number) {
  return tx.selectFrom('jobs as j').select(visibleColumns).where('j.kind', '=', kind).orderBy('j.created_at', 'desc').orderBy('j.id').limit(limit).execute();
}

/** Jobs tried MAX_ATTEMPTS times whose last runner stopped: failed, their upload emptied. */
export async function failAbandoned(tx: Tx): Promise<number> {
  const result = await sql`
    update jobs set state = 'failed', upload = null, finished_at = now(),
      error = 'The server stopped while this was running, ' || attempts || ' times. Try again, or ask your administrator to check the server.'
    where state = 'running' and attempts >= ${MAX_ATTEMPTS} and heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** How long a finished job (its result or error; its upload is already gone) is kept for its page. */
export const KEEP_FINISHED_DAYS = 90;

/** Forgets jobs that finished more than KEEP_FINISHED_DAYS ago. */
export async function deleteOldFinished(tx: Tx): Promise<number> {
  const result = await sql`delete from jobs where finished_at < now() - make_interval(days => ${KEEP_FINISHED_DAYS})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export interface ClaimedJob {
  id: string;
  kind: string;
  input: unknown;
  upload: Uint8Array | null;
  upload_name: string | null;
  created_by: string;
  council_id: string;
  attempts: number;
}

/**
 * Claims the oldest job of these kinds that is waiting (or whose runner stopped) for `runner`. Rows another
 * runner is claiming at the same moment are skipped rather than waited for, so each job has one runner.
 */
export async function claimNext(tx: Tx, runner: string, kinds: readonly string[]): Promise<ClaimedJob | undefined> {
  if (!kinds.length) return undefined;
  const result = await sql<ClaimedJob>`
    update jobs set state = 'running', claimed_by = ${runner}, heartbeat_at = now(), started_at = coalesce(started_at, now()), attempts = attempts + 1
    where id = (
      select id from jobs
      where kind in (${sql.join(kinds)})
        and (state = 'queued' or (state = 'running' and attempts < ${MAX_ATTEMPTS} and heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})))
      order by created_at, id
      limit 1
      for update skip locked
    )
    returning id, kind, input, upload, upload_name, created_by, council_id, attempts`.execute(tx);
  return result.rows[0];
}

/** Progress, and the heartbeat that says the runner is alive; nothing if another runner has taken the job over. */
export async function beat(tx: Tx, id: string, runner: string, progress?: { done: number; total: number | null; message: string | null }) {
  await tx
    .updateTable('jobs')
    .set({
      heartbeat_at: sql`now()`,
      ...(progress ? { progress_done: progress.done, progress_total: progress.total, progress_message: progress.message } : {}),
    })
    .where('id', '=', id)
    .where('claimed_by', '=', runner)
    .where('state', '=', 'running')
    .execute();
}

export async function finish(tx: Tx, id: string, runner: string, outcome: { result: unknown } | { error: string }) {
  await tx
    .updateTable('jobs')
    .set({
      state: 'result' in outcome ? 'done' : 'failed',
      result: 'result' in outcome ? JSON.stringify(outcome.result ?? null) : null,
      error: 'error' in outcome ? outcome.error : null,
      upload: null,
      finished_at: sql`now()`,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('claimed_by', '=', runner)
    .where('state', '=', 'running')
    .execute();
}

/** Who queued a job, as they are now: a job of someone since deactivated does not run. */
export async function actorOf(tx: Tx, userId: string): Promise<Actor | undefined> {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'])
    .where('u.id', '=', userId)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

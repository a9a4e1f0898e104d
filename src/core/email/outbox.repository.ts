import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/** After this many failed tries an email is given up: only an operator's `outbox retry` sends it again. */
export const MAX_ATTEMPTS = 10;

/**
 * The outbox: an email is written in the same transaction as the record it is about, so it is sent if
 * and only if that record was saved. Only the system's units of work touch this table.
 */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

export async function enqueueEmail(tx: Tx, email: OutgoingEmail) {
  return tx
    .insertInto('outgoing_emails')
    .values({ to_address: email.to, subject: email.subject, body: email.body })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Claims due emails for this transaction. Rows another instance is sending are skipped rather than
 * waited for, so several app instances can run the job at once without sending anything twice.
 */
export async function claimDue(tx: Tx, limit: number, maxAttempts: number) {
  return tx
    .selectFrom('outgoing_emails')
    .select(['id', 'to_address', 'subject', 'body', 'attempts', 'created_at'])
    .where('sent_at', 'is', null)
    .where('attempts', '<', maxAttempts)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markSent(tx: Tx, id: string) {
  await tx
    .updateTable('outgoing_emails')
    .set({ sent_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1`, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failure and when to try again: 1, 2, 4 … minutes later, never more than six hours. */
export async function markFailed(tx: Tx, id: string, error: string, retryAfterMinutes: number) {
  await tx
    .updateTable('outgoing_emails')
    .set({
      attempts: sql<number>`attempts + 1`,
      last_error: error.slice(0, 1000),
      next_attempt_at: sql<Date>`now() + make_interval(mins => ${retryAfterMinutes})`,
    })
    .where('id', '=', id)
    .execute();
}

export function retryDelayMinutes(attemptsSoFar: number): number {
  return Math.min(2 ** Math.max(0, attemptsSoFar), 360);
}

/**
 * The outbox at a glance for the operator. Unsent emails fall in exactly one group: given up (out of
 * attempts), failing (the last try failed, another is due), or waiting (not yet tried, or tried and
 * reset without an error).
 */
export async function outboxSummary(tx: Tx) {
  const row = await tx
    .selectFrom('outgoing_emails')
    .select([
      sql<number>`count(*) filter (where sent_at is null and attempts < ${MAX_ATTEMPTS} and last_error is null)::int`.as('waiting'),
      sql<number>`count(*) filter (where sent_at is null and attempts < ${MAX_ATTEMPTS} and last_error is not null)::int`.as('failing'),
      sql<number>`count(*) filter (where sent_at is null and attempts >= ${MAX_ATTEMPTS})::int`.as('gaveUp'),
      sql<number>`count(*) filter (where sent_at >= now() - interval '24 hours')::int`.as('sentLast24h'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: row.waiting, failing: row.failing, gaveUp: row.gaveUp, sentLast24h: row.sentLast24h };
}

/** Every unsent email, oldest first, without its address or body (they may identify a member of the public). */
export async function listUndelivered(tx: Tx) {
  const rows = await tx
    .selectFrom('outgoing_emails')
    .select(['id', 'created_at', 'attempts', 'next_attempt_at', 'last_error', 'subject'])
    .where('sent_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    lastError: r.last_error,
    subject: r.subject,
  }));
}

/**
 * Makes unsent emails due now with a fresh set of attempts. The last error stays so the operator can see
 * why it failed until the next try replaces or clears it. Returns the ids made due.
 */
export async function retryEmails(tx: Tx, which: { id: string } | { allGivenUp: true }) {
  let query = tx
    .updateTable('outgoing_emails')
    .set({ attempts: 0, next_attempt_at: sql<Date>`now()` })
    .where('sent_at', 'is', null);
  query = 'id' in which ? query.where('id', '=', which.id) : query.where('attempts', '>=', MAX_ATTEMPTS);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Whether an email with this id exists and, if so, when it was sent. */
export async function findEmailState(tx: Tx, id: string) {
  return tx.selectFrom('outgoing_emails').select(['id', 'sent_at']).where('id', '=', id).executeTakeFirst();
}

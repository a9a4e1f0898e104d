import { sql } from 'kysely';
import type { Tx } from '../../core/db/database.js';

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
    .select(['id', 'to_address', 'subject', 'body', 'attempts'])
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

import type { Tx } from '../core/db/database.ts';

/** All SQL about reminders of returns. Sending runs as the system; asking for them as the provider user. */

export async function isSubscribed(tx: Tx, userId: string) {
  return !!(await tx.selectFrom('return_reminder_subscriptions').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

export async function subscribe(tx: Tx, userId: string) {
  await tx.insertInto('return_reminder_subscriptions').values({ user_id: userId }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
}

export async function unsubscribe(tx: Tx, userId: string) {
  await tx.deleteFrom('return_reminder_subscriptions').where('user_id', '=', userId).execute();
}

/** Each active provider user who asked for reminders, with every service their organisation runs. */
export async function subscribersAndServices(tx: Tx) {
  return tx
    .selectFrom('return_reminder_subscriptions as rs')
    .innerJoin('users as u', 'u.id', 'rs.user_id')
    .innerJoin('providers as p', 'p.org_id', 'u.org_id')
    .innerJoin('services as s', 's.provider_id', 'p.id')
    .select(['u.id as user_id', 'u.email', 's.id as service_id'])
    .where('u.role', '=', 'provider')
    .where('u.active', '=', true)
    .execute();
}

/** Remembers a reminder; false when it was sent before (so it is not sent again). */
export async function markSent(tx: Tx, r: { userId: string; serviceId: string; year: number; quarter: number; kind: 'week_before' | 'overdue' }) {
  const row = await tx
    .insertInto('return_reminders_sent')
    .values({ user_id: r.userId, service_id: r.serviceId, year: r.year, quarter: r.quarter, kind: r.kind })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

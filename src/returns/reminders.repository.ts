import { sql } from 'kysely';
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

/**
 * Each active provider user who asked for reminders, with every service their organisation runs: its own
 * providers' and, for a provider group, those of every branch under them (parent_provider_id, at any depth).
 */
export async function subscribersAndServices(tx: Tx) {
  const { rows } = await sql<{ user_id: string; email: string; service_id: string }>`
    with recursive run (org_id, provider_id, depth) as (
      select p.org_id, p.id, 0 from providers p where p.org_id is not null
      union all
      select run.org_id, p.id, run.depth + 1 from providers p join run on p.parent_provider_id = run.provider_id where run.depth < 20
    )
    select distinct u.id as user_id, u.email, s.id as service_id
    from return_reminder_subscriptions rs
    join users u on u.id = rs.user_id
    join run on run.org_id = u.org_id
    join services s on s.provider_id = run.provider_id
    where u.role = 'provider' and u.active`.execute(tx);
  return rows;
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

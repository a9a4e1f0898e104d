import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { groupProviderIds } from './subjects.repository.ts';

/**
 * All SQL about suspensions of new placements and their steps (started, lifted in part or in full,
 * reinstated, review date changed). Row-level security confines every query to the acting council's records.
 */

function suspensionsQuery(tx: Tx) {
  return tx
    .selectFrom('suspensions as x')
    .innerJoin('services as s', 's.id', 'x.service_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as u', 'u.id', 'x.created_by')
    .select([
      'x.id',
      'x.council_id',
      'x.service_id',
      'x.scope',
      'x.detail',
      'x.reason',
      'x.starts_on',
      'x.review_on',
      'x.scope_since',
      'x.status',
      'x.lifted_on',
      'x.created_at',
      'x.updated_at',
      's.name as service_name',
      's.postcode',
      'p.id as provider_id',
      'p.name as provider_name',
      'u.name as created_by_name',
      (eb) => eb.selectFrom('suspension_events as e').select((e) => e.fn.max('e.occurred_on').as('d')).whereRef('e.suspension_id', '=', 'x.id').as('last_event_on'),
    ]);
}

export type SuspensionRow = NonNullable<Awaited<ReturnType<typeof findSuspension>>>;

export async function findSuspension(tx: Tx, id: string) {
  return suspensionsQuery(tx).where('x.id', '=', id).executeTakeFirst();
}

export async function lockSuspension(tx: Tx, id: string) {
  await tx.selectFrom('suspensions').select('id').where('id', '=', id).forUpdate().execute();
}

export async function suspensionsForService(tx: Tx, serviceId: string) {
  return suspensionsQuery(tx).where('x.service_id', '=', serviceId).orderBy('x.starts_on', 'desc').orderBy('x.created_at', 'desc').execute();
}

export async function activeSuspensions(tx: Tx) {
  return suspensionsQuery(tx).where('x.status', '=', 'active').orderBy('x.scope').orderBy('x.scope_since').execute();
}

/** Every suspension, active or lifted, of the services of a provider group. */
export async function groupSuspensions(tx: Tx, providerId: string) {
  const ids = (await groupProviderIds(tx, providerId).selectFrom('grp').select('id').execute()).map((r) => r.id);
  return suspensionsQuery(tx).where('p.id', 'in', ids).orderBy(sql`lower(s.name)`).orderBy('x.starts_on', 'desc').execute();
}

export async function insertSuspension(
  tx: Tx,
  values: { councilId: string; serviceId: string; scope: 'full' | 'partial'; detail: string | null; reason: string; startsOn: string; reviewOn: string | null; createdBy: string },
) {
  return tx
    .insertInto('suspensions')
    .values({
      council_id: values.councilId,
      service_id: values.serviceId,
      scope: values.scope,
      detail: values.detail,
      reason: values.reason,
      starts_on: values.startsOn,
      review_on: values.reviewOn,
      scope_since: values.startsOn,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateSuspension(
  tx: Tx,
  id: string,
  values: Partial<{ scope: 'full' | 'partial'; detail: string | null; scopeSince: string; status: 'active' | 'lifted'; liftedOn: string | null; reviewOn: string | null }>,
) {
  await tx
    .updateTable('suspensions')
    .set({
      ...(values.scope !== undefined ? { scope: values.scope } : {}),
      ...(values.detail !== undefined ? { detail: values.detail } : {}),
      ...(values.scopeSince !== undefined ? { scope_since: values.scopeSince } : {}),
      ...(values.status !== undefined ? { status: values.status } : {}),
      ...(values.liftedOn !== undefined ? { lifted_on: values.liftedOn } : {}),
      ...(values.reviewOn !== undefined ? { review_on: values.reviewOn } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertSuspensionEvent(
  tx: Tx,
  values: { councilId: string; suspensionId: string; kind: 'started' | 'partially_lifted' | 'lifted' | 'reinstated' | 'review_date_changed'; occurredOn: string; scopeAfter: 'full' | 'partial' | null; detailAfter: string | null; reason: string; recordedBy: string },
) {
  await tx
    .insertInto('suspension_events')
    .values({
      council_id: values.councilId,
      suspension_id: values.suspensionId,
      kind: values.kind,
      occurred_on: values.occurredOn,
      scope_after: values.scopeAfter,
      detail_after: values.detailAfter,
      reason: values.reason,
      recorded_by: values.recordedBy,
    })
    .execute();
}

export async function suspensionEvents(tx: Tx, suspensionIds: readonly string[]) {
  if (!suspensionIds.length) return [];
  return tx
    .selectFrom('suspension_events as e')
    .leftJoin('users as u', 'u.id', 'e.recorded_by')
    .select(['e.id', 'e.suspension_id', 'e.kind', 'e.occurred_on', 'e.scope_after', 'e.detail_after', 'e.reason', 'e.created_at', 'u.name as recorded_by_name'])
    .where('e.suspension_id', 'in', suspensionIds)
    .orderBy('e.occurred_on')
    .orderBy('e.created_at')
    .execute();
}

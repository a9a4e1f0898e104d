import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';

/**
 * All SQL of the live status, sharing and alerts. Reading another council's status goes only through
 * live_status() (see the migration), which checks the sharing agreements itself.
 */

export interface LiveStatusRow {
  service_id: string;
  council_id: string;
  council_name: string;
  name: string;
  provider_id: string;
  provider_name: string;
  postcode: string;
  cqc_location_id: string | null;
  category: string;
  suspension_id: string | null;
  suspension_scope: 'full' | 'partial' | null;
  suspension_detail: string | null;
  suspension_since: string | null;
  suspension_review_on: string | null;
  concerns_stage: number | null;
  concerns_since: string | null;
  contract_processes: string[] | null;
  contract_since: string | null;
  cqc_overall: string | null;
  cqc_rated_on: string | null;
  assessment_band: string | null;
  assessment_published_on: string | null;
  risk_band: string | null;
  safeguarding_enquiry_open: boolean;
  updated_at: Date;
}

export interface LiveStatusQuery {
  readonly q?: string | undefined;
  readonly postcode?: string | undefined;
  readonly cqcLocationId?: string | undefined;
  readonly serviceId?: string | undefined;
  readonly purpose: 'live_status' | 'enter_and_view';
  readonly concernsOnly?: boolean;
  readonly after?: { readonly name: string; readonly id: string } | undefined;
  readonly limit: number;
}

/** The one query behind the list, its API and CSV, the service page and the Enter and View list. */
export async function liveStatus(tx: Tx, query: LiveStatusQuery): Promise<LiveStatusRow[]> {
  const result = await sql<LiveStatusRow>`
    select * from live_status(${query.q ?? null}, ${query.postcode ?? null}, ${query.cqcLocationId ?? null},
      ${query.serviceId ?? null}::uuid, ${query.purpose}, ${query.concernsOnly ?? false},
      ${query.after?.name ?? null}, ${query.after?.id ?? null}::uuid, ${query.limit})`.execute(tx);
  return result.rows.map((row) => ({ ...row, concerns_stage: row.concerns_stage === null ? null : Number(row.concerns_stage) }));
}

/**
 * Compares every service's kept status facts with the facts derived afresh from its records and refreshes any
 * that differ (service_status_repair(), see migration 20261207T0100); how many it refreshed.
 */
export async function repairKeptFacts(tx: Tx): Promise<number> {
  const result = await sql<{ repaired: number }>`select service_status_repair() as repaired`.execute(tx);
  return Number(result.rows[0]!.repaired);
}

// ---- sharing ----

export async function sharingAgreements(tx: Tx) {
  return tx
    .selectFrom('sharing_agreements as a')
    .innerJoin('organisations as o', 'o.id', 'a.council_id')
    .innerJoin('organisations as w', 'w.id', 'a.with_org_id')
    .leftJoin('users as c', 'c.id', 'a.created_by')
    .leftJoin('users as r', 'r.id', 'a.revoked_by')
    .select([
      'a.id',
      'a.council_id',
      'o.name as council_name',
      'a.with_org_id',
      'w.name as with_name',
      'w.code as with_code',
      'w.kind as with_kind',
      'a.live_status',
      'a.alerts',
      'a.enter_and_view',
      'a.reports',
      'a.created_at',
      'c.name as created_by_name',
      'a.revoked_at',
      'r.name as revoked_by_name',
    ])
    .orderBy('a.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('w.name')
    .orderBy('a.created_at', 'desc')
    .execute();
}

export async function findAgreement(tx: Tx, id: string) {
  return tx.selectFrom('sharing_agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeAgreement(tx: Tx, councilId: string, withOrgId: string) {
  return tx
    .selectFrom('sharing_agreements')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('with_org_id', '=', withOrgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertAgreement(
  tx: Tx,
  values: { councilId: string; withOrgId: string; liveStatus: boolean; alerts: boolean; enterAndView: boolean; reports?: boolean; createdBy: string | null },
) {
  return tx
    .insertInto('sharing_agreements')
    .values({
      council_id: values.councilId,
      with_org_id: values.withOrgId,
      live_status: values.liveStatus,
      alerts: values.alerts,
      enter_and_view: values.enterAndView,
      reports: values.reports ?? false,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function revokeAgreement(tx: Tx, id: string, revokedBy: string | null) {
  await tx.updateTable('sharing_agreements').set({ revoked_at: sql<Date>`now()`, revoked_by: revokedBy }).where('id', '=', id).execute();
}

/** Councils and partners a council can share with: every council but itself, and partners. */
export async function shareableOrganisations(tx: Tx, councilId: string) {
  return tx
    .selectFrom('organisations')
    .select(['id', 'name', 'code', 'kind'])
    .where('kind', 'in', ['council', 'partner'])
    .where('id', '<>', councilId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

export async function organisationByCode(tx: Tx, code: string) {
  return tx.selectFrom('organisations').select(['id', 'name', 'code', 'kind']).where('code', '=', code).executeTakeFirst();
}

export async function organisationById(tx: Tx, id: string) {
  return tx.selectFrom('organisations').select(['id', 'name', 'code', 'kind']).where('id', '=', id).executeTakeFirst();
}

// ---- alerts ----

export async function alerts(tx: Tx, options: { unreadOnly: boolean; limit: number; offset: number }) {
  let query = tx
    .selectFrom('alerts as a')
    .innerJoin('organisations as o', 'o.id', 'a.council_id')
    .select(['a.id', 'a.council_id', 'o.name as council_name', 'a.service_id', 'a.provider_id', 'a.event', 'a.summary', 'a.created_at', 'a.read_at'])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .limit(options.limit)
    .offset(options.offset);
  if (options.unreadOnly) query = query.where('a.read_at', 'is', null);
  return query.execute();
}

export async function alertExists(tx: Tx, id: string) {
  return !!(await tx.selectFrom('alerts').select('id').where('id', '=', id).executeTakeFirst());
}

export async function countAlerts(tx: Tx) {
  const row = await tx
    .selectFrom('alerts')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread) };
}

export async function markRead(tx: Tx, ids: readonly string[] | 'all', userId: string) {
  let query = tx.updateTable('alerts').set({ read_at: sql<Date>`now()`, read_by: userId }).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (!ids.length) return 0;
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function isSubscribed(tx: Tx, userId: string) {
  return !!(await tx.selectFrom('alert_subscriptions').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

export async function setSubscribed(tx: Tx, userId: string, subscribed: boolean) {
  if (subscribed) {
    await tx.insertInto('alert_subscriptions').values({ user_id: userId }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  } else {
    await tx.deleteFrom('alert_subscriptions').where('user_id', '=', userId).execute();
  }
}

/** The councils that share their quarterly headline figures with an organisation (an agreement in force). */
export async function councilsSharingReportsWith(tx: Tx, orgId: string) {
  return tx
    .selectFrom('sharing_agreements as a')
    .innerJoin('organisations as o', 'o.id', 'a.council_id')
    .select(['o.id', 'o.name'])
    .where('a.with_org_id', '=', orgId)
    .where('a.reports', '=', true)
    .where('a.revoked_at', 'is', null)
    .orderBy('o.name')
    .execute();
}

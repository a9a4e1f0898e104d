import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ContingencyStatus, MarketEventKind } from '../core/db/schema.ts';

/** All SQL of market events and contingency plans. Every function takes the transaction first; row-level security confines it. */

export async function findProvider(tx: Tx, id: string) {
  return tx.selectFrom('providers').select(['id', 'council_id', 'name', 'parent_provider_id']).where('id', '=', id).executeTakeFirst();
}

export async function providerOfService(tx: Tx, serviceId: string) {
  return (await tx.selectFrom('services').select('provider_id').where('id', '=', serviceId).executeTakeFirst())?.provider_id;
}

/** The council's providers, for the event form: groups (those with branches) first, then by name. */
export async function councilProviders(tx: Tx, councilId: string) {
  return tx
    .selectFrom('providers as p')
    .select(['p.id', 'p.name', sql<number>`(select count(*)::int from providers c where c.parent_provider_id = p.id)`.as('branches')])
    .where('p.council_id', '=', councilId)
    .orderBy(sql`(select count(*) from providers c where c.parent_provider_id = p.id) > 0`, 'desc')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}

export interface GroupServiceRow {
  service_id: string;
  council_id: string;
  council_name: string;
  service_name: string;
  provider_name: string;
  category: string;
  funded_people: number;
  beds: number | null;
  hours_per_week: number | null;
  not_commissioned: boolean;
}

/** The group's services at stake, here and in the councils sharing their live status (market_group_services). */
export async function groupServices(tx: Tx, providerId: string): Promise<GroupServiceRow[]> {
  const result = await sql<GroupServiceRow>`select * from market_group_services(${providerId})`.execute(tx);
  return result.rows;
}

export async function leadOfficers(tx: Tx, serviceIds: readonly string[]) {
  if (!serviceIds.length) return new Map<string, string | null>();
  const rows = await tx.selectFrom('services').select(['id', 'lead_officer_id']).where('id', 'in', serviceIds).execute();
  return new Map(rows.map((r) => [r.id, r.lead_officer_id]));
}

export async function insertEvent(
  tx: Tx,
  v: { councilId: string; providerId: string; kind: MarketEventKind; occurredOn: string; source: string; summary: string; intelligenceId: string | null; createdBy: string },
) {
  return tx
    .insertInto('market_events')
    .values({ council_id: v.councilId, provider_id: v.providerId, kind: v.kind, occurred_on: v.occurredOn, source: v.source, summary: v.summary, intelligence_id: v.intelligenceId, created_by: v.createdBy })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

function events(tx: Tx) {
  return tx
    .selectFrom('market_events as e')
    .innerJoin('providers as p', 'p.id', 'e.provider_id')
    .leftJoin('contingency_plans as c', 'c.market_event_id', 'e.id')
    .select(['e.id', 'e.provider_id', 'p.name as provider_name', 'e.kind', 'e.occurred_on', 'e.source', 'e.summary', 'e.intelligence_id', 'e.created_at', 'c.id as plan_id']);
}

export type EventRow = Awaited<ReturnType<typeof findEvent>> & {};

export async function findEvent(tx: Tx, id: string) {
  return events(tx).where('e.id', '=', id).executeTakeFirst();
}

export async function councilEvents(tx: Tx) {
  return events(tx).orderBy('e.occurred_on', 'desc').orderBy('e.created_at', 'desc').execute();
}

/** Events recorded on the service's provider or on any group above it. */
export async function eventsForService(tx: Tx, serviceId: string) {
  return events(tx)
    .where(
      'e.provider_id',
      'in',
      sql<string>`(with recursive up (id, parent) as (
        select p.id, p.parent_provider_id from services s join providers p on p.id = s.provider_id where s.id = ${serviceId}
        union
        select p.id, p.parent_provider_id from providers p join up on p.id = up.parent
      ) select id from up)`,
    )
    .orderBy('e.occurred_on', 'desc')
    .execute();
}

export async function insertPlan(tx: Tx, v: { councilId: string; providerId: string; eventId: string; visitEveryDays: number | null; createdBy: string }) {
  return tx
    .insertInto('contingency_plans')
    .values({ council_id: v.councilId, provider_id: v.providerId, market_event_id: v.eventId, visit_every_days: v.visitEveryDays, created_by: v.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertPlanServices(tx: Tx, planId: string, councilId: string, rows: readonly GroupServiceRow[]) {
  if (!rows.length) return;
  await tx
    .insertInto('contingency_plan_services')
    .values(
      rows.map((r) => ({
        plan_id: planId,
        council_id: councilId,
        service_id: r.service_id,
        service_council_id: r.council_id,
        council_name: r.council_name,
        service_name: r.service_name,
        provider_name: r.provider_name,
        category: r.category,
        not_commissioned: r.not_commissioned,
        people_funded: r.funded_people,
        beds: r.beds,
        hours_per_week: r.hours_per_week,
      })),
    )
    .execute();
}

function plans(tx: Tx) {
  return tx
    .selectFrom('contingency_plans as c')
    .innerJoin('market_events as e', 'e.id', 'c.market_event_id')
    .innerJoin('providers as p', 'p.id', 'c.provider_id')
    .select([
      'c.id',
      'c.council_id',
      'c.provider_id',
      'p.name as provider_name',
      'c.status',
      'c.visit_every_days',
      'c.created_at',
      'c.updated_at',
      'e.id as event_id',
      'e.kind',
      'e.occurred_on',
      'e.source',
      'e.summary',
      sql<number>`(select count(*)::int from contingency_plan_services ps where ps.plan_id = c.id)`.as('services'),
      sql<number>`(select count(*)::int from contingency_actions a where a.plan_id = c.id and a.done_on is null)`.as('open_actions'),
    ]);
}

export async function findPlan(tx: Tx, id: string) {
  return plans(tx).where('c.id', '=', id).executeTakeFirst();
}

export async function councilPlans(tx: Tx, status?: ContingencyStatus) {
  let query = plans(tx);
  if (status) query = query.where('c.status', '=', status);
  return query.orderBy(sql`c.status = 'closed'`).orderBy('e.occurred_on', 'desc').orderBy('c.id').execute();
}

export async function planServices(tx: Tx, planId: string) {
  return tx.selectFrom('contingency_plan_services').selectAll().where('plan_id', '=', planId).orderBy(sql`service_council_id <> council_id`).orderBy('council_name').orderBy('service_name').execute();
}

export async function setPeopleFunded(tx: Tx, planId: string, serviceId: string, peopleFunded: number) {
  const result = await tx.updateTable('contingency_plan_services').set({ people_funded: peopleFunded }).where('plan_id', '=', planId).where('service_id', '=', serviceId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setStatus(tx: Tx, planId: string, status: ContingencyStatus) {
  await tx.updateTable('contingency_plans').set({ status }).where('id', '=', planId).execute();
}

export async function setVisitEvery(tx: Tx, planId: string, days: number | null) {
  await tx.updateTable('contingency_plans').set({ visit_every_days: days }).where('id', '=', planId).execute();
}

export async function planActions(tx: Tx, planId: string) {
  return tx.selectFrom('contingency_actions').selectAll().where('plan_id', '=', planId).orderBy('due_on').orderBy('created_at').execute();
}

export async function insertAction(tx: Tx, v: { planId: string; councilId: string; description: string; ownerName: string; dueOn: string; createdBy: string }) {
  return tx
    .insertInto('contingency_actions')
    .values({ plan_id: v.planId, council_id: v.councilId, description: v.description, owner_name: v.ownerName, due_on: v.dueOn, created_by: v.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function completeAction(tx: Tx, planId: string, actionId: string, doneOn: string) {
  const result = await tx.updateTable('contingency_actions').set({ done_on: doneOn }).where('id', '=', actionId).where('plan_id', '=', planId).where('done_on', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertAssuranceRequests(tx: Tx, planId: string, councilId: string, serviceIds: readonly string[], fromOn: string, untilOn: string) {
  if (!serviceIds.length) return;
  await tx
    .insertInto('assurance_requests')
    .values(serviceIds.map((id) => ({ plan_id: planId, council_id: councilId, service_id: id, from_on: fromOn, until_on: untilOn })))
    .onConflict((oc) => oc.columns(['plan_id', 'service_id']).doUpdateSet({ until_on: untilOn }))
    .execute();
}

/** Capacity elsewhere: the council's commissioned services with registered beds, of the categories given, outside the plan. */
export async function bedsElsewhere(tx: Tx, councilId: string, categories: readonly string[], excluding: readonly string[]) {
  if (!categories.length) return [];
  let query = tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.category', 's.beds', 'p.name as provider_name'])
    .where('s.council_id', '=', councilId)
    .where('s.not_commissioned', '=', false)
    .where('s.beds', 'is not', null)
    .where('s.category', 'in', categories);
  if (excluding.length) query = query.where('s.id', 'not in', excluding);
  return query.orderBy('s.name').orderBy('s.id').execute();
}

import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { JointPartner, VisitKind } from './visit.rules.ts';

/** All SQL of visits. Every function runs inside the caller's unit of work, under row-level security. */

export interface NewVisit {
  councilId: string;
  serviceId: string;
  kind: VisitKind;
  jointWith: readonly JointPartner[];
  jointDetail: string | null;
  purpose: string | null;
  dueBy: string | null;
  plannedOn: string | null;
  visitedOn: string | null;
  outcome: string | null;
  officerId: string | null;
  assessmentId: string | null;
  actionPlanId: string | null;
  createdBy: string;
}

export async function insertVisit(tx: Tx, v: NewVisit): Promise<string> {
  const row = await tx
    .insertInto('visits')
    .values({
      council_id: v.councilId,
      service_id: v.serviceId,
      kind: v.kind,
      joint_with: [...v.jointWith],
      joint_detail: v.jointDetail,
      purpose: v.purpose,
      due_by: v.dueBy,
      planned_on: v.plannedOn,
      visited_on: v.visitedOn,
      outcome: v.outcome,
      recorded_by: v.visitedOn ? v.createdBy : null,
      officer_id: v.officerId,
      assessment_id: v.assessmentId,
      action_plan_id: v.actionPlanId,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function visitQuery(tx: Tx) {
  return tx
    .selectFrom('visits as v')
    .innerJoin('services as s', 's.id', 'v.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as o', 'o.id', 'v.officer_id')
    .leftJoin('users as r', 'r.id', 'v.recorded_by')
    .select([
      'v.id',
      'v.council_id',
      'v.service_id',
      'v.kind',
      'v.joint_with',
      'v.joint_detail',
      'v.purpose',
      'v.due_by',
      'v.planned_on',
      'v.visited_on',
      'v.officer_id',
      'v.outcome',
      'v.assessment_id',
      'v.action_plan_id',
      'v.cancelled_on',
      'v.cancel_reason',
      'v.created_by',
      'v.created_at',
      'v.updated_at',
      'o.name as officer_name',
      'r.name as recorded_by_name',
      's.name as service_name',
      's.lead_officer_id',
      'p.name as provider_name',
    ]);
}

export type VisitRow = NonNullable<Awaited<ReturnType<typeof findVisit>>>;

export function findVisit(tx: Tx, id: string) {
  return visitQuery(tx).where('v.id', '=', id).executeTakeFirst();
}

/** Every visit to a service: those still to happen first (soonest first), then the rest newest first. */
export function visitsOfService(tx: Tx, serviceId: string) {
  return visitQuery(tx)
    .where('v.service_id', '=', serviceId)
    .orderBy(sql`case when v.visited_on is null and v.cancelled_on is null then 0 else 1 end`)
    .orderBy(sql`case when v.visited_on is null and v.cancelled_on is null then coalesce(v.planned_on, v.due_by) end`)
    .orderBy(sql`coalesce(v.visited_on, v.cancelled_on, v.planned_on, v.due_by)`, 'desc')
    .orderBy('v.created_at', 'desc')
    .execute();
}

/** Every visit of the council (or of one of its services), newest first by the day it happened or is planned for. */
export function councilVisits(tx: Tx, councilId: string, serviceId?: string) {
  let query = visitQuery(tx).where('v.council_id', '=', councilId);
  if (serviceId) query = query.where('v.service_id', '=', serviceId);
  return query
    .orderBy(sql`coalesce(v.visited_on, v.cancelled_on, v.planned_on, v.due_by)`, 'desc')
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id')
    .execute();
}

/** The council's visits that have not happened and are not cancelled, soonest first. */
export function openVisits(tx: Tx) {
  return visitQuery(tx)
    .where('v.visited_on', 'is', null)
    .where('v.cancelled_on', 'is', null)
    .orderBy(sql`coalesce(v.planned_on, v.due_by)`)
    .orderBy('v.created_at')
    .execute();
}

interface VisitChange {
  planned_on?: string | null;
  due_by?: string | null;
  officer_id?: string | null;
  purpose?: string | null;
  joint_with?: string[];
  joint_detail?: string | null;
  visited_on?: string;
  outcome?: string;
  recorded_by?: string;
  cancelled_on?: string;
  cancel_reason?: string;
}

/** Changes a visit that is still to happen; returns whether it was (someone may have recorded or cancelled it first). */
export async function updateOpenVisit(tx: Tx, id: string, change: VisitChange): Promise<boolean> {
  const result = await tx.updateTable('visits').set(change).where('id', '=', id).where('visited_on', 'is', null).where('cancelled_on', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Changes what was recorded about a visit that happened (a correction; the audit trail keeps what it said). */
export async function updateRecordedVisit(tx: Tx, id: string, change: Pick<VisitChange, 'visited_on' | 'outcome' | 'officer_id'>): Promise<boolean> {
  const result = await tx.updateTable('visits').set(change).where('id', '=', id).where('visited_on', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The live update visit of an action plan, if any. */
export function followUpOfPlan(tx: Tx, planId: string) {
  return visitQuery(tx).where('v.action_plan_id', '=', planId).where('v.kind', '=', 'follow_up').where('v.cancelled_on', 'is', null).executeTakeFirst();
}

/** The council's people who make visits: active administrators, commissioners and quality officers. */
export function visitingOfficers(tx: Tx, councilId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', councilId)
    .where('active', '=', true)
    .where('role', 'in', ['admin', 'commissioner', 'officer'])
    .orderBy('name')
    .execute();
}

export function serviceHeader(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('services as s')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.council_id', 's.name', 's.lead_officer_id', 'p.name as provider_name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

/**
 * Visits made by the council in a period, counted by kind (for the quarterly report: "full and drop-in
 * visits"), optionally for one service category. Both dates are inclusive.
 */
export async function countVisitsByKind(tx: Tx, from: string, to: string, category?: string): Promise<Record<VisitKind, number>> {
  let query = tx
    .selectFrom('visits as v')
    .innerJoin('services as s', 's.id', 'v.service_id')
    .select(['v.kind', sql<number>`count(*)::int`.as('n')])
    .where('v.visited_on', '>=', from)
    .where('v.visited_on', '<=', to)
    .groupBy('v.kind');
  if (category) query = query.where('s.category', '=', category);
  const rows = await query.execute();
  const counts: Record<VisitKind, number> = { full: 0, drop_in: 0, support: 0, follow_up: 0, joint: 0, relatives_surgery: 0 };
  for (const r of rows) counts[r.kind] = r.n;
  return counts;
}

/** The latest day each service was visited (any kind), for schedules that count from the last contact. */
export async function lastVisitedOn(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, string>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('visits')
    .select(['service_id', sql<string>`max(visited_on)`.as('on')])
    .where('service_id', 'in', [...serviceIds])
    .where('visited_on', 'is not', null)
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, r.on]));
}

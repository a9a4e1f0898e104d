import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { PlanStatus } from './action-plan.rules.ts';

/** All SQL of action plans themselves. Every function runs inside the caller's unit of work, under row-level security. */

interface NewPlan {
  councilId: string;
  serviceId: string;
  assessmentId: string;
  assessedOn: string;
  createdBy: string;
}

/** Inserts the plan unless the assessment already has one (two people opening it at once); returns the new id or undefined. */
export async function insertPlan(tx: Tx, plan: NewPlan): Promise<string | undefined> {
  const row = await tx
    .insertInto('action_plans')
    .values({ council_id: plan.councilId, service_id: plan.serviceId, assessment_id: plan.assessmentId, assessed_on: plan.assessedOn, created_by: plan.createdBy })
    .onConflict((oc) => oc.column('assessment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

function planQuery(tx: Tx) {
  return tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as sharer', 'sharer.id', 'ap.shared_by')
    .leftJoin('users as closer', 'closer.id', 'ap.closed_by')
    .select([
      'ap.id',
      'ap.council_id',
      'ap.service_id',
      'ap.assessment_id',
      'ap.status',
      'ap.assessed_on',
      'ap.shared_on',
      'ap.agreed_on',
      'ap.agreed_by_name',
      'ap.change_request',
      'ap.change_requested_by_name',
      'ap.change_requested_at',
      'ap.completed_on',
      'ap.closed_on',
      'ap.close_reason',
      'ap.created_at',
      'ap.updated_at',
      'sharer.name as shared_by_name',
      'closer.name as closed_by_name',
      's.name as service_name',
      'p.name as provider_name',
    ]);
}

export function findPlan(tx: Tx, planId: string) {
  return planQuery(tx).where('ap.id', '=', planId).executeTakeFirst();
}

export async function planIdForAssessment(tx: Tx, assessmentId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('action_plans').select('id').where('assessment_id', '=', assessmentId).executeTakeFirst();
  return row?.id;
}

/** Locks the plan row for the rest of the unit of work, so two changes to one plan happen one after the other. */
export async function lockPlan(tx: Tx, planId: string): Promise<PlanStatus | undefined> {
  const row = await tx.selectFrom('action_plans').select('status').where('id', '=', planId).forUpdate().executeTakeFirst();
  return row?.status;
}

interface PlanChange {
  status?: PlanStatus;
  shared_on?: string | null;
  shared_by?: string | null;
  agreed_on?: string | null;
  agreed_by?: string | null;
  agreed_by_name?: string | null;
  change_request?: string | null;
  change_requested_by?: string | null;
  change_requested_by_name?: string | null;
  change_requested_at?: Date | null;
  completed_on?: string | null;
  closed_on?: string | null;
  closed_by?: string | null;
  close_reason?: string | null;
}

export async function updatePlan(tx: Tx, planId: string, change: PlanChange): Promise<void> {
  await tx.updateTable('action_plans').set(change).where('id', '=', planId).execute();
}

interface PlanFilter {
  status?: PlanStatus | 'open' | undefined;
  /** The council's own plans, for its staff: found by its index rather than by checking every plan in the database. */
  councilId?: string | undefined;
  serviceId?: string | undefined;
  limit: number;
  offset: number;
}

/** Plans with counts of their actions, overdue actions and updates waiting for a decision, newest first. */
export function listPlans(tx: Tx, filter: PlanFilter, today: string) {
  let query = tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select((eb) => [
      'ap.id',
      'ap.service_id',
      'ap.assessment_id',
      'ap.status',
      'ap.assessed_on',
      'ap.shared_on',
      'ap.agreed_on',
      'ap.completed_on',
      'ap.closed_on',
      's.name as service_name',
      'p.name as provider_name',
      eb.selectFrom('actions as x').select(sql<number>`count(*)::int`.as('n')).whereRef('x.plan_id', '=', 'ap.id').as('actions'),
      eb
        .selectFrom('actions as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('x.due_on', '<', today)
        .where('x.status', 'not in', ['done', 'verified'])
        .as('overdue'),
      eb
        .selectFrom('actions as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('x.status', '=', 'verified')
        .as('verified'),
      eb
        .selectFrom('action_updates as u')
        .innerJoin('actions as x', 'x.id', 'u.action_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('u.decision', 'is', null)
        .as('pending_updates'),
    ]);
  if (filter.status === 'open') query = query.where('ap.status', 'in', ['draft', 'shared', 'agreed', 'in_progress']);
  else if (filter.status) query = query.where('ap.status', '=', filter.status);
  if (filter.councilId) query = query.where('ap.council_id', '=', filter.councilId);
  if (filter.serviceId) query = query.where('ap.service_id', '=', filter.serviceId);
  return query.orderBy('ap.assessed_on', 'desc').orderBy('ap.id').limit(filter.limit).offset(filter.offset).execute();
}

/** Plans of one service with their action counts, for the service page. */
export function servicePlanSummaries(tx: Tx, serviceId: string, today: string) {
  return listPlans(tx, { serviceId, limit: 100, offset: 0 }, today);
}

/** The dated events of a service's plans for its timeline: agreements, completions and verified actions. */
export async function timelineFacts(tx: Tx, serviceId: string) {
  const plans = await tx
    .selectFrom('action_plans')
    .select(['id', 'assessment_id', 'agreed_on', 'agreed_by_name', 'completed_on', 'closed_on', 'close_reason'])
    .where('service_id', '=', serviceId)
    .execute();
  const verified = await tx
    .selectFrom('action_updates as u')
    .innerJoin('actions as x', 'x.id', 'u.action_id')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .select(['u.id', 'u.action_id', 'u.decided_at', 'x.position', 'x.description', 'ap.id as plan_id'])
    .where('ap.service_id', '=', serviceId)
    .where('u.decision', '=', 'verified')
    .where('u.reported_status', '=', 'done')
    .execute();
  return { plans, verified };
}

/** Which of these assessments already have a plan. */
export async function assessmentsWithPlan(tx: Tx, assessmentIds: readonly string[]): Promise<Set<string>> {
  if (assessmentIds.length === 0) return new Set();
  const rows = await tx.selectFrom('action_plans').select('assessment_id').where('assessment_id', 'in', [...assessmentIds]).execute();
  return new Set(rows.map((r) => r.assessment_id));
}

/** A service's plans, newest first (the 20 a visit is most likely to follow up). */
export function plansOfService(tx: Tx, serviceId: string) {
  return tx.selectFrom('action_plans').select(['id', 'status', 'assessed_on']).where('service_id', '=', serviceId).orderBy('assessed_on', 'desc').limit(20).execute();
}

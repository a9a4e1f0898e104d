import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { OPEN_PLAN_STATUSES, type ActionStatus, type PlanStatus } from './action-plan.rules.ts';

/** What other capabilities read of action plans, in their own unit of work (row-level security applies). */

/** An action not yet done or verified, of a plan still open, reduced to what decides whether it is overdue. */
export interface OpenAction {
  readonly actionId: string;
  readonly planId: string;
  readonly serviceId: string;
  readonly planStatus: PlanStatus;
  readonly status: ActionStatus;
  readonly dueOn: string;
}

/** The unfinished actions of the open plans of the services given (isActionOverdue says which are overdue). */
export async function openActions(tx: Tx, serviceIds: readonly string[]): Promise<OpenAction[]> {
  if (!serviceIds.length) return [];
  const rows = await tx
    .selectFrom('actions as x')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .select(['x.id', 'x.plan_id', 'ap.service_id', 'ap.status as plan_status', 'x.status', 'x.due_on'])
    .where('ap.service_id', 'in', serviceIds)
    .where('ap.status', 'in', [...OPEN_PLAN_STATUSES])
    .where('x.status', 'not in', ['done', 'verified'])
    .execute();
  return rows.map((r) => ({ actionId: r.id, planId: r.plan_id, serviceId: r.service_id, planStatus: r.plan_status, status: r.status, dueOn: r.due_on }));
}

/** An action plan reduced to what the quarterly summary counts. */
export interface ReportedActionPlan {
  readonly id: string;
  readonly serviceId: string;
  /** The assessment it answers (the plan is drafted when that assessment is completed). */
  readonly assessmentId: string;
  /** The day the assessment it answers was made (the plan's own record of it). */
  readonly assessedOn: string;
  /** The day it stopped being open (completed or closed), if it has. */
  readonly endedOn: string | null;
}

/** The council's action plans. */
export async function reportedActionPlans(tx: Tx, councilId: string): Promise<ReportedActionPlan[]> {
  const rows = await tx
    .selectFrom('action_plans')
    .select(['id', 'service_id', 'assessment_id', 'status', sql<string>`assessed_on::text`.as('assessed_on'), sql<string | null>`coalesce(closed_on, completed_on)::text`.as('ended_on')])
    .where('council_id', '=', councilId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    assessmentId: r.assessment_id,
    assessedOn: r.assessed_on,
    endedOn: OPEN_PLAN_STATUSES.includes(r.status) ? null : (r.ended_on ?? r.assessed_on),
  }));
}

import { today } from '../core/clock.ts';
import type { Tx } from '../core/db/database.ts';
import { toVisit, type Visit } from './visit.model.ts';
import { followUpDueBy } from './visit.rules.ts';
import * as repo from './visits.repository.ts';

/**
 * The update visit an action plan needs (seed 002) is a visit like any other: planned, rearranged,
 * recorded or cancelled on the visit pages. Action plans own the need for it (drafting a plan schedules
 * one, closing a plan cancels it, the plan's page shows it) and ask for it here, inside their own unit of
 * work. These run under the caller's row-level security: visits are the council's own record.
 */

interface UpdateVisitFor {
  readonly councilId: string;
  readonly serviceId: string;
  readonly assessmentId: string;
  readonly actionPlanId: string;
  /** The day of the assessment: the visit is due within three months of it. */
  readonly assessedOn: string;
  /** Who makes it: the service's lead officer, say. */
  readonly officerId: string;
  readonly createdBy: string;
}

/** Schedules the update visit of a plan just drafted: to arrange, due by three months after the assessment. */
export async function scheduleUpdateVisit(tx: Tx, plan: UpdateVisitFor): Promise<string> {
  return repo.insertVisit(tx, {
    councilId: plan.councilId,
    serviceId: plan.serviceId,
    kind: 'follow_up',
    jointWith: [],
    jointDetail: null,
    purpose: 'Check that every action of the action plan has been completed.',
    dueBy: followUpDueBy(plan.assessedOn),
    plannedOn: null,
    visitedOn: null,
    outcome: null,
    officerId: plan.officerId,
    assessmentId: plan.assessmentId,
    actionPlanId: plan.actionPlanId,
    createdBy: plan.createdBy,
  });
}

/** The plan's update visit that has not been cancelled (made or still to make), if there is one. */
export async function updateVisitOfPlan(tx: Tx, planId: string): Promise<Visit | undefined> {
  const row = await repo.followUpOfPlan(tx, planId);
  return row ? toVisit(row, today()) : undefined;
}

/** Cancels the plan's update visit, with the reason, unless it has been made already. */
export async function cancelUpdateVisit(tx: Tx, planId: string, reason: string): Promise<void> {
  const visit = await repo.followUpOfPlan(tx, planId);
  if (visit && !visit.visited_on) await repo.updateOpenVisit(tx, visit.id, { cancelled_on: today(), cancel_reason: reason.slice(0, 2000) });
}

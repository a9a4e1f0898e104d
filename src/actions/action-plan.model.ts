import { assessmentOutline, type Domain } from '../assessments/index.ts';
import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Tx } from '../core/db/database.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { followUpDueBy, updateVisitOfPlan, type Visit } from '../visits/index.ts';
import {
  ACTION_STATUS_LABELS,
  OPEN_PLAN_STATUSES,
  OWNER_ORG_LABELS,
  PLAN_STATUS_LABELS,
  REPORTED_STATUS_LABELS,
  isActionDueSoon,
  isActionOverdue,
  isMilestoneOverdue,
  type ActionStatus,
  type Decision,
  type OwnerOrg,
  type PlanStatus,
  type ReportedStatus,
} from './action-plan.rules.ts';
import * as repo from './actions.repository.ts';
import * as plansRepo from './plans.repository.ts';

/** An action plan as the rest of the app sees it, and the one way it is read from the database. */

export interface Milestone {
  readonly id: string;
  readonly description: string;
  readonly dueOn: string;
  readonly doneOn: string | null;
  readonly overdue: boolean;
}

export interface ActionUpdate {
  readonly id: string;
  readonly authorName: string;
  readonly authorOrgName: string;
  readonly fromProvider: boolean;
  readonly body: string;
  readonly reportedStatus: ReportedStatus;
  readonly reportedStatusLabel: string;
  readonly createdAt: Date;
  readonly decision: Decision | null;
  readonly decisionReason: string | null;
  readonly decidedByName: string | null;
  readonly decidedAt: Date | null;
}

export interface Action {
  readonly id: string;
  readonly planId: string;
  /** 1, 2, 3… within the plan. */
  readonly number: number;
  readonly questionId: string | null;
  readonly questionNumber: string | null;
  readonly questionText: string | null;
  readonly domainId: string;
  readonly domainName: string;
  readonly description: string;
  readonly ownerOrg: OwnerOrg;
  readonly ownerOrgLabel: string;
  readonly ownerName: string | null;
  readonly dueOn: string;
  readonly status: ActionStatus;
  readonly statusLabel: string;
  readonly overdue: boolean;
  readonly dueSoon: boolean;
  readonly milestones: readonly Milestone[];
  readonly updates: readonly ActionUpdate[];
  readonly pendingUpdates: number;
}

export interface ActionPlan {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly assessmentId: string;
  readonly assessmentStatus: 'draft' | 'completed' | 'published';
  readonly frameworkName: string;
  readonly status: PlanStatus;
  readonly statusLabel: string;
  readonly assessedOn: string;
  readonly sharedOn: string | null;
  readonly sharedBy: string | null;
  readonly agreedOn: string | null;
  readonly agreedBy: string | null;
  readonly changeRequest: { readonly text: string; readonly by: string | null; readonly at: Date | null } | null;
  readonly completedOn: string | null;
  readonly closedOn: string | null;
  readonly closedBy: string | null;
  readonly closeReason: string | null;
  readonly updatedAt: Date;
  /** The day the update visit is due by (null once the plan is closed and the visit cancelled). */
  readonly followUpVisitDueBy: string | null;
  /** The update visit itself: only for the council (visits are never shown to providers). */
  readonly followUpVisit: Visit | null;
  readonly actions: readonly Action[];
  readonly counts: { readonly actions: number; readonly overdue: number; readonly verified: number; readonly pendingUpdates: number };
  /** The framework's domains and questions, for choosing what an action addresses. */
  readonly domains: readonly Domain[];
}

export interface PlanListItem {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly assessmentId: string;
  readonly status: PlanStatus;
  readonly statusLabel: string;
  readonly assessedOn: string;
  readonly agreedOn: string | null;
  readonly actions: number;
  readonly overdue: number;
  readonly verified: number;
  readonly pendingUpdates: number;
}

/** The plan with its actions, their milestones and updates, what is overdue today, and (for the council) its update visit. */
export async function loadPlan(tx: Tx, actor: Actor, planId: string): Promise<ActionPlan> {
  const row = await plansRepo.findPlan(tx, planId);
  const assessment = row && (await assessmentOutline(tx, row.assessment_id));
  if (!row || !assessment) throw new NotFound('Action plan');
  const on = today();
  const domains = assessment.domains;
  const domainById = new Map(domains.map((d) => [d.id, d]));
  const questionById = new Map(domains.flatMap((d) => d.questions.map((q) => [q.id, q] as const)));
  const actionRows = await repo.listActions(tx, planId);
  const ids = actionRows.map((a) => a.id);
  const [milestoneRows, updateRows] = await Promise.all([repo.listMilestones(tx, ids), repo.listUpdates(tx, ids)]);
  const actions = actionRows.map((a): Action => {
    const question = a.question_id ? questionById.get(a.question_id) : undefined;
    const updates = updateRows.filter((u) => u.action_id === a.id).map(toUpdate);
    return {
      id: a.id,
      planId,
      number: a.position,
      questionId: a.question_id,
      questionNumber: question?.number ?? null,
      questionText: question?.text ?? null,
      domainId: a.domain_id,
      domainName: domainById.get(a.domain_id)?.name ?? '',
      description: a.description,
      ownerOrg: a.owner_org,
      ownerOrgLabel: OWNER_ORG_LABELS[a.owner_org],
      ownerName: a.owner_name,
      dueOn: a.due_on,
      status: a.status,
      statusLabel: ACTION_STATUS_LABELS[a.status],
      overdue: isActionOverdue({ dueOn: a.due_on, status: a.status }, row.status, on),
      dueSoon: isActionDueSoon({ dueOn: a.due_on, status: a.status }, row.status, on),
      milestones: milestoneRows
        .filter((m) => m.action_id === a.id)
        .map((m) => ({ id: m.id, description: m.description, dueOn: m.due_on, doneOn: m.done_on, overdue: isMilestoneOverdue({ dueOn: m.due_on, doneOn: m.done_on }, a.status, row.status, on) })),
      updates,
      pendingUpdates: updates.filter((u) => u.decision === null).length,
    };
  });
  const council = can(actor, 'visits.read');
  const followUpVisit = council ? ((await updateVisitOfPlan(tx, planId)) ?? null) : null;
  return {
    id: row.id,
    councilId: row.council_id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    providerName: row.provider_name,
    assessmentId: row.assessment_id,
    assessmentStatus: assessment.status,
    frameworkName: assessment.frameworkName,
    status: row.status,
    statusLabel: PLAN_STATUS_LABELS[row.status],
    assessedOn: row.assessed_on,
    sharedOn: row.shared_on,
    sharedBy: row.shared_by_name,
    agreedOn: row.agreed_on,
    agreedBy: row.agreed_by_name,
    changeRequest: row.change_request ? { text: row.change_request, by: row.change_requested_by_name, at: row.change_requested_at } : null,
    completedOn: row.completed_on,
    closedOn: row.closed_on,
    closedBy: row.closed_by_name,
    closeReason: row.close_reason,
    updatedAt: row.updated_at,
    followUpVisitDueBy: council ? (followUpVisit?.dueBy ?? null) : row.status === 'closed' ? null : followUpDueBy(row.assessed_on),
    followUpVisit,
    actions,
    counts: {
      actions: actions.length,
      overdue: actions.filter((a) => a.overdue).length,
      verified: actions.filter((a) => a.status === 'verified').length,
      pendingUpdates: actions.reduce((n, a) => n + a.pendingUpdates, 0),
    },
    domains,
  };
}

/** Loads a plan for a change: locked against concurrent changes, and in one of the statuses the change needs. */
export async function planForChange(tx: Tx, actor: Actor, planId: string, allowed: readonly PlanStatus[], what: string): Promise<ActionPlan> {
  const status = await plansRepo.lockPlan(tx, planId);
  if (!status) throw new NotFound('Action plan');
  if (!allowed.includes(status)) throw new Conflict(`${what} only while the action plan is ${allowed.map((s) => PLAN_STATUS_LABELS[s].toLowerCase()).join(' or ')}`);
  return loadPlan(tx, actor, planId);
}

export async function actionOf(tx: Tx, actionId: string) {
  const action = await repo.findAction(tx, actionId);
  if (!action) throw new NotFound('Action');
  return action;
}

function toUpdate(u: repo.UpdateRow): ActionUpdate {
  return {
    id: u.id,
    authorName: u.author_name,
    authorOrgName: u.author_org_name,
    fromProvider: u.author_org_kind === 'provider',
    body: u.body,
    reportedStatus: u.reported_status,
    reportedStatusLabel: REPORTED_STATUS_LABELS[u.reported_status],
    createdAt: u.created_at,
    decision: u.decision,
    decisionReason: u.decision_reason,
    decidedByName: u.decided_by_name,
    decidedAt: u.decided_at,
  };
}

export function toListItem(r: Awaited<ReturnType<typeof plansRepo.listPlans>>[number]): PlanListItem {
  const open = OPEN_PLAN_STATUSES.includes(r.status);
  return {
    id: r.id,
    serviceId: r.service_id,
    serviceName: r.service_name,
    providerName: r.provider_name,
    assessmentId: r.assessment_id,
    status: r.status,
    statusLabel: PLAN_STATUS_LABELS[r.status],
    assessedOn: r.assessed_on,
    agreedOn: r.agreed_on,
    actions: Number(r.actions ?? 0),
    overdue: open ? Number(r.overdue ?? 0) : 0,
    verified: Number(r.verified ?? 0),
    pendingUpdates: Number(r.pending_updates ?? 0),
  };
}

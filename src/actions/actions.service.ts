import { ukToday } from '../assessments/assessment.rules.ts';
import { assembleDomains, type Domain } from '../assessments/frameworks.ts';
import { authorise, can } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { followUpDueBy } from '../visits/visit.rules.ts';
import * as visitsRepo from '../visits/visits.repository.ts';
import { toVisit, type Visit } from '../visits/visits.service.ts';
import {
  ACTION_STATUS_LABELS,
  OPEN_PLAN_STATUSES,
  OWNER_ORG_LABELS,
  PLAN_STATUS_LABELS,
  REPORTED_STATUS_LABELS,
  actionStatusFrom,
  canPostUpdate,
  isActionDueSoon,
  isActionOverdue,
  isMilestoneOverdue,
  planStatusAfterProgress,
  planStep,
  sharingProblems,
  type ActionStatus,
  type Decision,
  type OwnerOrg,
  type PlanEvent,
  type PlanStatus,
  type ReportedStatus,
} from './action-plan.rules.ts';
import * as repo from './actions.repository.ts';
import { actionSchema, changeRequestSchema, closeSchema, decisionSchema, milestoneSchema, updateSchema } from './actions.schemas.ts';
import { assessmentForPlan, createDraftActionPlan } from './drafting.ts';

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

export interface PlanTimelineEvent {
  readonly planId: string;
  readonly recordId: string;
  readonly on: string;
  readonly summary: string;
}

export interface ActionPlansOptions {
  /** Today in the UK as yyyy-mm-dd; tests pass a fixed day. */
  readonly today?: () => string;
}

export const PLANS_PAGE_SIZE = 50;

export function actionPlansService(store: Store, options: ActionPlansOptions = {}) {
  const today = options.today ?? (() => ukToday());

  async function load(tx: Tx, actor: Actor, planId: string): Promise<ActionPlan> {
    const row = await repo.findPlan(tx, planId);
    if (!row) throw new NotFound('Action plan');
    const on = today();
    const rows = await repo.frameworkRows(tx, row.framework_version_id);
    const domains = assembleDomains(rows.domains, rows.standards, rows.questions);
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
    const visit = can(actor, 'visits.read') ? await visitsRepo.followUpOfPlan(tx, planId) : undefined;
    const followUpVisit = visit ? toVisit(visit, on) : null;
    return {
      id: row.id,
      councilId: row.council_id,
      serviceId: row.service_id,
      serviceName: row.service_name,
      providerName: row.provider_name,
      assessmentId: row.assessment_id,
      assessmentStatus: row.assessment_status,
      frameworkName: row.framework_name,
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
      followUpVisitDueBy: can(actor, 'visits.read') ? (followUpVisit?.dueBy ?? null) : row.status === 'closed' ? null : followUpDueBy(row.assessed_on),
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
  async function planFor(tx: Tx, actor: Actor, planId: string, allowed: readonly PlanStatus[], what: string): Promise<ActionPlan> {
    const status = await repo.lockPlan(tx, planId);
    if (!status) throw new NotFound('Action plan');
    if (!allowed.includes(status)) throw new Conflict(`${what} only while the action plan is ${allowed.map((s) => PLAN_STATUS_LABELS[s].toLowerCase()).join(' or ')}`);
    return load(tx, actor, planId);
  }

  async function actionOf(tx: Tx, actionId: string) {
    const action = await repo.findAction(tx, actionId);
    if (!action) throw new NotFound('Action');
    return action;
  }

  function checkTarget(plan: ActionPlan, domainId: string, questionId: string | undefined) {
    const domain = plan.domains.find((d) => d.id === domainId);
    if (!domain) throw new Invalid([{ path: 'domainId', message: 'Select a domain of this assessment’s framework' }]);
    if (questionId && !domain.questions.some((q) => q.id === questionId)) {
      throw new Invalid([{ path: 'questionId', message: 'Select a question of the domain you chose, or none' }]);
    }
  }

  function step(plan: ActionPlan, event: PlanEvent): PlanStatus {
    const to = planStep(plan.status, event);
    if (!to) throw new Conflict(`This action plan is ${plan.statusLabel.toLowerCase()}, so that cannot be done now`);
    return to;
  }

  /** Moves the action's status to what its updates say, then the plan's to what its actions say. */
  async function settle(tx: Tx, actor: Actor, planId: string, actionId: string) {
    const status = actionStatusFrom(await repo.updateFactsOf(tx, actionId));
    await repo.updateAction(tx, actionId, { status });
    const plan = await load(tx, actor, planId);
    const next = planStatusAfterProgress(plan.status, plan.actions.map((a) => a.status));
    if (next !== plan.status) await repo.updatePlan(tx, planId, { status: next, ...(next === 'completed' ? { completed_on: today() } : {}) });
  }

  return {
    today,

    /**
     * The plan of an assessment. The first time someone who may draft plans opens it, the draft is made
     * (with its update visit); when nothing fell below the standard there is no plan unless one is started.
     */
    async forAssessment(actor: Actor, assessmentId: string): Promise<{ plan: ActionPlan | null; assessment: { id: string; serviceId: string; serviceName: string; assessedOn: string } }> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        let planId = await repo.planIdForAssessment(tx, assessmentId);
        if (!planId) {
          if (!can(actor, 'actions.manage')) throw new NotFound('Action plan');
          planId = await createDraftActionPlan(tx, assessmentId, actor.userId);
        }
        if (planId) {
          const plan = await load(tx, actor, planId);
          return { plan, assessment: { id: assessmentId, serviceId: plan.serviceId, serviceName: plan.serviceName, assessedOn: plan.assessedOn } };
        }
        const a = await assessmentForPlan(tx, assessmentId);
        return { plan: null, assessment: { id: a.id, serviceId: a.serviceId, serviceName: a.serviceName, assessedOn: a.assessedOn } };
      });
    },

    /** Starts an improvement plan for an assessment that found nothing below the standard (seed 002, 2.6.1). */
    async start(actor: Actor, assessmentId: string): Promise<string> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => (await createDraftActionPlan(tx, assessmentId, actor.userId, { evenIfNothingBelow: true }))!);
    },

    async get(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, (tx) => load(tx, actor, planId));
    },

    /** One action with its plan. */
    async action(actor: Actor, actionId: string): Promise<{ plan: ActionPlan; action: Action }> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const row = await actionOf(tx, actionId);
        const plan = await load(tx, actor, row.plan_id);
        return { plan, action: plan.actions.find((a) => a.id === actionId)! };
      });
    },

    async list(actor: Actor, filter: { status?: PlanStatus | 'open' | undefined; page: number }) {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const rows = await repo.listPlans(tx, { status: filter.status, limit: PLANS_PAGE_SIZE + 1, offset: (filter.page - 1) * PLANS_PAGE_SIZE }, today());
        return { items: rows.slice(0, PLANS_PAGE_SIZE).map(toListItem), hasMore: rows.length > PLANS_PAGE_SIZE };
      });
    },

    async forService(actor: Actor, serviceId: string): Promise<PlanListItem[]> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => (await repo.servicePlanSummaries(tx, serviceId, today())).map(toListItem));
    },

    /** The dated events of a service's plans for its timeline: agreed, completed, closed, and each action verified as done. */
    async timeline(actor: Actor, serviceId: string): Promise<PlanTimelineEvent[]> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const facts = await repo.timelineFacts(tx, serviceId);
        const events: PlanTimelineEvent[] = [];
        for (const p of facts.plans) {
          if (p.agreed_on) events.push({ planId: p.id, recordId: `${p.id}:agreed`, on: p.agreed_on, summary: `Action plan agreed by the provider${p.agreed_by_name ? ` (${p.agreed_by_name})` : ''}` });
          if (p.completed_on) events.push({ planId: p.id, recordId: `${p.id}:completed`, on: p.completed_on, summary: 'Action plan completed: every action verified' });
          if (p.closed_on) events.push({ planId: p.id, recordId: `${p.id}:closed`, on: p.closed_on, summary: `Action plan closed: ${p.close_reason ?? ''}` });
        }
        for (const v of facts.verified) {
          events.push({ planId: v.plan_id, recordId: v.id, on: ukToday(v.decided_at!), summary: `Action ${v.position} of the action plan verified as done` });
        }
        return events;
      });
    },

    async addAction(actor: Actor, planId: string, input: unknown): Promise<string> {
      authorise(actor, 'actions.manage');
      const values = parse(actionSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, ['draft'], 'Actions can be added');
        checkTarget(plan, values.domainId, values.questionId);
        await repo.insertActions(tx, [
          {
            councilId: plan.councilId,
            planId,
            questionId: values.questionId ?? null,
            domainId: values.domainId,
            description: values.description,
            ownerOrg: values.ownerOrg,
            ownerName: values.ownerName ?? null,
            dueOn: values.dueOn,
            createdBy: actor.userId,
          },
        ]);
        const actions = await repo.listActions(tx, planId);
        return actions.at(-1)!.id;
      });
    },

    async updateAction(actor: Actor, actionId: string, input: unknown): Promise<void> {
      authorise(actor, 'actions.manage');
      const values = parse(actionSchema, input);
      await store.asUser(actor, async (tx) => {
        const action = await actionOf(tx, actionId);
        const plan = await planFor(tx, actor, action.plan_id, ['draft'], 'Actions can be changed');
        checkTarget(plan, values.domainId, values.questionId);
        await repo.updateAction(tx, actionId, {
          domain_id: values.domainId,
          question_id: values.questionId ?? null,
          description: values.description,
          owner_org: values.ownerOrg,
          owner_name: values.ownerName ?? null,
          due_on: values.dueOn,
        });
      });
    },

    async removeAction(actor: Actor, actionId: string): Promise<string> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const action = await actionOf(tx, actionId);
        await planFor(tx, actor, action.plan_id, ['draft'], 'Actions can be removed');
        await repo.deleteAction(tx, actionId, action.plan_id, action.position);
        return action.plan_id;
      });
    },

    async addMilestone(actor: Actor, actionId: string, input: unknown): Promise<string> {
      authorise(actor, 'actions.manage');
      const values = parse(milestoneSchema, input);
      return store.asUser(actor, async (tx) => {
        const action = await actionOf(tx, actionId);
        await planFor(tx, actor, action.plan_id, ['draft'], 'Milestones can be added');
        if (values.dueOn > action.due_on) throw new Invalid([{ path: 'dueOn', message: 'The date of the milestone must be on or before the action’s target date' }]);
        await repo.insertMilestone(tx, { councilId: action.council_id, actionId, description: values.description, dueOn: values.dueOn });
        return action.plan_id;
      });
    },

    async removeMilestone(actor: Actor, milestoneId: string): Promise<string> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const milestone = await repo.findMilestone(tx, milestoneId);
        if (!milestone) throw new NotFound('Milestone');
        const action = await actionOf(tx, milestone.action_id);
        await planFor(tx, actor, action.plan_id, ['draft'], 'Milestones can be removed');
        await repo.deleteMilestone(tx, milestoneId);
        return action.plan_id;
      });
    },

    /** The council shares the draft with the provider, who can then read and agree it. */
    async share(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, ['draft'], 'A plan can be shared');
        const to = step(plan, 'share');
        const problems = sharingProblems(plan.actions, today());
        if (problems.length) throw new Invalid(problems.map((message) => ({ path: 'actions', message })));
        await repo.updatePlan(tx, planId, { status: to, shared_on: today(), shared_by: actor.userId, change_request: null, change_requested_by: null, change_requested_by_name: null, change_requested_at: null });
        return load(tx, actor, planId);
      });
    },

    /** The council takes a shared or agreed plan back to draft to change it; the provider must agree it again. */
    async reopen(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, ['shared', 'agreed'], 'A plan can be taken back to draft');
        await repo.updatePlan(tx, planId, { status: step(plan, 'reopen'), agreed_on: null, agreed_by: null, agreed_by_name: null });
        return load(tx, actor, planId);
      });
    },

    /** The provider agrees the shared plan. */
    async agree(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.respond');
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, ['shared'], 'A plan can be agreed');
        await repo.updatePlan(tx, planId, {
          status: step(plan, 'agree'),
          agreed_on: today(),
          agreed_by: actor.userId,
          agreed_by_name: actor.name,
          change_request: null,
          change_requested_by: null,
          change_requested_by_name: null,
          change_requested_at: null,
        });
        return load(tx, actor, planId);
      });
    },

    /** The provider sends the shared plan back to the council with what it would like changed. */
    async requestChanges(actor: Actor, planId: string, input: unknown): Promise<ActionPlan> {
      authorise(actor, 'actions.respond');
      const values = parse(changeRequestSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, ['shared'], 'Changes can be asked for');
        await repo.updatePlan(tx, planId, {
          status: step(plan, 'request_changes'),
          change_request: values.comment,
          change_requested_by: actor.userId,
          change_requested_by_name: actor.name,
          change_requested_at: new Date(),
        });
        return load(tx, actor, planId);
      });
    },

    /** The council closes a plan that will not be completed (superseded, service closed…), cancelling its update visit. */
    async close(actor: Actor, planId: string, input: unknown): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      const values = parse(closeSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planFor(tx, actor, planId, OPEN_PLAN_STATUSES, 'A plan can be closed');
        await repo.updatePlan(tx, planId, { status: step(plan, 'close'), closed_on: today(), closed_by: actor.userId, close_reason: values.reason });
        const visit = await visitsRepo.followUpOfPlan(tx, planId);
        if (visit && !visit.visited_on) {
          await visitsRepo.updateOpenVisit(tx, visit.id, { cancelled_on: today(), cancel_reason: `The action plan was closed: ${values.reason}`.slice(0, 2000) });
        }
        return load(tx, actor, planId);
      });
    },

    /**
     * Progress on an action. The provider reports on its own actions; an update the council posts is its own
     * observation (at a visit, say) and counts as verified at once. The provider may tick off milestones too.
     */
    async postUpdate(actor: Actor, actionId: string, input: unknown): Promise<string> {
      authorise(actor, 'actions.read');
      const council = can(actor, 'actions.manage');
      if (!council && !can(actor, 'actions.respond')) throw new Forbidden();
      const values = parse(updateSchema, input);
      return store.asUser(actor, async (tx) => {
        const action = await actionOf(tx, actionId);
        const plan = await planFor(tx, actor, action.plan_id, ['agreed', 'in_progress'], 'Progress can be reported');
        if (!council && action.owner_org !== 'provider') throw new Forbidden('The council owns this action, so the council reports on it');
        if (!canPostUpdate(plan.status, action.status)) throw new Conflict('This action has been verified, so it needs no more updates');
        const milestones = plan.actions.find((a) => a.id === actionId)!.milestones;
        const ticked = values.milestonesDone ?? [];
        if (ticked.some((id) => !milestones.some((m) => m.id === id && m.doneOn === null))) {
          throw new Invalid([{ path: 'milestonesDone', message: 'Select milestones of this action that are not yet done' }]);
        }
        const id = await repo.insertUpdate(tx, {
          councilId: action.council_id,
          actionId,
          authorUserId: actor.userId,
          authorOrgId: actor.orgId,
          authorName: actor.name,
          body: values.body,
          reportedStatus: values.reportedStatus,
          ...(council ? { verifiedBy: { userId: actor.userId, name: actor.name } } : {}),
        });
        await repo.markMilestonesDone(tx, actionId, ticked, today(), actor.userId);
        await settle(tx, actor, action.plan_id, actionId);
        return id;
      });
    },

    /** The council verifies or rejects a provider's update; a rejection says why. */
    async decide(actor: Actor, updateId: string, input: unknown): Promise<{ actionId: string; planId: string }> {
      authorise(actor, 'actions.manage');
      const values = parse(decisionSchema, input);
      return store.asUser(actor, async (tx) => {
        const update = await repo.findUpdate(tx, updateId);
        if (!update) throw new NotFound('Update');
        const action = await actionOf(tx, update.action_id);
        await planFor(tx, actor, action.plan_id, ['agreed', 'in_progress'], 'Updates can be verified or rejected');
        if (update.decision) throw new Conflict('This update has already been verified or rejected');
        const decided = await repo.decideUpdate(tx, updateId, { decision: values.decision, reason: values.reason ?? null, userId: actor.userId, name: actor.name });
        if (!decided) throw new Conflict('Someone else verified or rejected this update a moment ago');
        await settle(tx, actor, action.plan_id, action.id);
        return { actionId: action.id, planId: action.plan_id };
      });
    },
  };
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

function toListItem(r: Awaited<ReturnType<typeof repo.listPlans>>[number]): PlanListItem {
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

export type ActionPlansService = ReturnType<typeof actionPlansService>;

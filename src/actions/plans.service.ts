import { authorise, can, councilOf } from '../core/auth/permissions.ts';
import { now, today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { cancelUpdateVisit } from '../visits/index.ts';
import { actionOf, loadPlan, planForChange, toListItem, type Action, type ActionPlan, type PlanListItem } from './action-plan.model.ts';
import { OPEN_PLAN_STATUSES, planStep, sharingProblems, type PlanEvent, type PlanStatus } from './action-plan.rules.ts';
import { changeRequestSchema, closeSchema } from './actions.schemas.ts';
import { assessmentForPlan, createDraftActionPlan } from './drafting.ts';
import * as plansRepo from './plans.repository.ts';

interface PlanTimelineEvent {
  readonly planId: string;
  readonly recordId: string;
  readonly on: string;
  readonly summary: string;
}

const PAGE_SIZE = 50;

function step(plan: ActionPlan, event: PlanEvent): PlanStatus {
  const to = planStep(plan.status, event);
  if (!to) throw new Conflict(`This action plan is ${plan.statusLabel.toLowerCase()}, so that cannot be done now`);
  return to;
}

/**
 * A plan as a whole: finding (or drafting) the plan of an assessment, lists and the service page, and the
 * steps between council and provider: share, take back to draft, agree, ask for changes, close.
 */
export function plansService(store: Store) {
  return {
    /**
     * The plan of an assessment. The first time someone who may draft plans opens it, the draft is made
     * (with its update visit); when nothing fell below the standard there is no plan unless one is started.
     */
    async forAssessment(actor: Actor, assessmentId: string): Promise<{ plan: ActionPlan | null; assessment: { id: string; serviceId: string; serviceName: string; assessedOn: string } }> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        let planId = await plansRepo.planIdForAssessment(tx, assessmentId);
        if (!planId) {
          if (!can(actor, 'actions.manage')) throw new NotFound('Action plan');
          planId = await createDraftActionPlan(tx, assessmentId, actor.userId);
        }
        if (planId) {
          const plan = await loadPlan(tx, actor, planId);
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
      return store.asUser(actor, (tx) => loadPlan(tx, actor, planId));
    },

    /** One action with its plan. */
    async action(actor: Actor, actionId: string): Promise<{ plan: ActionPlan; action: Action }> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const row = await actionOf(tx, actionId);
        const plan = await loadPlan(tx, actor, row.plan_id);
        return { plan, action: plan.actions.find((a) => a.id === actionId)! };
      });
    },

    async list(actor: Actor, filter: { status?: PlanStatus | 'open' | undefined; page: number }) {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const rows = await plansRepo.listPlans(tx, { status: filter.status, councilId: councilOf(actor), limit: PAGE_SIZE + 1, offset: (filter.page - 1) * PAGE_SIZE }, today());
        return { items: rows.slice(0, PAGE_SIZE).map(toListItem), hasMore: rows.length > PAGE_SIZE };
      });
    },

    async forService(actor: Actor, serviceId: string): Promise<PlanListItem[]> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => (await plansRepo.servicePlanSummaries(tx, serviceId, today())).map(toListItem));
    },

    /** The dated events of a service's plans for its timeline: agreed, completed, closed, and each action verified as done. */
    async timeline(actor: Actor, serviceId: string): Promise<PlanTimelineEvent[]> {
      authorise(actor, 'actions.read');
      return store.asUser(actor, async (tx) => {
        const facts = await plansRepo.timelineFacts(tx, serviceId);
        const events: PlanTimelineEvent[] = [];
        for (const p of facts.plans) {
          if (p.agreed_on) events.push({ planId: p.id, recordId: `${p.id}:agreed`, on: p.agreed_on, summary: `Action plan agreed by the provider${p.agreed_by_name ? ` (${p.agreed_by_name})` : ''}` });
          if (p.completed_on) events.push({ planId: p.id, recordId: `${p.id}:completed`, on: p.completed_on, summary: 'Action plan completed: every action verified' });
          if (p.closed_on) events.push({ planId: p.id, recordId: `${p.id}:closed`, on: p.closed_on, summary: `Action plan closed: ${p.close_reason ?? ''}` });
        }
        for (const v of facts.verified) {
          events.push({ planId: v.plan_id, recordId: v.id, on: today(v.decided_at!), summary: `Action ${v.position} of the action plan verified as done` });
        }
        return events;
      });
    },

    /** The council shares the draft with the provider, who can then read and agree it. */
    async share(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, ['draft'], 'A plan can be shared');
        const to = step(plan, 'share');
        const problems = sharingProblems(plan.actions, today());
        if (problems.length) throw new Invalid(problems.map((message) => ({ path: 'actions', message })));
        await plansRepo.updatePlan(tx, planId, { status: to, shared_on: today(), shared_by: actor.userId, change_request: null, change_requested_by: null, change_requested_by_name: null, change_requested_at: null });
        return loadPlan(tx, actor, planId);
      });
    },

    /** The council takes a shared or agreed plan back to draft to change it; the provider must agree it again. */
    async reopen(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, ['shared', 'agreed'], 'A plan can be taken back to draft');
        await plansRepo.updatePlan(tx, planId, { status: step(plan, 'reopen'), agreed_on: null, agreed_by: null, agreed_by_name: null });
        return loadPlan(tx, actor, planId);
      });
    },

    /** The provider agrees the shared plan. */
    async agree(actor: Actor, planId: string): Promise<ActionPlan> {
      authorise(actor, 'actions.respond');
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, ['shared'], 'A plan can be agreed');
        await plansRepo.updatePlan(tx, planId, {
          status: step(plan, 'agree'),
          agreed_on: today(),
          agreed_by: actor.userId,
          agreed_by_name: actor.name,
          change_request: null,
          change_requested_by: null,
          change_requested_by_name: null,
          change_requested_at: null,
        });
        return loadPlan(tx, actor, planId);
      });
    },

    /** The provider sends the shared plan back to the council with what it would like changed. */
    async requestChanges(actor: Actor, planId: string, input: unknown): Promise<ActionPlan> {
      authorise(actor, 'actions.respond');
      const values = parse(changeRequestSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, ['shared'], 'Changes can be asked for');
        await plansRepo.updatePlan(tx, planId, {
          status: step(plan, 'request_changes'),
          change_request: values.comment,
          change_requested_by: actor.userId,
          change_requested_by_name: actor.name,
          change_requested_at: now(),
        });
        return loadPlan(tx, actor, planId);
      });
    },

    /** The council closes a plan that will not be completed (superseded, service closed…), cancelling its update visit. */
    async close(actor: Actor, planId: string, input: unknown): Promise<ActionPlan> {
      authorise(actor, 'actions.manage');
      const values = parse(closeSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, OPEN_PLAN_STATUSES, 'A plan can be closed');
        await plansRepo.updatePlan(tx, planId, { status: step(plan, 'close'), closed_on: today(), closed_by: actor.userId, close_reason: values.reason });
        await cancelUpdateVisit(tx, planId, `The action plan was closed: ${values.reason}`);
        return loadPlan(tx, actor, planId);
      });
    },
  };
}

import { authorise, can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { actionOf, loadPlan, planForChange } from './action-plan.model.ts';
import { actionStatusFrom, canPostUpdate, planStatusAfterProgress } from './action-plan.rules.ts';
import * as repo from './actions.repository.ts';
import { decisionSchema, updateSchema } from './actions.schemas.ts';
import * as plansRepo from './plans.repository.ts';

/** Moves the action's status to what its updates say, then the plan's to what its actions say. */
async function settle(tx: Tx, actor: Actor, planId: string, actionId: string) {
  const status = actionStatusFrom(await repo.updateFactsOf(tx, actionId));
  await repo.updateAction(tx, actionId, { status });
  const plan = await loadPlan(tx, actor, planId);
  const next = planStatusAfterProgress(plan.status, plan.actions.map((a) => a.status));
  if (next !== plan.status) await plansRepo.updatePlan(tx, planId, { status: next, ...(next === 'completed' ? { completed_on: today() } : {}) });
}

/** Progress on an agreed plan: the provider reports on its actions, the council verifies or rejects what it reports. */
export function progressService(store: Store) {
  return {
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
        const plan = await planForChange(tx, actor, action.plan_id, ['agreed', 'in_progress'], 'Progress can be reported');
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
        await planForChange(tx, actor, action.plan_id, ['agreed', 'in_progress'], 'Updates can be verified or rejected');
        if (update.decision) throw new Conflict('This update has already been verified or rejected');
        const decided = await repo.decideUpdate(tx, updateId, { decision: values.decision, reason: values.reason ?? null, userId: actor.userId, name: actor.name });
        if (!decided) throw new Conflict('Someone else verified or rejected this update a moment ago');
        await settle(tx, actor, action.plan_id, action.id);
        return { actionId: action.id, planId: action.plan_id };
      });
    },
  };
}

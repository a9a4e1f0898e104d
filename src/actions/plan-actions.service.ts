import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { actionOf, planForChange, type ActionPlan } from './action-plan.model.ts';
import * as repo from './actions.repository.ts';
import { actionSchema, milestoneSchema } from './actions.schemas.ts';

/** Checks that an action addresses a domain (and, if any, a question of it) of the assessment's framework. */
function checkTarget(plan: ActionPlan, domainId: string, questionId: string | undefined) {
  const domain = plan.domains.find((d) => d.id === domainId);
  if (!domain) throw new Invalid([{ path: 'domainId', message: 'Select a domain of this assessment’s framework' }]);
  if (questionId && !domain.questions.some((q) => q.id === questionId)) {
    throw new Invalid([{ path: 'questionId', message: 'Select a question of the domain you chose, or none' }]);
  }
}

/** Writing the draft: the council adds, changes and removes actions and their milestones before sharing the plan. */
export function planActionsService(store: Store) {
  return {
    async addAction(actor: Actor, planId: string, input: unknown): Promise<string> {
      authorise(actor, 'actions.manage');
      const values = parse(actionSchema, input);
      return store.asUser(actor, async (tx) => {
        const plan = await planForChange(tx, actor, planId, ['draft'], 'Actions can be added');
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
        const plan = await planForChange(tx, actor, action.plan_id, ['draft'], 'Actions can be changed');
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
        await planForChange(tx, actor, action.plan_id, ['draft'], 'Actions can be removed');
        await repo.deleteAction(tx, actionId, action.plan_id, action.position);
        return action.plan_id;
      });
    },

    async addMilestone(actor: Actor, actionId: string, input: unknown): Promise<string> {
      authorise(actor, 'actions.manage');
      const values = parse(milestoneSchema, input);
      return store.asUser(actor, async (tx) => {
        const action = await actionOf(tx, actionId);
        await planForChange(tx, actor, action.plan_id, ['draft'], 'Milestones can be added');
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
        await planForChange(tx, actor, action.plan_id, ['draft'], 'Milestones can be removed');
        await repo.deleteMilestone(tx, milestoneId);
        return action.plan_id;
      });
    },
  };
}

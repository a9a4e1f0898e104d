import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { dateParts, postedDateParts, text } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors, type FormValues } from '../core/http/route.ts';
import { isUuid } from '../core/ids.ts';
import type { ActionPlan } from './action-plan.model.ts';
import { OWNER_ORG_LABELS, REPORTED_STATUS_LABELS } from './action-plan.rules.ts';
import { actionSchema, decisionSchema, milestoneSchema, updateSchema } from './actions.schemas.ts';
import type { ActionPlansService } from './actions.service.ts';
import { SAVED, VIEWS, actionView, planView, targetItems } from './actions.view.ts';

interface ActionFormValues {
  domainId: string;
  questionId: string;
  description: string;
  ownerOrg: string;
  ownerName: string;
  dueOn: { day: string; month: string; year: string };
}

function actionValuesFrom(values: FormValues): ActionFormValues {
  return {
    domainId: text(values.domainId),
    questionId: text(values.questionId),
    description: text(values.description),
    ownerOrg: text(values.ownerOrg),
    ownerName: text(values.ownerName),
    dueOn: postedDateParts(values, 'dueOn'),
  };
}

/**
 * The pages of a plan's actions: the council adds, changes and removes actions and milestones of a draft;
 * on an agreed plan the provider reports progress and the council verifies or rejects it.
 */
export function actionsRoutes(app: FastifyInstance, plans: ActionPlansService) {
  const route = router(app);

  function renderActionForm(reply: FastifyReply, plan: ActionPlan, values: ActionFormValues, target: { action: string; heading: string; submit: string; back: string }, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/action-form.njk`, {
      title: `${target.heading}: ${plan.serviceName}`,
      section: 'action-plans',
      caption: `Action plan: ${plan.serviceName}`,
      heading: target.heading,
      formAction: target.action,
      submitText: target.submit,
      backLink: target.back,
      values,
      ...targetItems(plan, values),
      ownerItems: Object.entries(OWNER_ORG_LABELS).map(([value, label]) => ({ value, text: label, checked: value === values.ownerOrg })),
      errors,
    });
  }

  const newAction = (planId: string) => ({ action: paths.actionPlans.newAction(planId), heading: 'Add an action', submit: 'Add action', back: paths.actionPlans.show(planId) });

  route.get(paths.actionPlans.newAction(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const plan = await plans.get(actor, ids.id);
    return renderActionForm(reply, plan, { domainId: '', questionId: '', description: '', ownerOrg: 'provider', ownerName: '', dueOn: { day: '', month: '', year: '' } }, newAction(plan.id));
  });

  route.post(
    paths.actionPlans.newAction(':id'),
    {
      access: 'actions.manage',
      ids: ['id'],
      body: actionSchema,
      dates: ['dueOn'],
      invalid: async ({ actor, ids, values, reply }, errors) => renderActionForm(reply, await plans.get(actor, ids.id), actionValuesFrom(values), newAction(ids.id), errors),
    },
    async ({ actor, ids, body, reply }) => {
      await plans.addAction(actor, ids.id, body);
      return reply.redirect(withQuery(paths.actionPlans.show(ids.id), { saved: 'action' }), 303);
    },
  );

  const changeAction = (actionId: string, number: number, planId: string) => ({
    action: paths.actionPlans.editAction(actionId),
    heading: `Change action ${number}`,
    submit: 'Save changes',
    back: paths.actionPlans.show(planId),
  });

  route.get(paths.actionPlans.editAction(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const { plan, action } = await plans.action(actor, ids.id);
    return renderActionForm(
      reply,
      plan,
      { domainId: action.domainId, questionId: action.questionId ?? '', description: action.description, ownerOrg: action.ownerOrg, ownerName: action.ownerName ?? '', dueOn: dateParts(action.dueOn) },
      changeAction(action.id, action.number, plan.id),
    );
  });

  route.post(
    paths.actionPlans.editAction(':id'),
    {
      access: 'actions.manage',
      ids: ['id'],
      body: actionSchema,
      dates: ['dueOn'],
      invalid: async ({ actor, ids, values, reply }, errors) => {
        const { plan, action } = await plans.action(actor, ids.id);
        return renderActionForm(reply, plan, actionValuesFrom(values), changeAction(ids.id, action.number, plan.id), errors);
      },
    },
    async ({ actor, ids, body, reply }) => {
      await plans.updateAction(actor, ids.id, body);
      const { plan } = await plans.action(actor, ids.id);
      return reply.redirect(withQuery(paths.actionPlans.show(plan.id), { saved: 'action' }), 303);
    },
  );

  route.get(paths.actionPlans.removeAction(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const { plan, action } = await plans.action(actor, ids.id);
    return reply.render(`${VIEWS}/remove-action.njk`, {
      title: `Remove action ${action.number}: ${plan.serviceName}`,
      section: 'action-plans',
      plan: planView(actor, plan),
      action: actionView(actor, plan, action),
      backLink: paths.actionPlans.show(plan.id),
    });
  });

  route.post(paths.actionPlans.removeAction(':id'), { access: 'actions.manage', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const planId = await plans.removeAction(actor, ids.id);
    return reply.redirect(withQuery(paths.actionPlans.show(planId), { saved: 'removed' }), 303);
  });

  async function renderMilestoneForm(reply: FastifyReply, actor: Actor, actionId: string, values: { description: string; dueOn: { day: string; month: string; year: string } }, errors?: FormErrors) {
    const { plan, action } = await plans.action(actor, actionId);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/milestone-form.njk`, {
      title: `Add a milestone to action ${action.number}: ${plan.serviceName}`,
      section: 'action-plans',
      action: actionView(actor, plan, action),
      formAction: paths.actionPlans.newMilestone(actionId),
      values,
      errors,
      backLink: paths.actionPlans.show(plan.id),
    });
  }

  route.get(paths.actionPlans.newMilestone(':id'), { access: 'actions.read', ids: ['id'] }, ({ actor, ids, reply }) =>
    renderMilestoneForm(reply, actor, ids.id, { description: '', dueOn: { day: '', month: '', year: '' } }),
  );

  route.post(
    paths.actionPlans.newMilestone(':id'),
    {
      access: 'actions.manage',
      ids: ['id'],
      body: milestoneSchema,
      dates: ['dueOn'],
      invalid: ({ actor, ids, values, reply }, errors) => renderMilestoneForm(reply, actor, ids.id, { description: text(values.description), dueOn: postedDateParts(values, 'dueOn') }, errors),
    },
    async ({ actor, ids, body, reply }) => {
      const planId = await plans.addMilestone(actor, ids.id, body);
      return reply.redirect(withQuery(paths.actionPlans.show(planId), { saved: 'milestone' }), 303);
    },
  );

  route.post(paths.actionPlans.removeMilestone(':id'), { access: 'actions.manage', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const planId = await plans.removeMilestone(actor, ids.id);
    return reply.redirect(withQuery(paths.actionPlans.show(planId), { saved: 'milestone-removed' }), 303);
  });

  // One action: its milestones and updates; the provider reports progress, the council verifies or rejects.
  async function renderAction(
    reply: FastifyReply,
    actor: Actor,
    actionId: string,
    extra: { saved?: string | undefined; errors?: FormErrors | undefined; values?: FormValues; decisionFor?: string } = {},
  ) {
    const { plan, action } = await plans.action(actor, actionId);
    return reply.code(extra.errors ? 400 : 200).render(`${VIEWS}/action.njk`, {
      title: `Action ${action.number}: ${plan.serviceName}`,
      section: 'action-plans',
      plan: planView(actor, plan),
      action: actionView(actor, plan, action),
      reportedItems: Object.entries(REPORTED_STATUS_LABELS).map(([value, label]) => ({ value, text: label, checked: value === text(extra.values?.reportedStatus) })),
      values: { body: text(extra.values?.body), decision: text(extra.values?.decision), reason: text(extra.values?.reason), milestonesDone: extra.values?.milestonesDone },
      decisionFor: extra.decisionFor,
      saved: extra.saved,
      errors: extra.errors,
      backLink: paths.actionPlans.show(plan.id),
    });
  }

  route.get(paths.actionPlans.action(':id'), { access: 'actions.read', ids: ['id'] }, ({ actor, ids, query, reply }) =>
    renderAction(reply, actor, ids.id, { saved: SAVED[query.saved ?? ''] }),
  );

  route.post(
    paths.actionPlans.newUpdate(':id'),
    {
      access: ['actions.manage', 'actions.respond'],
      ids: ['id'],
      body: updateSchema,
      invalid: ({ actor, ids, values, reply }, errors) => renderAction(reply, actor, ids.id, { errors, values }),
    },
    async ({ actor, ids, body, reply }) => {
      await plans.postUpdate(actor, ids.id, body);
      return reply.redirect(withQuery(paths.actionPlans.action(ids.id), { saved: 'update' }), 303);
    },
  );

  // The decision form sits beside its update on the action's page, which the form names (`actionId`).
  route.post(
    paths.actionPlans.decide(':id'),
    {
      access: 'actions.manage',
      ids: ['id'],
      body: decisionSchema,
      invalid: ({ actor, ids, values, reply }, errors) => {
        const actionId = text(values.actionId);
        if (!isUuid(actionId)) throw new Invalid(errors.errorList.map((e) => ({ path: e.href.slice(1), message: e.text })));
        // Field ids carry the update's id so that each update's form has its own error messages.
        const scoped = { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: `${e.href}-${ids.id}` })) };
        return renderAction(reply, actor, actionId, { errors: scoped, values, decisionFor: ids.id });
      },
    },
    async ({ actor, ids, body, reply }) => {
      const { actionId } = await plans.decide(actor, ids.id, body);
      return reply.redirect(withQuery(paths.actionPlans.action(actionId), { saved: 'decided' }), 303);
    },
  );
}

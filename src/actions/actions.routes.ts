import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { OWNER_ORG_LABELS, PLAN_STATUSES, PLAN_STATUS_LABELS, REPORTED_STATUS_LABELS, type PlanStatus } from './action-plan.rules.ts';
import type { ActionPlan, ActionPlansService } from './actions.service.ts';
import { actionView, dueItemView, planListView, planView, targetItems } from './actions.view.ts';
import { type DueScope, type PlansAndVisitsDueService } from './due.service.ts';
import { formBody, formErrors, idParam, queryValue, text, type FormErrors } from './http.ts';

const VIEWS = 'actions/views';

const SAVED: Record<string, string> = {
  action: 'Action saved',
  removed: 'Action removed',
  milestone: 'Milestone saved',
  'milestone-removed': 'Milestone removed',
  shared: 'The action plan has been shared with the provider',
  reopened: 'The action plan is a draft again. Share it when you have made your changes: the provider will need to agree it again.',
  agreed: 'You have agreed the action plan',
  'changes-requested': 'Your request for changes has been sent to the council',
  closed: 'The action plan has been closed',
  update: 'Your update has been saved',
  decided: 'Your decision has been saved',
};

interface ActionFormValues {
  domainId: string;
  questionId: string;
  description: string;
  ownerOrg: string;
  ownerName: string;
  dueOn: { day: string; month: string; year: string };
}

function actionValuesFromBody(body: Record<string, unknown>): ActionFormValues {
  return {
    domainId: text(body.domainId),
    questionId: text(body.questionId),
    description: text(body.description),
    ownerOrg: text(body.ownerOrg),
    ownerName: text(body.ownerName),
    dueOn: { day: text(body['dueOn-day']), month: text(body['dueOn-month']), year: text(body['dueOn-year']) },
  };
}

/** The action plan pages: the council drafts, edits, shares, verifies and closes; the provider agrees and reports progress. */
export function actionPlansRoutes(app: FastifyInstance, plans: ActionPlansService, due: PlansAndVisitsDueService) {
  function renderPlan(reply: FastifyReply, actor: Actor, plan: ActionPlan, extra: { saved?: string | undefined; errors?: FormErrors | undefined } = {}) {
    return reply.code(extra.errors ? 400 : 200).render(`${VIEWS}/plan.njk`, {
      title: `Action plan: ${plan.serviceName}`,
      section: 'action-plans',
      plan: planView(actor, plan),
      saved: extra.saved,
      errors: extra.errors,
      backLink: can(actor, 'actions.manage') ? paths.services.show(plan.serviceId) : paths.actionPlans.list,
    });
  }

  app.get(paths.actionPlans.list, async (request, reply) => {
    const actor = requireActor(request);
    const raw = queryValue(request, 'status');
    const status: PlanStatus | 'open' | undefined = raw === 'all' ? undefined : ((PLAN_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as PlanStatus) : 'open');
    const pageText = queryValue(request, 'page');
    const page = pageText && /^\d{1,5}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
    const result = await plans.list(actor, { status, page });
    const link = (p: number) => withQuery(paths.actionPlans.list, { status: raw, page: p });
    return reply.render(`${VIEWS}/list.njk`, {
      title: 'Action plans',
      section: 'action-plans',
      rows: planListView(result.items),
      statusItems: [
        { value: 'open', text: 'Open plans', selected: status === 'open' },
        { value: 'all', text: 'All plans', selected: status === undefined },
        ...PLAN_STATUSES.map((s) => ({ value: s, text: PLAN_STATUS_LABELS[s], selected: status === s })),
      ],
      showDue: can(actor, 'actions.manage') && can(actor, 'visits.read'),
      pagination: { ...(page > 1 ? { previous: { href: link(page - 1) } } : {}), ...(result.hasMore ? { next: { href: link(page + 1) } } : {}) },
    });
  });

  app.get(paths.actionPlans.due, async (request, reply) => {
    const actor = requireActor(request);
    const scope: DueScope = queryValue(request, 'scope') === 'all' ? 'all' : 'mine';
    const result = await due.due(actor, scope);
    return reply.render(`${VIEWS}/due.njk`, {
      title: 'Action plans and visits due',
      section: 'work',
      result,
      items: result.items.map(dueItemView),
      mineHref: withQuery(paths.actionPlans.due, { scope: 'mine' }),
      allHref: withQuery(paths.actionPlans.due, { scope: 'all' }),
    });
  });

  // The plan of an assessment: drafted the first time the council opens it.
  app.get(paths.actionPlans.forAssessment(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { plan, assessment } = await plans.forAssessment(actor, idParam(request));
    if (plan) return reply.redirect(paths.actionPlans.show(plan.id), 303);
    return reply.render(`${VIEWS}/no-plan.njk`, {
      title: `No action plan needed: ${assessment.serviceName}`,
      section: 'action-plans',
      assessment: { ...assessment, href: paths.assessments.show(assessment.id) },
      startAction: paths.actionPlans.start(assessment.id),
      backLink: paths.assessments.show(assessment.id),
    });
  });

  app.post(paths.actionPlans.start(':id'), async (request, reply) => {
    const planId = await plans.start(requireActor(request), idParam(request));
    return reply.redirect(paths.actionPlans.show(planId), 303);
  });

  app.get(paths.actionPlans.show(':id'), async (request, reply) => {
    const actor = requireActor(request);
    return renderPlan(reply, actor, await plans.get(actor, idParam(request)), { saved: SAVED[queryValue(request, 'saved') ?? ''] });
  });

  const planStep = (path: string, run: (actor: Actor, id: string, body: Record<string, unknown>) => Promise<unknown>, saved: string) =>
    app.post(path, async (request, reply) => {
      const actor = requireActor(request);
      const id = idParam(request);
      try {
        await run(actor, id, formBody(request));
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return renderPlan(reply, actor, await plans.get(actor, id), { errors });
      }
      return reply.redirect(withQuery(paths.actionPlans.show(id), { saved }), 303);
    });

  planStep(paths.actionPlans.share(':id'), (actor, id) => plans.share(actor, id), 'shared');
  planStep(paths.actionPlans.reopen(':id'), (actor, id) => plans.reopen(actor, id), 'reopened');
  planStep(paths.actionPlans.agree(':id'), (actor, id) => plans.agree(actor, id), 'agreed');
  planStep(paths.actionPlans.requestChanges(':id'), (actor, id, body) => plans.requestChanges(actor, id, body), 'changes-requested');

  async function renderClose(reply: FastifyReply, actor: Actor, id: string, reason: string, errors?: FormErrors) {
    const plan = await plans.get(actor, id);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/close.njk`, {
      title: `Close the action plan: ${plan.serviceName}`,
      section: 'action-plans',
      plan: planView(actor, plan),
      reason,
      errors,
      backLink: paths.actionPlans.show(id),
    });
  }

  app.get(paths.actionPlans.close(':id'), async (request, reply) => renderClose(reply, requireActor(request), idParam(request), ''));
  app.post(paths.actionPlans.close(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request);
    try {
      await plans.close(actor, id, body);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderClose(reply, actor, id, text(body.reason), errors);
    }
    return reply.redirect(withQuery(paths.actionPlans.show(id), { saved: 'closed' }), 303);
  });

  // Adding and changing actions (council, draft plans only).
  async function renderActionForm(reply: FastifyReply, plan: ActionPlan, values: ActionFormValues, target: { action: string; heading: string; submit: string; back: string }, errors?: FormErrors) {
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

  app.get(paths.actionPlans.newAction(':id'), async (request, reply) => {
    const plan = await plans.get(requireActor(request), idParam(request));
    return renderActionForm(
      reply,
      plan,
      { domainId: '', questionId: '', description: '', ownerOrg: 'provider', ownerName: '', dueOn: { day: '', month: '', year: '' } },
      { action: paths.actionPlans.newAction(plan.id), heading: 'Add an action', submit: 'Add action', back: paths.actionPlans.show(plan.id) },
    );
  });

  app.post(paths.actionPlans.newAction(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request, ['dueOn']);
    try {
      await plans.addAction(actor, id, body);
    } catch (error) {
      const errors = formErrors(error, ['dueOn']);
      if (!errors) throw error;
      const plan = await plans.get(actor, id);
      return renderActionForm(reply, plan, actionValuesFromBody(body), { action: paths.actionPlans.newAction(id), heading: 'Add an action', submit: 'Add action', back: paths.actionPlans.show(id) }, errors);
    }
    return reply.redirect(withQuery(paths.actionPlans.show(id), { saved: 'action' }), 303);
  });

  app.get(paths.actionPlans.editAction(':id'), async (request, reply) => {
    const { plan, action } = await plans.action(requireActor(request), idParam(request));
    return renderActionForm(
      reply,
      plan,
      { domainId: action.domainId, questionId: action.questionId ?? '', description: action.description, ownerOrg: action.ownerOrg, ownerName: action.ownerName ?? '', dueOn: dateParts(action.dueOn) },
      { action: paths.actionPlans.editAction(action.id), heading: `Change action ${action.number}`, submit: 'Save changes', back: paths.actionPlans.show(plan.id) },
    );
  });

  app.post(paths.actionPlans.editAction(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request, ['dueOn']);
    try {
      await plans.updateAction(actor, id, body);
    } catch (error) {
      const errors = formErrors(error, ['dueOn']);
      if (!errors) throw error;
      const { plan, action } = await plans.action(actor, id);
      return renderActionForm(reply, plan, actionValuesFromBody(body), { action: paths.actionPlans.editAction(id), heading: `Change action ${action.number}`, submit: 'Save changes', back: paths.actionPlans.show(plan.id) }, errors);
    }
    const { plan } = await plans.action(actor, id);
    return reply.redirect(withQuery(paths.actionPlans.show(plan.id), { saved: 'action' }), 303);
  });

  app.get(paths.actionPlans.removeAction(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { plan, action } = await plans.action(actor, idParam(request));
    return reply.render(`${VIEWS}/remove-action.njk`, {
      title: `Remove action ${action.number}: ${plan.serviceName}`,
      section: 'action-plans',
      plan: planView(actor, plan),
      action: actionView(actor, plan, action),
      backLink: paths.actionPlans.show(plan.id),
    });
  });

  app.post(paths.actionPlans.removeAction(':id'), async (request, reply) => {
    const planId = await plans.removeAction(requireActor(request), idParam(request));
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

  app.get(paths.actionPlans.newMilestone(':id'), async (request, reply) =>
    renderMilestoneForm(reply, requireActor(request), idParam(request), { description: '', dueOn: { day: '', month: '', year: '' } }),
  );

  app.post(paths.actionPlans.newMilestone(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request, ['dueOn']);
    let planId: string;
    try {
      planId = await plans.addMilestone(actor, id, body);
    } catch (error) {
      const errors = formErrors(error, ['dueOn']);
      if (!errors) throw error;
      return renderMilestoneForm(reply, actor, id, { description: text(body.description), dueOn: { day: text(body['dueOn-day']), month: text(body['dueOn-month']), year: text(body['dueOn-year']) } }, errors);
    }
    return reply.redirect(withQuery(paths.actionPlans.show(planId), { saved: 'milestone' }), 303);
  });

  app.post(paths.actionPlans.removeMilestone(':id'), async (request, reply) => {
    const planId = await plans.removeMilestone(requireActor(request), idParam(request));
    return reply.redirect(withQuery(paths.actionPlans.show(planId), { saved: 'milestone-removed' }), 303);
  });

  // One action: its milestones and updates; the provider reports progress, the council verifies or rejects.
  async function renderAction(reply: FastifyReply, actor: Actor, actionId: string, extra: { saved?: string | undefined; errors?: FormErrors | undefined; values?: Record<string, unknown>; decisionFor?: string } = {}) {
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

  app.get(paths.actionPlans.action(':id'), async (request, reply) =>
    renderAction(reply, requireActor(request), idParam(request), { saved: SAVED[queryValue(request, 'saved') ?? ''] }),
  );

  app.post(paths.actionPlans.newUpdate(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request);
    try {
      await plans.postUpdate(actor, id, body);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderAction(reply, actor, id, { errors, values: body });
    }
    return reply.redirect(withQuery(paths.actionPlans.action(id), { saved: 'update' }), 303);
  });

  app.post(paths.actionPlans.decide(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const updateId = idParam(request);
    const body = formBody(request);
    try {
      const { actionId } = await plans.decide(actor, updateId, body);
      return reply.redirect(withQuery(paths.actionPlans.action(actionId), { saved: 'decided' }), 303);
    } catch (error) {
      const errors = formErrors(error);
      const actionId = text(body.actionId);
      if (!errors || !/^[0-9a-f-]{36}$/i.test(actionId)) throw error;
      // Field ids carry the update's id so that each update's form has its own error messages.
      const scoped = { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: `${e.href}-${updateId}` })) };
      return renderAction(reply, actor, actionId, { errors: scoped, values: body, decisionFor: updateId });
    }
  });
}

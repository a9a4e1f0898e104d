import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { can, type Permission } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { text } from '../core/forms.ts';
import { pageSummary, paginationView, sendCsv } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import type { ActionPlan } from './action-plan.model.ts';
import { PLAN_STATUSES, PLAN_STATUS_LABELS, type PlanStatus } from './action-plan.rules.ts';
import { changeRequestSchema, closeSchema, dueQuerySchema, planListQuerySchema } from './actions.schemas.ts';
import type { ActionPlansService } from './actions.service.ts';
import { SAVED, VIEWS, dueItemView, planListView, planView } from './actions.view.ts';
import type { PlansAndVisitsDueService } from './due.service.ts';

/** The plan pages: the lists, the plan of an assessment, and the steps between council and provider. */
export function plansRoutes(app: FastifyInstance, plans: ActionPlansService, due: PlansAndVisitsDueService) {
  const route = router(app);

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

  route.get(paths.actionPlans.list, { access: 'actions.read', query: planListQuerySchema }, async ({ actor, query, reply }) => {
    const raw = query.status;
    const status: PlanStatus | 'open' | undefined = raw === 'all' ? undefined : (PLAN_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as PlanStatus) : 'open';
    const page = query.page;
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

  route.get(paths.actionPlans.due, { access: 'actions.manage', query: dueQuerySchema }, async ({ actor, query, reply }) => {
    const scope = query.scope === 'all' ? 'all' : 'mine';
    const result = await due.duePage(actor, scope, query.page);
    const kept = { scope: scope === 'all' ? 'all' : undefined };
    return reply.render(`${VIEWS}/due.njk`, {
      title: 'Action plans and visits due',
      section: 'work',
      result,
      items: result.page.items.map(dueItemView),
      summary: pageSummary(result.page),
      pagination: paginationView(result.page, (page) => withQuery(paths.actionPlans.due, { ...kept, page })),
      csvHref: withQuery(paths.actionPlans.dueCsv, kept),
      mineHref: withQuery(paths.actionPlans.due, { scope: 'mine' }),
      allHref: withQuery(paths.actionPlans.due, { scope: 'all' }),
    });
  });

  route.get(paths.actionPlans.dueCsv, { access: 'actions.manage', query: dueQuerySchema }, async ({ actor, query, reply }) => {
    const result = await due.due(actor, query.scope === 'all' ? 'all' : 'mine');
    return sendCsv(
      reply,
      'plans-and-visits-due.csv',
      ['Service', 'What', 'Date', 'Status'],
      result.items.map((i) => [i.serviceName, i.summary, i.dueOn, dueItemView(i).stateLabel]),
    );
  });

  // The plan of an assessment: drafted the first time the council opens it.
  route.get(paths.actionPlans.forAssessment(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const { plan, assessment } = await plans.forAssessment(actor, ids.id);
    if (plan) return reply.redirect(paths.actionPlans.show(plan.id), 303);
    return reply.render(`${VIEWS}/no-plan.njk`, {
      title: `No action plan needed: ${assessment.serviceName}`,
      section: 'action-plans',
      assessment: { ...assessment, href: paths.assessments.show(assessment.id) },
      startAction: paths.actionPlans.start(assessment.id),
      backLink: paths.assessments.show(assessment.id),
    });
  });

  route.post(paths.actionPlans.start(':id'), { access: 'actions.manage', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const planId = await plans.start(actor, ids.id);
    return reply.redirect(paths.actionPlans.show(planId), 303);
  });

  route.get(paths.actionPlans.show(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids, query, reply }) =>
    renderPlan(reply, actor, await plans.get(actor, ids.id), { saved: SAVED[query.saved ?? ''] }),
  );

  /** A step on the plan's page: done, back to the plan with a banner; refused, the plan again with why. */
  function planStep<T>(path: string, access: Permission, body: z.ZodType<T>, run: (actor: Actor, id: string, body: T) => Promise<unknown>, saved: string) {
    route.post(
      path,
      { access, ids: ['id'], body, invalid: async ({ actor, ids, reply }, errors) => renderPlan(reply, actor, await plans.get(actor, ids.id), { errors }) },
      async ({ actor, ids, body, reply }) => {
        await run(actor, ids.id, body);
        return reply.redirect(withQuery(paths.actionPlans.show(ids.id), { saved }), 303);
      },
    );
  }

  planStep(paths.actionPlans.share(':id'), 'actions.manage', noBody, (actor, id) => plans.share(actor, id), 'shared');
  planStep(paths.actionPlans.reopen(':id'), 'actions.manage', noBody, (actor, id) => plans.reopen(actor, id), 'reopened');
  planStep(paths.actionPlans.agree(':id'), 'actions.respond', noBody, (actor, id) => plans.agree(actor, id), 'agreed');
  planStep(paths.actionPlans.requestChanges(':id'), 'actions.respond', changeRequestSchema, (actor, id, body) => plans.requestChanges(actor, id, body), 'changes-requested');

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

  route.get(paths.actionPlans.close(':id'), { access: 'actions.read', ids: ['id'] }, ({ actor, ids, reply }) => renderClose(reply, actor, ids.id, ''));
  route.post(
    paths.actionPlans.close(':id'),
    { access: 'actions.manage', ids: ['id'], body: closeSchema, invalid: ({ actor, ids, values, reply }, errors) => renderClose(reply, actor, ids.id, text(values.reason), errors) },
    async ({ actor, ids, body, reply }) => {
      await plans.close(actor, ids.id, body);
      return reply.redirect(withQuery(paths.actionPlans.show(ids.id), { saved: 'closed' }), 303);
    },
  );
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { postedDateParts, text } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { actionSchema, completeActionSchema, monitoringSchema, peopleFundedSchema, statusSchema } from './contingency.schemas.ts';
import type { ContingencyService } from './contingency.service.ts';
import { planSummaryView, planView } from './contingency.view.ts';

const listQuery = z.object({ status: z.enum(['open', 'monitoring', 'closed'], { error: 'Select a status' }).optional() });
const SAVED: Record<string, string> = { opened: 'Market event recorded and contingency plan opened. Partners you share alerts with have been alerted.', action: 'Action added', done: 'Action marked as done', status: 'Status changed', figures: 'Figure saved', monitoring: 'Monitoring set' };

/** Contingency plans: the council's list, a plan's page, and its forms (each shown again with its errors). */
export function contingencyRoutes(app: FastifyInstance, plans: ContingencyService) {
  const route = router(app);

  route.get(paths.contingency.plans, { access: 'market.read', query: listQuery }, async ({ actor, query, reply }) =>
    reply.render('market/views/plans.njk', {
      title: 'Contingency plans',
      section: 'contingency',
      plans: (await plans.list(actor, query.status)).map(planSummaryView),
      status: query.status,
      canRecord: can(actor, 'market.write'),
      newHref: paths.contingency.newEvent,
      eventsHref: paths.contingency.events,
    }),
  );

  async function renderPlan(reply: FastifyReply, actor: Actor, id: string, extra: { saved?: string | undefined; form?: string; values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const plan = planView(await plans.get(actor, id));
    const values = extra.values ?? {};
    return reply.render('market/views/plan.njk', {
      title: `Contingency plan: ${plan.providerName}`,
      section: 'contingency',
      backLink: paths.contingency.plans,
      plan,
      canWrite: can(actor, 'market.write') && !plan.closed,
      saved: extra.saved ? SAVED[extra.saved] : undefined,
      form: extra.form,
      values: { ...values, dueOn: values['dueOn-day'] !== undefined ? postedDateParts(values, 'dueOn') : {}, description: text(values.description), ownerName: text(values.ownerName) },
      errors: extra.errors,
    });
  }

  route.get(paths.contingency.plan(':id'), { access: 'market.read', ids: ['id'], notFound: 'Contingency plan' }, async ({ actor, ids, request, reply }) =>
    renderPlan(reply, actor, ids.id, { saved: (request.query as { saved?: string }).saved }),
  );

  const form = (name: string) => ({
    access: 'market.write' as const,
    ids: ['id'] as 'id'[],
    notFound: 'Contingency plan',
    invalid: ({ actor, ids, values, reply }: { actor: Actor; ids: Readonly<Record<'id', string>>; values: Record<string, unknown>; reply: FastifyReply }, errors: FormErrors) =>
      renderPlan(reply, actor, ids.id, { form: name, values, errors }),
  });
  const done = (reply: FastifyReply, id: string, saved: string) => reply.redirect(withQuery(paths.contingency.plan(id), { saved }), 303);

  route.post(paths.contingency.actions(':id'), { ...form('action'), body: actionSchema, dates: ['dueOn'] }, async ({ actor, ids, body, reply }) => {
    await plans.addAction(actor, ids.id, body);
    return done(reply, ids.id, 'action');
  });

  route.post(paths.contingency.actionDone(':id'), { ...form('done'), body: completeActionSchema }, async ({ actor, ids, body, reply }) => {
    await plans.completeAction(actor, ids.id, body.actionId);
    return done(reply, ids.id, 'done');
  });

  route.post(paths.contingency.status(':id'), { ...form('status'), body: statusSchema }, async ({ actor, ids, body, reply }) => {
    await plans.setStatus(actor, ids.id, body.status);
    return done(reply, ids.id, 'status');
  });

  route.post(paths.contingency.figures(':id'), { ...form('figures'), body: peopleFundedSchema }, async ({ actor, ids, body, reply }) => {
    await plans.setPeopleFunded(actor, ids.id, body.serviceId, body.peopleFunded!);
    return done(reply, ids.id, 'figures');
  });

  route.post(paths.contingency.monitoring(':id'), { ...form('monitoring'), body: monitoringSchema }, async ({ actor, ids, body, reply }) => {
    await plans.setMonitoring(actor, ids.id, body);
    return done(reply, ids.id, 'monitoring');
  });
}

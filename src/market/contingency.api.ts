import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { AssuranceService } from './assurance.service.ts';
import { actionSchema, marketEventSchema, statementSchema, statusSchema } from './contingency.schemas.ts';
import type { ContingencyService } from './contingency.service.ts';
import { eventToApi, planSummaryView, planToApi } from './contingency.view.ts';
import type { MarketEventsService } from './market-events.service.ts';

const listQuery = z.object({ status: z.enum(['open', 'monitoring', 'closed'], { error: 'status must be open, monitoring or closed' }).optional() });

/** The JSON API of market events, contingency plans and the providers' daily assurance statements (issue 18). */
export function contingencyApi(app: FastifyInstance, events: MarketEventsService, plans: ContingencyService, assurance: AssuranceService) {
  const route = router(app);
  const api = paths.api;

  route.post(api.providerMarketEvents(':id'), { access: 'market.write', ids: ['id'], notFound: 'Provider', body: marketEventSchema }, async ({ actor, ids, body, reply }) => {
    const event = await events.record(actor, ids.id, body);
    return reply.code(201).header('location', api.contingencyPlan(event.contingencyPlanId!)).send(eventToApi(event));
  });

  route.get(api.marketEvents, { access: 'market.read' }, async ({ actor }) => ({ items: (await events.list(actor)).map(eventToApi) }));

  route.get(api.contingencyPlans, { access: 'market.read', query: listQuery }, async ({ actor, query }) => ({
    items: (await plans.list(actor, query.status)).map((p) => {
      const v = planSummaryView(p);
      return { id: v.id, status: v.status, provider: { id: v.providerId, name: v.providerName }, marketEvent: v.event, services: v.services, openActions: v.openActions };
    }),
  }));

  route.get(api.contingencyPlan(':id'), { access: 'market.read', ids: ['id'], notFound: 'Contingency plan' }, async ({ actor, ids }) => planToApi(await plans.get(actor, ids.id)));

  route.post(api.contingencyPlanActions(':id'), { access: 'market.write', ids: ['id'], notFound: 'Contingency plan', body: actionSchema }, async ({ actor, ids, body, reply }) => {
    const { id } = await plans.addAction(actor, ids.id, body);
    return reply.code(201).send({ id, description: body.description, owner: body.ownerName, dueOn: body.dueOn, doneOn: null });
  });

  route.post(api.contingencyPlanStatus(':id'), { access: 'market.write', ids: ['id'], notFound: 'Contingency plan', body: statusSchema }, async ({ actor, ids, body }) => {
    await plans.setStatus(actor, ids.id, body.status);
    return planToApi(await plans.get(actor, ids.id));
  });

  route.get(api.assuranceRequests, { access: 'assurance.submit' }, async ({ actor }) => ({
    items: (await assurance.due(actor)).map((r) => ({ id: r.id, serviceId: r.serviceId, fromOn: r.fromOn, untilOn: r.untilOn, days: r.days })),
  }));

  route.post(api.assuranceStatements(':id'), { access: 'assurance.submit', ids: ['id'], notFound: 'Assurance request', body: statementSchema }, async ({ actor, ids, body, reply }) =>
    reply.code(201).send(await assurance.submit(actor, ids.id, body)),
  );
}

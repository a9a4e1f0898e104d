import type { FastifyInstance } from 'fastify';
import { idParam } from '../actions/http.ts';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { Visit, VisitsService } from './visits.service.ts';

/** The JSON API of visits: the council's own record, never open to providers or partners. */

export function visitToApi(v: Visit) {
  return {
    id: v.id,
    serviceId: v.serviceId,
    kind: v.kind,
    jointWith: v.jointWith,
    jointDetail: v.jointDetail,
    purpose: v.purpose,
    dueBy: v.dueBy,
    plannedOn: v.plannedOn,
    visitedOn: v.visitedOn,
    officer: v.officer,
    outcome: v.outcome,
    assessmentId: v.assessmentId,
    actionPlanId: v.actionPlanId,
    cancelledOn: v.cancelledOn,
    cancelReason: v.cancelReason,
    state: v.state,
  };
}

export function visitsApi(app: FastifyInstance, visits: VisitsService) {
  app.get(paths.api.serviceVisits(':id'), async (request) => {
    const { visits: items } = await visits.forService(requireActor(request), idParam(request));
    return { items: items.map(visitToApi) };
  });

  // With `visitedOn` and `outcome` the visit is recorded as made; otherwise it is planned.
  app.post(paths.api.serviceVisits(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const serviceId = idParam(request);
    const input = (request.body ?? {}) as Record<string, unknown>;
    const visit = input.visitedOn !== undefined ? await visits.recordNew(actor, serviceId, input) : await visits.plan(actor, serviceId, input);
    return reply.code(201).header('location', paths.api.visit(visit.id)).send(visitToApi(visit));
  });

  app.get(paths.api.visit(':id'), async (request) => visitToApi(await visits.get(requireActor(request), idParam(request))));

  app.post(paths.api.visitRecord(':id'), async (request) => visitToApi(await visits.record(requireActor(request), idParam(request), request.body ?? {})));

  app.post(paths.api.visitCancel(':id'), async (request) => visitToApi(await visits.cancel(requireActor(request), idParam(request), request.body ?? {})));
}

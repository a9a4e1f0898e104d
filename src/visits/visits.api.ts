import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { today } from '../core/clock.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { Visit } from './visit.model.ts';
import { cancelVisitSchema, newVisitSchema, recordVisitSchema } from './visits.schemas.ts';
import type { VisitsService } from './visits.service.ts';

/** The JSON API of visits: the council's own record, never open to providers or partners. */

function visitToApi(v: Visit) {
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
  const route = router(app);

  route.get(paths.api.serviceVisits(':id'), { access: 'visits.read', ids: ['id'] }, async ({ actor, ids }) => {
    const { visits: items } = await visits.forService(actor, ids.id);
    return { items: items.map(visitToApi) };
  });

  // With `visitedOn` and `outcome` the visit is recorded as made; otherwise it is planned.
  route.post(paths.api.serviceVisits(':id'), { access: 'visits.write', ids: ['id'], body: z.lazy(() => newVisitSchema(today())) }, async ({ actor, ids, body, reply }) => {
    const visit = body.recorded ? await visits.recordNew(actor, ids.id, body.visit) : await visits.plan(actor, ids.id, body.visit);
    return reply.code(201).header('location', paths.api.visit(visit.id)).send(visitToApi(visit));
  });

  route.get(paths.api.visit(':id'), { access: 'visits.read', ids: ['id'] }, async ({ actor, ids }) => visitToApi(await visits.get(actor, ids.id)));

  route.post(paths.api.visitRecord(':id'), { access: 'visits.write', ids: ['id'], body: z.lazy(() => recordVisitSchema(today())) }, async ({ actor, ids, body }) =>
    visitToApi(await visits.record(actor, ids.id, body)),
  );

  route.post(paths.api.visitCancel(':id'), { access: 'visits.write', ids: ['id'], body: cancelVisitSchema }, async ({ actor, ids, body }) =>
    visitToApi(await visits.cancel(actor, ids.id, body)),
  );
}

import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { TimelineSource } from '../core/http/extensions.ts';
import { router } from '../core/http/route.ts';
import { caseRoutes } from './cases.routes.ts';
import { escalationApi } from './escalation.api.ts';
import { escalationExtensions } from './escalation.extensions.ts';
import { escalationService } from './escalation.service.ts';
import { groupRoutes } from './group.routes.ts';
import { escalationHome } from './home.ts';
import { overviewRoutes } from './overview.routes.ts';
import { processRoutes } from './processes.routes.ts';
import { suspensionRoutes } from './suspensions.routes.ts';

/**
 * Escalation as the composition root sees it. `timeline` gives every capability's timeline sources
 * (known only once all are built), so a case can link its evidence from the service timeline.
 */
export function escalationServices(store: Store, timeline: () => readonly TimelineSource[]) {
  const escalation = escalationService(store, { timeline });
  // … and its lines on the home page (issue 15).
  return { escalation, escalationExtensions: { ...escalationExtensions(escalation), home: [escalationHome(store)] } };
}

type EscalationServices = ReturnType<typeof escalationServices>;

export function registerEscalation(app: FastifyInstance, services: EscalationServices) {
  const route = router(app);
  overviewRoutes(route, services.escalation);
  caseRoutes(route, services.escalation);
  suspensionRoutes(route, services.escalation);
  groupRoutes(route, services.escalation);
  processRoutes(route, services.escalation);
  escalationApi(route, services.escalation);
}

import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { TimelineSource } from '../core/http/extensions.ts';
import { escalationApi } from './escalation.api.ts';
import { escalationExtensions } from './escalation.extensions.ts';
import { escalationRoutes } from './escalation.routes.ts';
import { escalationService, type EscalationOptions } from './escalation.service.ts';

export { escalationOpenApi } from './escalation.openapi.ts';

/**
 * Escalation as the composition root sees it. `timeline` gives every capability's timeline sources
 * (known only once all are built), so a case can link its evidence from the service timeline.
 */
export function escalationServices(store: Store, timeline: () => readonly TimelineSource[], options: Omit<EscalationOptions, 'timeline'> = {}) {
  const escalation = escalationService(store, { ...options, timeline });
  return { escalation, escalationExtensions: escalationExtensions(escalation) };
}

export type EscalationServices = ReturnType<typeof escalationServices>;

export function registerEscalation(app: FastifyInstance, services: EscalationServices) {
  escalationRoutes(app, services.escalation);
  escalationApi(app, services.escalation);
}

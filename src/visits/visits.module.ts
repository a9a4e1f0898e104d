import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { visitsApi } from './visits.api.ts';
import { visitsRoutes } from './visits.routes.ts';
import { visitsService, type VisitsOptions } from './visits.service.ts';

/** Visits as the composition root sees them: the service, then the pages and the API. */
export function visitsServices(store: Store, options: VisitsOptions = {}) {
  return { visits: visitsService(store, options) };
}

type VisitsServices = ReturnType<typeof visitsServices>;

export function registerVisits(app: FastifyInstance, services: VisitsServices) {
  visitsRoutes(app, services.visits);
  visitsApi(app, services.visits);
}

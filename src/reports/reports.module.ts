import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { router } from '../core/http/route.ts';
import { quarterlyService } from './quarterly.service.ts';
import { reportsApi } from './reports.api.ts';
import { reportsRoutes } from './reports.routes.ts';

/** Reports as the composition root sees them. */
export function reportsServices(store: Store) {
  return { reports: quarterlyService(store) };
}

export function registerReports(app: FastifyInstance, services: ReturnType<typeof reportsServices>) {
  const route = router(app);
  reportsRoutes(route, services.reports);
  reportsApi(route, services.reports);
}

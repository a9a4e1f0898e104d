import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/db/database.ts';
import { router } from '../../core/http/route.ts';
import { dashboardsApi } from './dashboards.api.ts';
import { dashboardsRoutes } from './dashboards.routes.ts';
import { dashboardsService } from './dashboards.service.ts';

/** The care homes and performance dashboards as the composition root sees them. */
export function dashboardsServices(store: Store) {
  return { dashboards: dashboardsService(store) };
}

export function registerDashboards(app: FastifyInstance, services: ReturnType<typeof dashboardsServices>) {
  const route = router(app);
  dashboardsRoutes(route, services.dashboards);
  dashboardsApi(route, services.dashboards);
}

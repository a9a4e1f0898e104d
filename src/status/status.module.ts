import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { router } from '../core/http/route.ts';
import { alertsService } from './alerts.service.ts';
import { sharingService } from './sharing.service.ts';
import { statusApi } from './status.api.ts';
import { statusExtensions } from './status.extensions.ts';
import { statusHome } from './home.ts';
import { statusRoutes } from './status.routes.ts';
import { liveStatusService } from './status.service.ts';

/** The Live Status List, sharing and alerts as the composition root sees them. */
export function statusServices(store: Store) {
  const liveStatus = liveStatusService(store);
  // … and its lines on the home page (issue 15).
  return { liveStatus, sharing: sharingService(store), alerts: alertsService(store), statusExtensions: { ...statusExtensions(liveStatus), home: [statusHome(store, liveStatus)] } };
}

type StatusServices = ReturnType<typeof statusServices>;

export function registerStatus(app: FastifyInstance, services: StatusServices) {
  const route = router(app);
  statusRoutes(route, services.liveStatus, services.alerts, services.sharing);
  statusApi(route, services.liveStatus, services.alerts);
}

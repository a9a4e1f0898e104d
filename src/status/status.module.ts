import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions } from '../core/http/extensions.ts';
import { alertsService } from './alerts.service.ts';
import { sharingService } from './sharing.service.ts';
import { statusApi } from './status.api.ts';
import { statusRoutes } from './status.routes.ts';
import { liveStatusService } from './status.service.ts';

export { statusOpenApi } from './status.openapi.ts';

/** The Live Status List, sharing and alerts as the composition root sees them. */
export function statusServices(store: Store) {
  const liveStatus = liveStatusService(store);
  const extensions: Partial<ServiceExtensions> = { panels: [liveStatus.panelSource], details: [liveStatus.detailSource] };
  return { liveStatus, sharing: sharingService(store), alerts: alertsService(store), statusExtensions: extensions };
}

export type StatusServices = ReturnType<typeof statusServices>;

export function registerStatus(app: FastifyInstance, services: StatusServices) {
  statusRoutes(app, services.liveStatus, services.alerts, services.sharing);
  statusApi(app, services.liveStatus, services.alerts);
}

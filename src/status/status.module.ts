import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { repeatWhileListening } from '../core/http/repeat.ts';
import { router } from '../core/http/route.ts';
import { alertsService } from './alerts.service.ts';
import { sharingService } from './sharing.service.ts';
import { statusApi } from './status.api.ts';
import { statusExtensions } from './status.extensions.ts';
import { statusHome } from './home.ts';
import { statusRoutes } from './status.routes.ts';
import { liveStatusService, type LiveStatusService } from './status.service.ts';

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
  checkKeptFacts(app, services.liveStatus);
}

const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Six hours after the server starts listening and every six hours after, every service's kept status facts are compared with
 * its records and any that drifted are refreshed. Triggers keep them (migration 20261207T0100), so this should
 * find nothing; if it does, the log says how many, as a warning. Every instance runs it; a run changes nothing
 * that is right, so two at once do no harm.
 */
function checkKeptFacts(app: FastifyInstance, liveStatus: LiveStatusService) {
  repeatWhileListening(app, { everyMs: CHECK_INTERVAL_MS, name: 'live status facts check', atStart: false }, async () => {
    const repaired = await liveStatus.repairKeptFacts();
    if (repaired) app.log.warn({ repaired }, 'live status facts had drifted from their records and were refreshed');
  });
}

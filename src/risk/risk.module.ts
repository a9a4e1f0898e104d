import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.js';
import type { ServiceExtensions, WorkListSource } from '../core/http/extensions.js';
import { matrixRoutes } from './matrix.routes.js';
import { registerRoutes } from './register.routes.js';
import { registerService } from './register.service.js';
import { riskApi } from './risk.api.js';
import { riskExtensions } from './risk.extensions.js';
import { riskRoutes } from './risk.routes.js';
import { riskService } from './risk.service.js';

export { riskOpenApi } from './risk.openapi.js';

/** Provider Risk Rating as the composition root sees it: its services, its contributions to the service page, then its routes. */
export function riskServices(store: Store) {
  const risk = riskService(store);
  const { panel, detail, timeline } = riskExtensions(risk);
  // Risk's panel, API field and timeline events, for the composition root to merge with other capabilities'.
  const contributions: ServiceExtensions = { panels: [panel], details: [detail], timeline: [timeline], workList: [] };
  return { risk, riskReports: registerService(store), riskExtensions: contributions };
}

export type RiskServices = ReturnType<typeof riskServices>;

/** `workList` is what other capabilities add to the officer's work list, below the risk ratings' own. */
export function registerRisk(app: FastifyInstance, services: RiskServices, workList: readonly WorkListSource[] = []) {
  riskRoutes(app, services.risk);
  registerRoutes(app, services.riskReports, workList);
  matrixRoutes(app, services.risk);
  riskApi(app, services.risk);
}

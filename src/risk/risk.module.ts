import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions, WorkListSource } from '../core/http/extensions.ts';
import { auditRoutes } from './audit.routes.ts';
import { auditService } from './audit.service.ts';
import { matrixRoutes } from './matrix.routes.ts';
import { matrixService } from './matrix.service.ts';
import { ratingRoutes } from './rating.routes.ts';
import { registerRoutes } from './register.routes.ts';
import { registerService } from './register.service.ts';
import { riskApi } from './risk.api.ts';
import { riskExtensions } from './risk.extensions.ts';
import { riskRoutes } from './risk.routes.ts';
import { riskService } from './risk.service.ts';
import { workListRoutes } from './work-list.routes.ts';
import { workListService } from './work-list.service.ts';
import { riskHome } from './home.ts';
import { riskProviderHome } from './provider-home.ts';

/** Provider Risk Rating as the composition root sees it: its services, its contributions to the service page, then its routes. */
export function riskServices(store: Store) {
  const risk = riskService(store);
  const { panel, detail, timeline } = riskExtensions(risk);
  // Risk's panel, API field and timeline events, for the composition root to merge with other capabilities'.
  const riskWorkList = workListService(store);
  // … and its lines on the home page (issue 15).
  const contributions: ServiceExtensions = { panels: [panel], details: [detail], timeline: [timeline], workList: [], home: [riskHome(store, riskWorkList), riskProviderHome(store)] };
  return {
    risk,
    riskMatrix: matrixService(store),
    riskRegister: registerService(store),
    riskWorkList,
    riskAudit: auditService(store),
    riskExtensions: contributions,
  };
}

export type RiskServices = ReturnType<typeof riskServices>;

/** `workList` is what other capabilities add to the officer's work list, below the risk ratings' own. */
export function registerRisk(app: FastifyInstance, services: RiskServices, workList: readonly WorkListSource[] = []) {
  riskRoutes(app, services.risk);
  ratingRoutes(app, services.risk);
  registerRoutes(app, services.riskRegister);
  workListRoutes(app, services.riskWorkList, workList);
  auditRoutes(app, services.riskAudit);
  matrixRoutes(app, services.riskMatrix);
  riskApi(app, services.risk, services.riskMatrix);
}

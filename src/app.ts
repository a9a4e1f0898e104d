import type { FastifyInstance } from 'fastify';
import { accountsOpenApi, accountsServices, registerAccounts } from './accounts/index.ts';
import { actionPlansOpenApi, actionPlansServices, createDraftActionPlan, plansOfService, registerActionPlans } from './actions/index.ts';
import { assessmentsOpenApi, assessmentsServices, registerAssessments } from './assessments/index.ts';
import { backupRoutes } from './backup/index.ts';
import type { Config } from './core/config.ts';
import type { Store } from './core/db/database.ts';
import { scheduleEmailDelivery } from './core/email/deliverer.ts';
import { createHttpApp } from './core/http/app.ts';
import { scheduleJobRunner } from './core/jobs/jobs.ts';
import { cqcOpenApi, cqcServices, registerCqc } from './cqc/index.ts';
import { escalationOpenApi, escalationServices, registerEscalation } from './escalation/index.ts';
import { mergeExtensions, noServiceExtensions, type ServiceExtensions } from './core/http/extensions.ts';
import { openApiRoutes, trackApiRoutes } from './core/http/openapi.ts';
import { intelligenceOpenApi, intelligenceServices, registerIntelligence } from './intelligence/index.ts';
import { contingencyServices, marketOpenApi, marketServices, registerMarket } from './market/index.ts';
import { registerOpenApi, registerRoutes, registerServices } from './providers/index.ts';
import { registerReports, reportsOpenApi, reportsServices } from './reports/index.ts';
import { dashboardsOpenApi, dashboardsServices, registerDashboards } from './reports/index.ts';
import { registerReturns, returnsOpenApi, returnsServices } from './returns/index.ts';
import { registerRisk, riskOpenApi, riskServices } from './risk/index.ts';
import { registerStatus, statusOpenApi, statusServices } from './status/index.ts';
import { registerVisits, visitsOpenApi, visitsServices } from './visits/index.ts';

/** The composition root: services from the store, then the app with every capability's routes. */
export function buildServices(store: Store, config: Config, extensions: ServiceExtensions = noServiceExtensions) {
  const intelligence = intelligenceServices(store);
  const risk = riskServices(store);
  // Completing an assessment drafts its action plan (and update visit) in the same transaction.
  const assessing = assessmentsServices(store, { onCompleted: async (tx, id, actor) => void (await createDraftActionPlan(tx, id, actor.userId)) });
  // A visit may follow up an action plan; plans schedule their update visits and show visits on the service page.
  const visiting = visitsServices(store, { plansOfService });
  const planning = actionPlansServices(store, { visits: visiting.visits });
  const cqc = cqcServices(store);
  // Escalation links a case's evidence from the service timeline: every capability's, known once merged below.
  let timeline: ServiceExtensions['timeline'] = [];
  const escalating = escalationServices(store, () => timeline);
  const status = statusServices(store);
  const returning = returnsServices(store, { publicBaseUrl: config.publicBaseUrl });
  const market = contingencyServices(store, { intelligence: intelligence.intelligence });
  // The live status and escalation panels lead the service page: a placing officer's first question.
  const leading = mergeExtensions(extensions, status.statusExtensions, escalating.escalationExtensions);
  // Every capability's panels, API fields and timeline events for the service page and API.
  const contributed = mergeExtensions(leading, intelligence.intelligenceExtensions, risk.riskExtensions, assessing.assessmentsExtensions, cqc.cqcExtensions, planning.actionPlansExtensions, returning.returnsExtensions, market.contingencyExtensions);
  timeline = contributed.timeline;
  return {
    ...accountsServices(store, config),
    ...intelligence,
    ...risk,
    ...assessing,
    ...visiting,
    ...planning,
    ...cqc,
    ...escalating,
    ...status,
    ...returning,
    ...marketServices(store),
    ...market,
    ...reportsServices(store),
    ...dashboardsServices(store),
    ...registerServices(store, contributed),
    extensions: contributed,
  };
}

export type Services = ReturnType<typeof buildServices>;

export async function buildApp(
  config: Config,
  store: Store,
  extensions: ServiceExtensions = noServiceExtensions,
): Promise<{ app: FastifyInstance; services: Services }> {
  const services = buildServices(store, config, extensions);
  const app = await createHttpApp({ config, store }, (app) => {
    trackApiRoutes(app);
    // The home page lists what each capability counts as needing the person (issue 15).
    registerAccounts(app, services, { config, store, home: services.extensions.home ?? [] });
    registerIntelligence(app, services, { config, store, timeline: services.extensions.timeline });
    registerRoutes(app, services);
    registerRisk(app, services, services.extensions.workList);
    registerAssessments(app, services);
    registerActionPlans(app, services);
    registerVisits(app, services);
    registerCqc(app, services);
    registerEscalation(app, services);
    registerStatus(app, services);
    registerReturns(app, services);
    registerMarket(app, services);
    registerReports(app, services);
    registerDashboards(app, services);
    // Sends what every capability puts in the outbox, while the server listens.
    scheduleEmailDelivery(app, store, config);
    // Runs the long work capabilities queue (each registers its kinds), while the server listens.
    scheduleJobRunner(app, store, { ...services.cqcJobs });
    backupRoutes(app, store);
    // Each capability's OpenAPI fragment; every /api/v1 route must appear in one (src/core/http/openapi.test.ts).
    openApiRoutes(app, [accountsOpenApi, registerOpenApi, escalationOpenApi, statusOpenApi, intelligenceOpenApi, riskOpenApi, assessmentsOpenApi, cqcOpenApi, actionPlansOpenApi, visitsOpenApi, reportsOpenApi, dashboardsOpenApi, returnsOpenApi, marketOpenApi], { title: 'Care Oversight API', version: '1' });
  });
  return { app, services };
}

import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { VisitsService } from '../visits/index.ts';
import { actionPlansApi } from './actions.api.ts';
import { actionPlansProviderHome } from './provider-home.ts';
import { actionPlansHome } from './home.ts';
import { actionPlansExtensions } from './actions.extensions.ts';
import { actionsRoutes } from './actions.routes.ts';
import { actionPlansService } from './actions.service.ts';
import { plansAndVisitsDueService } from './due.service.ts';
import { plansRoutes } from './plans.routes.ts';

interface ActionPlansDependencies {
  /** The service page's panel and timeline show a service's visits beside its plans. */
  readonly visits: Pick<VisitsService, 'forService'>;
}

/**
 * Action plans as the composition root sees them: their services (plansAndVisitsDue is what any work list
 * can call), their contributions to the service page, timeline and work list, then their routes.
 */
export function actionPlansServices(store: Store, dependencies: ActionPlansDependencies) {
  const actionPlans = actionPlansService(store);
  const plansAndVisitsDue = plansAndVisitsDueService(store);
  return {
    actionPlans,
    plansAndVisitsDue,
    // … and its lines on the home page (issue 15).
    actionPlansExtensions: { ...actionPlansExtensions(actionPlans, dependencies.visits, plansAndVisitsDue), home: [actionPlansHome(plansAndVisitsDue), actionPlansProviderHome(store)] },
  };
}

type ActionPlansServices = ReturnType<typeof actionPlansServices>;

export function registerActionPlans(app: FastifyInstance, services: ActionPlansServices) {
  plansRoutes(app, services.actionPlans, services.plansAndVisitsDue);
  actionsRoutes(app, services.actionPlans);
  actionPlansApi(app, services.actionPlans);
}

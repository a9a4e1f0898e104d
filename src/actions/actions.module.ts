import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.js';
import { visitsApi } from '../visits/visits.api.js';
import { visitsRoutes } from '../visits/visits.routes.js';
import { visitsService, type VisitsOptions } from '../visits/visits.service.js';
import { actionPlansApi } from './actions.api.js';
import { actionPlansExtensions } from './actions.extensions.js';
import { actionPlansRoutes } from './actions.routes.js';
import { actionPlansService } from './actions.service.js';
import { plansAndVisitsDueService } from './due.service.js';

/** For the composition root: the action plan is drafted as its assessment is completed. */
export { createDraftActionPlan } from './drafting.js';

export { actionPlansOpenApi } from './actions.openapi.js';
export { visitsOpenApi } from '../visits/visits.openapi.js';

/**
 * Action plans and visits as the composition root sees them: their services (plansAndVisitsDue is what
 * any work list can call), their contributions to the service page and timeline, then their routes.
 */
export function actionPlansServices(store: Store, options: VisitsOptions = {}) {
  const actionPlans = actionPlansService(store, options);
  const visits = visitsService(store, options);
  const plansAndVisitsDue = plansAndVisitsDueService(store, options);
  return {
    actionPlans,
    visits,
    plansAndVisitsDue,
    actionPlansExtensions: actionPlansExtensions(actionPlans, visits, plansAndVisitsDue),
  };
}

export type ActionPlansServices = ReturnType<typeof actionPlansServices>;

export function registerActionPlans(app: FastifyInstance, services: ActionPlansServices) {
  actionPlansRoutes(app, services.actionPlans, services.plansAndVisitsDue);
  actionPlansApi(app, services.actionPlans);
  visitsRoutes(app, services.visits);
  visitsApi(app, services.visits);
}

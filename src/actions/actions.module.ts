import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { visitsApi } from '../visits/visits.api.ts';
import { visitsRoutes } from '../visits/visits.routes.ts';
import { visitsService, type VisitsOptions } from '../visits/visits.service.ts';
import { actionPlansApi } from './actions.api.ts';
import { actionPlansExtensions } from './actions.extensions.ts';
import { actionPlansRoutes } from './actions.routes.ts';
import { actionPlansService } from './actions.service.ts';
import { plansAndVisitsDueService } from './due.service.ts';

/** For the composition root: the action plan is drafted as its assessment is completed. */
export { createDraftActionPlan } from './drafting.ts';

export { actionPlansOpenApi } from './actions.openapi.ts';
export { visitsOpenApi } from '../visits/visits.openapi.ts';

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

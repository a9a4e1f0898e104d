import type { Store } from '../core/db/database.ts';
import { planActionsService } from './plan-actions.service.ts';
import { plansService } from './plans.service.ts';
import { progressService } from './progress.service.ts';

export type { Action, ActionPlan, ActionUpdate, PlanListItem } from './action-plan.model.ts';

/**
 * Action plans as one service for the pages, the API and tests, made of the jobs people do with them:
 * a plan as a whole and its steps between council and provider (plans.service.ts), writing the draft's
 * actions and milestones (plan-actions.service.ts), and reporting and verifying progress (progress.service.ts).
 */
export function actionPlansService(store: Store) {
  return { ...plansService(store), ...planActionsService(store), ...progressService(store) };
}

export type ActionPlansService = ReturnType<typeof actionPlansService>;

/**
 * Action plans, as the composition root sees them.
 *
 * - `actionPlansServices` (handed the visits service for the service page's panel and timeline),
 *   `registerActionPlans` and the OpenAPI fragment.
 * - `createDraftActionPlan`: runs in the transaction that completes an assessment (wired in app.ts as the
 *   assessments capability's `onCompleted`), drafting the plan and scheduling its update visit.
 * - `plansOfService`: the read model the visit forms use to offer a service's plans (wired in app.ts as
 *   the visits capability's `plansOfService`).
 */
export { actionPlansServices, registerActionPlans } from './actions.module.ts';
export { actionPlansOpenApi } from './actions.openapi.ts';
export { createDraftActionPlan } from './drafting.ts';
export { plansOfService } from './plan-choices.ts';
// The demo loader drafts and moves its generated plans with the same rules.
export { actionStatusFrom, draftActions, planStatusAfterProgress } from './action-plan.rules.ts';
// Reports count the actions now overdue, by the same rule as the plan's page.
export { openActions, reportedActionPlans, type OpenAction, type ReportedActionPlan } from './actions.read.ts';
export { isActionOverdue } from './action-plan.rules.ts';

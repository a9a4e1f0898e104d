import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { NotFound } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import type { Action, ActionPlan, ActionPlansService, ActionUpdate } from './actions.service.ts';
import { idParam } from './http.ts';

/** The JSON API of action plans (shared/API.md: GET /api/v1/assessments/{id}/action-plan, and the steps around it). */

export function updateToApi(u: ActionUpdate, action: Pick<Action, 'id' | 'status'>) {
  return {
    id: u.id,
    actionId: action.id,
    text: u.body,
    reportedStatus: u.reportedStatus,
    author: { name: u.authorName, organisation: u.authorOrgName, fromProvider: u.fromProvider },
    createdAt: u.createdAt.toISOString(),
    decision: u.decision,
    decisionReason: u.decisionReason,
    decidedBy: u.decidedByName,
    decidedAt: u.decidedAt?.toISOString() ?? null,
    actionStatus: action.status,
  };
}

export function actionToApi(a: Action) {
  return {
    id: a.id,
    number: a.number,
    ...(a.questionId ? { questionId: a.questionId } : {}),
    domainId: a.domainId,
    description: a.description,
    ownerOrg: a.ownerOrg,
    ownerName: a.ownerName,
    dueOn: a.dueOn,
    status: a.status,
    overdue: a.overdue,
    milestones: a.milestones.map((m) => ({ id: m.id, description: m.description, dueOn: m.dueOn, doneOn: m.doneOn, overdue: m.overdue })),
    updates: a.updates.map((u) => updateToApi(u, a)),
  };
}

export function planToApi(plan: ActionPlan) {
  return {
    id: plan.id,
    assessmentId: plan.assessmentId,
    serviceId: plan.serviceId,
    status: plan.status,
    assessedOn: plan.assessedOn,
    sharedOn: plan.sharedOn,
    agreedOn: plan.agreedOn,
    agreedBy: plan.agreedBy,
    completedOn: plan.completedOn,
    closedOn: plan.closedOn,
    actions: plan.actions.map(actionToApi),
    followUpVisitDueBy: plan.followUpVisitDueBy,
  };
}

export function actionPlansApi(app: FastifyInstance, plans: ActionPlansService) {
  app.get(paths.api.assessmentActionPlan(':id'), async (request) => {
    const { plan, assessment } = await plans.forAssessment(requireActor(request), idParam(request));
    if (plan) return planToApi(plan);
    // Nothing fell below the standard: there is no plan, and no update visit is due.
    return { id: null, assessmentId: assessment.id, serviceId: assessment.serviceId, status: null, assessedOn: assessment.assessedOn, actions: [], followUpVisitDueBy: null };
  });

  app.post(paths.api.actionPlanShare(':id'), async (request) => planToApi(await plans.share(requireActor(request), idParam(request))));

  app.post(paths.api.actionPlanAgree(':id'), async (request) => planToApi(await plans.agree(requireActor(request), idParam(request))));

  app.post(paths.api.actionUpdates(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const actionId = idParam(request);
    const input = (request.body ?? {}) as Record<string, unknown>;
    // The API calls the update's words `text`; the form calls them `body`.
    const updateId = await plans.postUpdate(actor, actionId, { ...input, body: input.text, text: undefined });
    const { action } = await plans.action(actor, actionId);
    return reply.code(201).send(updateToApi(action.updates.find((u) => u.id === updateId)!, action));
  });

  const decide = (decision: 'verified' | 'rejected') => async (request: import('fastify').FastifyRequest) => {
    const actor = requireActor(request);
    const updateId = idParam(request);
    const input = (request.body ?? {}) as Record<string, unknown>;
    const { actionId } = await plans.decide(actor, updateId, { reason: input.reason, decision });
    const { action } = await plans.action(actor, actionId);
    const update = action.updates.find((u) => u.id === updateId);
    if (!update) throw new NotFound('Update');
    return updateToApi(update, action);
  };
  app.post(paths.api.actionUpdateVerify(':id'), decide('verified'));
  app.post(paths.api.actionUpdateReject(':id'), decide('rejected'));
}

import type { FastifyInstance } from 'fastify';
import { NotFound } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router } from '../core/http/route.ts';
import type { Action, ActionPlan, ActionUpdate } from './action-plan.model.ts';
import { apiDecisionSchema, apiUpdateSchema } from './actions.schemas.ts';
import type { ActionPlansService } from './actions.service.ts';

/** The JSON API of action plans (shared/API.md: GET /api/v1/assessments/{id}/action-plan, and the steps around it). */

function updateToApi(u: ActionUpdate, action: Pick<Action, 'id' | 'status'>) {
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

function actionToApi(a: Action) {
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

function planToApi(plan: ActionPlan) {
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
  const route = router(app);

  route.get(paths.api.assessmentActionPlan(':id'), { access: 'actions.read', ids: ['id'] }, async ({ actor, ids }) => {
    const { plan, assessment } = await plans.forAssessment(actor, ids.id);
    if (plan) return planToApi(plan);
    // Nothing fell below the standard: there is no plan, and no update visit is due.
    return { id: null, assessmentId: assessment.id, serviceId: assessment.serviceId, status: null, assessedOn: assessment.assessedOn, actions: [], followUpVisitDueBy: null };
  });

  route.post(paths.api.actionPlanShare(':id'), { access: 'actions.manage', ids: ['id'], body: noBody }, async ({ actor, ids }) => planToApi(await plans.share(actor, ids.id)));

  route.post(paths.api.actionPlanAgree(':id'), { access: 'actions.respond', ids: ['id'], body: noBody }, async ({ actor, ids }) => planToApi(await plans.agree(actor, ids.id)));

  route.post(paths.api.actionUpdates(':id'), { access: ['actions.manage', 'actions.respond'], ids: ['id'], body: apiUpdateSchema }, async ({ actor, ids, body, reply }) => {
    const updateId = await plans.postUpdate(actor, ids.id, body);
    const { action } = await plans.action(actor, ids.id);
    return reply.code(201).send(updateToApi(action.updates.find((u) => u.id === updateId)!, action));
  });

  for (const [path, decision] of [
    [paths.api.actionUpdateVerify(':id'), 'verified'],
    [paths.api.actionUpdateReject(':id'), 'rejected'],
  ] as const) {
    route.post(path, { access: 'actions.manage', ids: ['id'], body: apiDecisionSchema(decision) }, async ({ actor, ids, body }) => {
      const { actionId } = await plans.decide(actor, ids.id, body);
      const { action } = await plans.action(actor, actionId);
      const update = action.updates.find((u) => u.id === ids.id);
      if (!update) throw new NotFound('Update');
      return updateToApi(update, action);
    });
  }
}

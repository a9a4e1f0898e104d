import type { Tx } from '../../core/db/database.ts';
import type { ActionRow, ActionUpdateRow, MilestoneRow, PlanRow } from '../history/model.ts';
import { insertRows, updateRows } from './bulk.ts';

/**
 * Action plans in the order the product's guards allow: the draft with its actions and milestones, then
 * shared and agreed, then the updates reported on the open actions, then each action's status, then the
 * plan's final state (in progress, completed or closed).
 */

type Action = ActionRow & { planId: string; createdBy: string; createdAt: string };

export async function writePlans(tx: Tx, councilId: string, plans: readonly PlanRow[]): Promise<void> {
  await insertRows<PlanRow>(tx, 'action_plans', [
    { name: 'id', type: 'uuid', value: (p) => p.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (p) => p.serviceId },
    { name: 'assessment_id', type: 'uuid', value: (p) => p.assessmentId },
    { name: 'assessed_on', type: 'date', value: (p) => p.assessedOn },
    { name: 'created_by', type: 'uuid', value: (p) => p.createdBy },
    { name: 'created_at', type: 'timestamptz', value: (p) => p.createdAt },
    { name: 'updated_at', type: 'timestamptz', value: (p) => p.createdAt },
  ], plans);

  const actions: Action[] = plans.flatMap((p) => p.actions.map((a) => ({ ...a, planId: p.id, createdBy: p.createdBy, createdAt: p.createdAt })));
  await insertRows<Action>(tx, 'actions', [
    { name: 'id', type: 'uuid', value: (a) => a.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'plan_id', type: 'uuid', value: (a) => a.planId },
    { name: 'position', type: 'int', value: (a) => a.position },
    { name: 'question_id', type: 'uuid', value: (a) => a.questionId },
    { name: 'domain_id', type: 'uuid', value: (a) => a.domainId },
    { name: 'description', type: 'text', value: (a) => a.description },
    { name: 'owner_name', type: 'text', value: (a) => a.ownerName },
    { name: 'due_on', type: 'date', value: (a) => a.dueOn },
    { name: 'created_by', type: 'uuid', value: (a) => a.createdBy },
    { name: 'created_at', type: 'timestamptz', value: (a) => a.createdAt },
    { name: 'updated_at', type: 'timestamptz', value: (a) => a.createdAt },
  ], actions);

  const milestones = actions.flatMap((a) => a.milestones.map((m) => ({ ...m, actionId: a.id, createdAt: a.createdAt })));
  await insertRows<MilestoneRow & { actionId: string; createdAt: string }>(tx, 'action_milestones', [
    { name: 'id', type: 'uuid', value: (m) => m.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'action_id', type: 'uuid', value: (m) => m.actionId },
    { name: 'description', type: 'text', value: (m) => m.description },
    { name: 'due_on', type: 'date', value: (m) => m.dueOn },
    { name: 'done_on', type: 'date', value: (m) => m.doneOn },
    { name: 'done_by', type: 'uuid', value: (m) => m.doneBy },
    { name: 'created_at', type: 'timestamptz', value: (m) => m.createdAt },
    { name: 'updated_at', type: 'timestamptz', value: (m) => (m.doneOn ? `${m.doneOn}T12:00:00Z` : m.createdAt) },
  ], milestones);

  // Shared (and agreed) before anything is reported on it.
  const shared = plans.filter((p) => p.sharedOn !== null);
  await updateRows<PlanRow>(tx, 'action_plans', (p) => p.id, [
    { name: 'status', type: 'text', value: (p) => (p.agreedOn ? 'agreed' : 'shared') },
    { name: 'shared_on', type: 'date', value: (p) => p.sharedOn },
    { name: 'shared_by', type: 'uuid', value: (p) => p.sharedBy },
    { name: 'agreed_on', type: 'date', value: (p) => p.agreedOn },
    { name: 'agreed_by', type: 'uuid', value: (p) => p.agreedBy },
    { name: 'agreed_by_name', type: 'text', value: (p) => p.agreedByName },
  ], shared);

  const updates = actions.flatMap((a) => a.updates.map((u) => ({ ...u, actionId: a.id })));
  await insertRows<ActionUpdateRow & { actionId: string }>(tx, 'action_updates', [
    { name: 'id', type: 'uuid', value: (u) => u.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'action_id', type: 'uuid', value: (u) => u.actionId },
    { name: 'author_user_id', type: 'uuid', value: (u) => u.authorUserId },
    { name: 'author_org_id', type: 'uuid', value: (u) => u.authorOrgId },
    { name: 'author_name', type: 'text', value: (u) => u.authorName },
    { name: 'body', type: 'text', value: (u) => u.body },
    { name: 'reported_status', type: 'text', value: (u) => u.reportedStatus },
    { name: 'created_at', type: 'timestamptz', value: (u) => u.createdAt },
    { name: 'decision', type: 'text', value: (u) => u.decision },
    { name: 'decision_reason', type: 'text', value: (u) => u.decisionReason },
    { name: 'decided_by', type: 'uuid', value: (u) => u.decidedBy },
    { name: 'decided_by_name', type: 'text', value: (u) => u.decidedByName },
    { name: 'decided_at', type: 'timestamptz', value: (u) => u.decidedAt },
  ], updates);

  await updateRows<Action>(tx, 'actions', (a) => a.id, [{ name: 'status', type: 'text', value: (a) => a.status }], actions.filter((a) => a.status !== 'open'));

  const finished = plans.filter((p) => p.status === 'in_progress' || p.status === 'completed' || p.status === 'closed');
  await updateRows<PlanRow>(tx, 'action_plans', (p) => p.id, [
    { name: 'status', type: 'text', value: (p) => p.status },
    { name: 'completed_on', type: 'date', value: (p) => p.completedOn },
    { name: 'closed_on', type: 'date', value: (p) => p.closedOn },
    { name: 'closed_by', type: 'uuid', value: (p) => p.closedBy },
    { name: 'close_reason', type: 'text', value: (p) => p.closeReason },
  ], finished);
}

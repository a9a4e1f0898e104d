import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ActionStatus, OwnerOrg, ReportedStatus } from './action-plan.rules.ts';

/**
 * All SQL of a plan's actions, their milestones and the updates reported on them. Every function runs inside
 * the caller's unit of work, under row-level security.
 */

interface NewAction {
  councilId: string;
  planId: string;
  questionId: string | null;
  domainId: string;
  description: string;
  ownerOrg: OwnerOrg;
  ownerName: string | null;
  dueOn: string;
  createdBy: string;
}

export async function insertActions(tx: Tx, actions: readonly NewAction[]): Promise<void> {
  if (actions.length === 0) return;
  const planId = actions[0]!.planId;
  const last = await tx.selectFrom('actions').select(sql<number>`coalesce(max(position), 0)::int`.as('n')).where('plan_id', '=', planId).executeTakeFirst();
  await tx
    .insertInto('actions')
    .values(
      actions.map((a, i) => ({
        council_id: a.councilId,
        plan_id: a.planId,
        position: (last?.n ?? 0) + i + 1,
        question_id: a.questionId,
        domain_id: a.domainId,
        description: a.description,
        owner_org: a.ownerOrg,
        owner_name: a.ownerName,
        due_on: a.dueOn,
        created_by: a.createdBy,
      })),
    )
    .execute();
}

export function listActions(tx: Tx, planId: string) {
  return tx
    .selectFrom('actions')
    .select(['id', 'plan_id', 'position', 'question_id', 'domain_id', 'description', 'owner_org', 'owner_name', 'due_on', 'status', 'updated_at'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
}

export function findAction(tx: Tx, actionId: string) {
  return tx
    .selectFrom('actions')
    .select(['id', 'plan_id', 'council_id', 'position', 'question_id', 'domain_id', 'description', 'owner_org', 'owner_name', 'due_on', 'status', 'updated_at'])
    .where('id', '=', actionId)
    .executeTakeFirst();
}

interface ActionChange {
  description?: string;
  owner_org?: OwnerOrg;
  owner_name?: string | null;
  due_on?: string;
  domain_id?: string;
  question_id?: string | null;
  status?: ActionStatus;
}

export async function updateAction(tx: Tx, actionId: string, change: ActionChange): Promise<void> {
  await tx.updateTable('actions').set(change).where('id', '=', actionId).execute();
}

/** Removes an action and closes the gap it leaves in the numbering. */
export async function deleteAction(tx: Tx, actionId: string, planId: string, position: number): Promise<void> {
  await tx.deleteFrom('actions').where('id', '=', actionId).execute();
  await tx.updateTable('actions').set({ position: sql`position - 1` }).where('plan_id', '=', planId).where('position', '>', position).execute();
}

export function listMilestones(tx: Tx, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('action_milestones')
    .select(['id', 'action_id', 'description', 'due_on', 'done_on'])
    .where('action_id', 'in', actionIds)
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

export function findMilestone(tx: Tx, milestoneId: string) {
  return tx.selectFrom('action_milestones').select(['id', 'action_id', 'council_id', 'description', 'due_on', 'done_on']).where('id', '=', milestoneId).executeTakeFirst();
}

export async function insertMilestone(tx: Tx, m: { councilId: string; actionId: string; description: string; dueOn: string }): Promise<string> {
  const row = await tx
    .insertInto('action_milestones')
    .values({ council_id: m.councilId, action_id: m.actionId, description: m.description, due_on: m.dueOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteMilestone(tx: Tx, milestoneId: string): Promise<void> {
  await tx.deleteFrom('action_milestones').where('id', '=', milestoneId).execute();
}

export async function markMilestonesDone(tx: Tx, actionId: string, milestoneIds: readonly string[], on: string, userId: string): Promise<number> {
  if (milestoneIds.length === 0) return 0;
  const result = await tx
    .updateTable('action_milestones')
    .set({ done_on: on, done_by: userId })
    .where('action_id', '=', actionId)
    .where('id', 'in', milestoneIds)
    .where('done_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listUpdates(tx: Tx, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('action_updates as u')
    .innerJoin('organisations as o', 'o.id', 'u.author_org_id')
    .select([
      'u.id',
      'u.action_id',
      'u.author_name',
      'o.name as author_org_name',
      'o.kind as author_org_kind',
      'u.body',
      'u.reported_status',
      'u.created_at',
      'u.decision',
      'u.decision_reason',
      'u.decided_by_name',
      'u.decided_at',
    ])
    .where('u.action_id', 'in', actionIds)
    .orderBy('u.created_at')
    .orderBy('u.id')
    .execute();
}

export type UpdateRow = Awaited<ReturnType<typeof listUpdates>>[number];

export function findUpdate(tx: Tx, updateId: string) {
  return tx.selectFrom('action_updates').select(['id', 'action_id', 'decision', 'reported_status']).where('id', '=', updateId).executeTakeFirst();
}

interface NewUpdate {
  councilId: string;
  actionId: string;
  authorUserId: string;
  authorOrgId: string;
  authorName: string;
  body: string;
  reportedStatus: ReportedStatus;
  /** An update the council posts itself is the council's own observation, verified as it is recorded. */
  verifiedBy?: { userId: string; name: string };
}

export async function insertUpdate(tx: Tx, u: NewUpdate): Promise<string> {
  const row = await tx
    .insertInto('action_updates')
    .values({
      council_id: u.councilId,
      action_id: u.actionId,
      author_user_id: u.authorUserId,
      author_org_id: u.authorOrgId,
      author_name: u.authorName,
      body: u.body,
      reported_status: u.reportedStatus,
      ...(u.verifiedBy ? { decision: 'verified', decided_by: u.verifiedBy.userId, decided_by_name: u.verifiedBy.name, decided_at: sql<Date>`now()` } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the decision unless someone decided first; returns whether this one counted. */
export async function decideUpdate(
  tx: Tx,
  updateId: string,
  d: { decision: 'verified' | 'rejected'; reason: string | null; userId: string; name: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('action_updates')
    .set({ decision: d.decision, decision_reason: d.reason, decided_by: d.userId, decided_by_name: d.name, decided_at: sql<Date>`now()` })
    .where('id', '=', updateId)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function updateFactsOf(tx: Tx, actionId: string) {
  return tx
    .selectFrom('action_updates')
    .select(['reported_status as reportedStatus', 'decision'])
    .where('action_id', '=', actionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

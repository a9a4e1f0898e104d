import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ActionStatus, OwnerOrg, PlanStatus, ReportedStatus } from './action-plan.rules.ts';

/** All SQL of action plans. Every function runs inside the caller's unit of work, under row-level security. */

// ---------------------------------------------------------------------------------------------------
// What a plan is drafted from: the assessment, its framework version, answers and open evidence

export function findAssessment(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('assessments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id')
    .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      'a.id',
      'a.council_id',
      'a.service_id',
      'a.kind',
      'a.status',
      'a.visited_on',
      'a.completed_on',
      'a.created_by',
      'a.framework_version_id',
      'v.name as framework_name',
      'v.requires_improvement_label',
      'f.scoring',
      's.name as service_name',
      's.lead_officer_id',
      'p.name as provider_name',
    ])
    .where('a.id', '=', assessmentId)
    .executeTakeFirst();
}

export async function frameworkRows(tx: Tx, versionId: string) {
  const [domains, standards, questions] = await Promise.all([
    tx.selectFrom('framework_domains').select(['id', 'lineage_id', 'position', 'name', 'description']).where('version_id', '=', versionId).execute(),
    tx.selectFrom('framework_standards').select(['id', 'domain_id', 'position', 'name']).where('version_id', '=', versionId).execute(),
    tx
      .selectFrom('framework_questions')
      .select(['id', 'lineage_id', 'domain_id', 'standard_id', 'position', 'text', 'guidance', 'weight'])
      .where('version_id', '=', versionId)
      .execute(),
  ]);
  return { domains, standards, questions: questions.map((q) => ({ ...q, weight: Number(q.weight) })) };
}

export function answers(tx: Tx, assessmentId: string) {
  return tx.selectFrom('assessment_answers').select(['question_id', 'answer']).where('assessment_id', '=', assessmentId).execute();
}

/** Evidence notes that the provider may read too: a draft action quotes only these. */
export function openEvidence(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('assessment_evidence')
    .select(['question_id', 'body'])
    .where('assessment_id', '=', assessmentId)
    .where('confidential', '=', false)
    .where('body', 'is not', null)
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Plans

export interface NewPlan {
  councilId: string;
  serviceId: string;
  assessmentId: string;
  assessedOn: string;
  createdBy: string;
}

/** Inserts the plan unless the assessment already has one (two people opening it at once); returns the new id or undefined. */
export async function insertPlan(tx: Tx, plan: NewPlan): Promise<string | undefined> {
  const row = await tx
    .insertInto('action_plans')
    .values({ council_id: plan.councilId, service_id: plan.serviceId, assessment_id: plan.assessmentId, assessed_on: plan.assessedOn, created_by: plan.createdBy })
    .onConflict((oc) => oc.column('assessment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

function planQuery(tx: Tx) {
  return tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .innerJoin('assessments as a', 'a.id', 'ap.assessment_id')
    .innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as sharer', 'sharer.id', 'ap.shared_by')
    .leftJoin('users as closer', 'closer.id', 'ap.closed_by')
    .select([
      'ap.id',
      'ap.council_id',
      'ap.service_id',
      'ap.assessment_id',
      'ap.status',
      'ap.assessed_on',
      'ap.shared_on',
      'ap.agreed_on',
      'ap.agreed_by_name',
      'ap.change_request',
      'ap.change_requested_by_name',
      'ap.change_requested_at',
      'ap.completed_on',
      'ap.closed_on',
      'ap.close_reason',
      'ap.created_at',
      'ap.updated_at',
      'sharer.name as shared_by_name',
      'closer.name as closed_by_name',
      's.name as service_name',
      'p.name as provider_name',
      'a.framework_version_id',
      'a.status as assessment_status',
      'v.name as framework_name',
      'v.requires_improvement_label',
    ]);
}

export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export function findPlan(tx: Tx, planId: string) {
  return planQuery(tx).where('ap.id', '=', planId).executeTakeFirst();
}

export async function planIdForAssessment(tx: Tx, assessmentId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('action_plans').select('id').where('assessment_id', '=', assessmentId).executeTakeFirst();
  return row?.id;
}

/** Locks the plan row for the rest of the unit of work, so two changes to one plan happen one after the other. */
export async function lockPlan(tx: Tx, planId: string): Promise<PlanStatus | undefined> {
  const row = await tx.selectFrom('action_plans').select('status').where('id', '=', planId).forUpdate().executeTakeFirst();
  return row?.status;
}

export interface PlanChange {
  status?: PlanStatus;
  shared_on?: string | null;
  shared_by?: string | null;
  agreed_on?: string | null;
  agreed_by?: string | null;
  agreed_by_name?: string | null;
  change_request?: string | null;
  change_requested_by?: string | null;
  change_requested_by_name?: string | null;
  change_requested_at?: Date | null;
  completed_on?: string | null;
  closed_on?: string | null;
  closed_by?: string | null;
  close_reason?: string | null;
}

export async function updatePlan(tx: Tx, planId: string, change: PlanChange): Promise<void> {
  await tx.updateTable('action_plans').set(change).where('id', '=', planId).execute();
}

export interface PlanFilter {
  status?: PlanStatus | 'open' | undefined;
  serviceId?: string | undefined;
  limit: number;
  offset: number;
}

/** Plans with counts of their actions, overdue actions and updates waiting for a decision, newest first. */
export function listPlans(tx: Tx, filter: PlanFilter, today: string) {
  let query = tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select((eb) => [
      'ap.id',
      'ap.service_id',
      'ap.assessment_id',
      'ap.status',
      'ap.assessed_on',
      'ap.shared_on',
      'ap.agreed_on',
      'ap.completed_on',
      'ap.closed_on',
      's.name as service_name',
      'p.name as provider_name',
      eb.selectFrom('actions as x').select(sql<number>`count(*)::int`.as('n')).whereRef('x.plan_id', '=', 'ap.id').as('actions'),
      eb
        .selectFrom('actions as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('x.due_on', '<', today)
        .where('x.status', 'not in', ['done', 'verified'])
        .as('overdue'),
      eb
        .selectFrom('actions as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('x.status', '=', 'verified')
        .as('verified'),
      eb
        .selectFrom('action_updates as u')
        .innerJoin('actions as x', 'x.id', 'u.action_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.plan_id', '=', 'ap.id')
        .where('u.decision', 'is', null)
        .as('pending_updates'),
    ]);
  if (filter.status === 'open') query = query.where('ap.status', 'in', ['draft', 'shared', 'agreed', 'in_progress']);
  else if (filter.status) query = query.where('ap.status', '=', filter.status);
  if (filter.serviceId) query = query.where('ap.service_id', '=', filter.serviceId);
  return query.orderBy('ap.assessed_on', 'desc').orderBy('ap.id').limit(filter.limit).offset(filter.offset).execute();
}

// ---------------------------------------------------------------------------------------------------
// Actions, milestones and updates

export interface NewAction {
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

export type ActionRow = Awaited<ReturnType<typeof listActions>>[number];

export function findAction(tx: Tx, actionId: string) {
  return tx
    .selectFrom('actions')
    .select(['id', 'plan_id', 'council_id', 'position', 'question_id', 'domain_id', 'description', 'owner_org', 'owner_name', 'due_on', 'status', 'updated_at'])
    .where('id', '=', actionId)
    .executeTakeFirst();
}

export interface ActionChange {
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

export interface NewUpdate {
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

// ---------------------------------------------------------------------------------------------------
// The council's work and the service page

/**
 * Completed or published full assessments of the council with an answer below the standard and no plan yet,
 * oldest first. (A domain can only fall below Good through such answers, so these are all that need a plan.)
 */
export function assessmentsWithoutPlan(tx: Tx, councilId: string) {
  return tx
    .selectFrom('assessments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select(['a.id', 'a.service_id', 'a.visited_on', 'a.completed_on', 'a.overall_band', 'a.domain_scores', 'a.created_by', 's.name as service_name', 's.lead_officer_id', 'p.name as provider_name'])
    .where('a.council_id', '=', councilId)
    .where('a.kind', '=', 'full')
    .where('a.status', 'in', ['completed', 'published'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('action_plans as ap').select('ap.id').whereRef('ap.assessment_id', '=', 'a.id'))))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('assessment_answers as x')
          .select('x.id')
          .whereRef('x.assessment_id', '=', 'a.id')
          .where('x.answer', 'in', ['partly_met', 'not_met', 'requires_improvement', 'poor']),
      ),
    )
    // A corrected assessment is followed up through its correction.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('assessments as c').select('c.id').whereRef('c.supersedes_id', '=', 'a.id'))))
    .orderBy(sql`coalesce(a.visited_on, a.completed_on)`)
    .execute();
}

/** Actions of the council's open plans that are not finished, with their plan and service, by target date. */
export function unfinishedActions(tx: Tx) {
  return tx
    .selectFrom('actions as x')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      'x.id',
      'x.position',
      'x.description',
      'x.due_on',
      'x.status',
      'x.owner_org',
      'ap.id as plan_id',
      'ap.status as plan_status',
      'ap.created_by as plan_created_by',
      'ap.service_id',
      's.name as service_name',
      's.lead_officer_id',
      'p.name as provider_name',
    ])
    .where('ap.status', 'in', ['agreed', 'in_progress', 'shared', 'draft'])
    .where('x.status', 'not in', ['done', 'verified'])
    .orderBy('x.due_on')
    .orderBy('x.position')
    .execute();
}

/** Updates waiting for the council's decision, oldest first. */
export function pendingUpdates(tx: Tx) {
  return tx
    .selectFrom('action_updates as u')
    .innerJoin('actions as x', 'x.id', 'u.action_id')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .select([
      'u.id',
      'u.action_id',
      'u.created_at',
      'u.reported_status',
      'u.author_name',
      'x.position',
      'ap.id as plan_id',
      'ap.created_by as plan_created_by',
      'ap.service_id',
      's.name as service_name',
      's.lead_officer_id',
    ])
    .where('u.decision', 'is', null)
    .where('ap.status', 'in', ['agreed', 'in_progress'])
    .orderBy('u.created_at')
    .execute();
}

/** Plans of the council in a given status (drafts not yet shared, shared plans not yet agreed). */
export function plansIn(tx: Tx, statuses: readonly PlanStatus[]) {
  return tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .select(['ap.id', 'ap.status', 'ap.assessed_on', 'ap.shared_on', 'ap.created_by', 'ap.change_request', 'ap.service_id', 's.name as service_name', 's.lead_officer_id'])
    .where('ap.status', 'in', [...statuses])
    .orderBy('ap.assessed_on')
    .execute();
}

/** Plans of one service with their action counts, for the service page. */
export function servicePlanSummaries(tx: Tx, serviceId: string, today: string) {
  return listPlans(tx, { serviceId, limit: 100, offset: 0 }, today);
}

/** The dated events of a service's plans for its timeline: agreements, completions and verified actions. */
export async function timelineFacts(tx: Tx, serviceId: string) {
  const plans = await tx
    .selectFrom('action_plans')
    .select(['id', 'assessment_id', 'agreed_on', 'agreed_by_name', 'completed_on', 'closed_on', 'close_reason'])
    .where('service_id', '=', serviceId)
    .execute();
  const verified = await tx
    .selectFrom('action_updates as u')
    .innerJoin('actions as x', 'x.id', 'u.action_id')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .select(['u.id', 'u.action_id', 'u.decided_at', 'x.position', 'x.description', 'ap.id as plan_id'])
    .where('ap.service_id', '=', serviceId)
    .where('u.decision', '=', 'verified')
    .where('u.reported_status', '=', 'done')
    .execute();
  return { plans, verified };
}

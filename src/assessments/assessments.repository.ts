import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Band, Scores } from './scoring.ts';

/** All SQL for assessments, their answers, evidence and comments. Row-level security decides who sees what. */

export interface ServiceRow {
  id: string;
  council_id: string;
  name: string;
  category: string;
  town: string | null;
  postcode: string;
  provider_id: string;
  provider_name: string | null;
}

export async function findService(tx: Tx, serviceId: string): Promise<ServiceRow | undefined> {
  return tx
    .selectFrom('services as s')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.council_id', 's.name', 's.category', 's.town', 's.postcode', 's.provider_id', 'p.name as provider_name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

export async function factualAccuracyDays(tx: Tx, councilId: string): Promise<number | undefined> {
  const row = await tx.selectFrom('assessment_settings').select('factual_accuracy_days').where('council_id', '=', councilId).executeTakeFirst();
  return row?.factual_accuracy_days;
}

export async function saveFactualAccuracyDays(tx: Tx, councilId: string, days: number, userId: string) {
  await tx
    .insertInto('assessment_settings')
    .values({ council_id: councilId, factual_accuracy_days: days, updated_by: userId })
    .onConflict((oc) => oc.column('council_id').doUpdateSet({ factual_accuracy_days: days, updated_by: userId }))
    .execute();
}

export async function insertAssessment(
  tx: Tx,
  values: {
    councilId: string;
    serviceId: string;
    frameworkVersionId: string;
    kind: 'full' | 'self';
    visitedOn: string | null;
    createdBy: string;
    createdByOrgId: string;
    version?: number;
    supersedesId?: string;
    correctionReason?: string;
  },
) {
  return tx
    .insertInto('assessments')
    .values({
      council_id: values.councilId,
      service_id: values.serviceId,
      framework_version_id: values.frameworkVersionId,
      kind: values.kind,
      visited_on: values.visitedOn,
      created_by: values.createdBy,
      created_by_org_id: values.createdByOrgId,
      ...(values.version ? { version: values.version } : {}),
      supersedes_id: values.supersedesId ?? null,
      correction_reason: values.correctionReason ?? null,
    })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
}

const assessmentColumns = [
  'a.id',
  'a.council_id',
  'a.service_id',
  'a.framework_version_id',
  'a.kind',
  'a.status',
  'a.visited_on',
  'a.created_by',
  'a.created_by_org_id',
  'a.created_at',
  'a.updated_at',
  'a.completed_at',
  'a.completed_on',
  'a.review_ends_on',
  'a.published_at',
  'a.published_on',
  'a.published_during_review',
  'a.version',
  'a.supersedes_id',
  'a.correction_reason',
  'a.overall_band',
  'a.overall_percent',
  'a.domain_scores',
  's.name as service_name',
  's.category as service_category',
  's.town as service_town',
  'p.name as provider_name',
  'cu.name as created_by_name',
  'co.name as created_by_org_name',
  'pu.name as published_by_name',
  'v.name as framework_name',
  'v.version as framework_version',
  'v.framework_id',
  'v.requires_improvement_label',
] as const;

function assessmentQuery(tx: Tx) {
  return tx
    .selectFrom('assessments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id')
    .leftJoin('users as cu', 'cu.id', 'a.created_by')
    .leftJoin('organisations as co', 'co.id', 'a.created_by_org_id')
    .leftJoin('users as pu', 'pu.id', 'a.published_by')
    .select(assessmentColumns)
    .select((eb) => [
      eb.selectFrom('assessments as c').select('c.id').whereRef('c.supersedes_id', '=', 'a.id').as('superseded_by_id'),
      eb
        .selectFrom('assessment_comments as ac')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('ac.assessment_id', '=', 'a.id')
        .where('ac.kind', '=', 'accuracy_confirmed')
        .as('confirmations'),
    ]);
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof findAssessment>>>;

export async function findAssessment(tx: Tx, id: string) {
  return assessmentQuery(tx).where('a.id', '=', id).executeTakeFirst();
}

export async function listAssessments(
  tx: Tx,
  filter: { serviceId?: string; status?: 'draft' | 'completed' | 'published'; kind?: 'full' | 'self'; limit: number; offset: number },
) {
  let query = assessmentQuery(tx);
  if (filter.serviceId) query = query.where('a.service_id', '=', filter.serviceId);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  return query
    .orderBy(sql`coalesce(a.published_on, a.completed_on, a.visited_on, a.created_at::date)`, 'desc')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export async function loadAnswers(tx: Tx, assessmentId: string) {
  return tx.selectFrom('assessment_answers').select(['question_id', 'answer', 'updated_at']).where('assessment_id', '=', assessmentId).execute();
}

export async function loadEvidence(tx: Tx, assessmentId: string) {
  return tx.selectFrom('assessment_evidence').select(['question_id', 'body', 'source', 'confidential']).where('assessment_id', '=', assessmentId).execute();
}

export async function upsertAnswers(tx: Tx, rows: readonly { councilId: string; assessmentId: string; questionId: string; answer: string; userId: string }[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('assessment_answers')
    .values(rows.map((r) => ({ council_id: r.councilId, assessment_id: r.assessmentId, question_id: r.questionId, answer: r.answer, answered_by: r.userId })))
    .onConflict((oc) =>
      oc.columns(['assessment_id', 'question_id']).doUpdateSet((eb) => ({ answer: eb.ref('excluded.answer'), answered_by: eb.ref('excluded.answered_by') })),
    )
    .execute();
}

export interface EvidenceRow {
  councilId: string;
  assessmentId: string;
  questionId: string;
  body: string | null;
  source: string | null;
  confidential: boolean;
  userId: string;
}

/** Saves evidence; a row with neither text nor source removes the question's evidence. */
export async function upsertEvidence(tx: Tx, rows: readonly EvidenceRow[]) {
  const empty = rows.filter((r) => r.body === null && r.source === null);
  const kept = rows.filter((r) => r.body !== null || r.source !== null);
  for (const assessmentId of new Set(empty.map((r) => r.assessmentId))) {
    await tx
      .deleteFrom('assessment_evidence')
      .where('assessment_id', '=', assessmentId)
      .where('question_id', 'in', empty.filter((r) => r.assessmentId === assessmentId).map((r) => r.questionId))
      .execute();
  }
  if (kept.length === 0) return;
  await tx
    .insertInto('assessment_evidence')
    .values(
      kept.map((r) => ({
        council_id: r.councilId,
        assessment_id: r.assessmentId,
        question_id: r.questionId,
        body: r.body,
        source: r.source,
        confidential: r.confidential,
        recorded_by: r.userId,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['assessment_id', 'question_id']).doUpdateSet((eb) => ({
        body: eb.ref('excluded.body'),
        source: eb.ref('excluded.source'),
        confidential: eb.ref('excluded.confidential'),
        recorded_by: eb.ref('excluded.recorded_by'),
      })),
    )
    .execute();
}

export async function saveScores(tx: Tx, assessmentId: string, scores: Scores) {
  await tx
    .updateTable('assessments')
    .set({
      overall_band: scores.overall.band,
      overall_percent: scores.overall.percent ?? null,
      domain_scores: JSON.stringify(scores.domains.map((d) => ({ domainId: d.domainId, ...(d.percent === undefined ? {} : { percent: d.percent }), band: d.band }))),
    })
    .where('id', '=', assessmentId)
    .execute();
}

export async function setVisitedOn(tx: Tx, assessmentId: string, visitedOn: string | null) {
  await tx.updateTable('assessments').set({ visited_on: visitedOn }).where('id', '=', assessmentId).execute();
}

export async function markCompleted(tx: Tx, assessmentId: string, values: { userId: string; completedOn: string; reviewEndsOn: string | null }) {
  await tx
    .updateTable('assessments')
    .set({ status: 'completed', completed_at: new Date(), completed_by: values.userId, completed_on: values.completedOn, review_ends_on: values.reviewEndsOn })
    .where('id', '=', assessmentId)
    .where('status', '=', 'draft')
    .execute();
}

export async function markPublished(tx: Tx, assessmentId: string, values: { userId: string; publishedOn: string; duringReview: boolean }) {
  const result = await tx
    .updateTable('assessments')
    .set({ status: 'published', published_at: new Date(), published_by: values.userId, published_on: values.publishedOn, published_during_review: values.duringReview })
    .where('id', '=', assessmentId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteDraft(tx: Tx, assessmentId: string) {
  const result = await tx.deleteFrom('assessments').where('id', '=', assessmentId).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A correction starts from the published answers and evidence of the assessment it corrects. */
export async function copyAnswers(tx: Tx, fromId: string, toId: string, userId: string) {
  await sql`insert into assessment_answers (council_id, assessment_id, question_id, answer, answered_by)
    select council_id, ${toId}, question_id, answer, ${userId} from assessment_answers where assessment_id = ${fromId}`.execute(tx);
  await sql`insert into assessment_evidence (council_id, assessment_id, question_id, body, source, confidential, recorded_by)
    select council_id, ${toId}, question_id, body, source, confidential, ${userId} from assessment_evidence where assessment_id = ${fromId}`.execute(tx);
}

export async function insertComment(
  tx: Tx,
  row: { councilId: string; assessmentId: string; userId: string; orgId: string; kind: 'comment' | 'accuracy_confirmed'; body: string | null; domainId: string | null },
) {
  await tx
    .insertInto('assessment_comments')
    .values({
      council_id: row.councilId,
      assessment_id: row.assessmentId,
      author_user_id: row.userId,
      author_org_id: row.orgId,
      kind: row.kind,
      body: row.body,
      domain_id: row.domainId,
    })
    .execute();
}

export async function listComments(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('assessment_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_user_id')
    .leftJoin('organisations as o', 'o.id', 'c.author_org_id')
    .select(['c.id', 'c.kind', 'c.body', 'c.domain_id', 'c.created_at', 'c.author_org_id', 'u.name as author_name', 'o.name as author_org_name', 'o.kind as author_org_kind'])
    .where('c.assessment_id', '=', assessmentId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/** The newest submitted self-assessment of a service, for the side-by-side comparison. */
export async function latestSubmittedSelfAssessment(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('assessments')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('kind', '=', 'self')
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest shared full assessment of a service, for comparing from a self-assessment. */
export async function latestSharedFullAssessment(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('assessments')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('kind', '=', 'full')
    .where('status', 'in', ['completed', 'published'])
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface PublishedSummaryRow {
  id: string;
  visited_on: string | null;
  published_on: string;
  version: number;
  overall_band: Band | null;
  overall_percent: number | null;
  domain_scores: unknown;
  framework_version_id: string;
  framework_name: string;
  scoring: 'percentage' | 'rating';
  requires_improvement_label: string;
}

/**
 * The current published full assessment of each given service: the latest by visit date that no published
 * correction has replaced. Published-only by its own WHERE clause, because the public page runs it as the
 * system, without row-level security.
 */
export async function currentPublished(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, PublishedSummaryRow>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('assessments as a')
    .innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id')
    .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
    .select([
      'a.id',
      'a.service_id',
      'a.visited_on',
      'a.published_on',
      'a.version',
      'a.overall_band',
      'a.overall_percent',
      'a.domain_scores',
      'a.framework_version_id',
      'v.name as framework_name',
      'f.scoring',
      'v.requires_improvement_label',
    ])
    .where('a.service_id', 'in', serviceIds)
    .where('a.kind', '=', 'full')
    .where('a.status', '=', 'published')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('assessments as c').select('c.id').whereRef('c.supersedes_id', '=', 'a.id').where('c.status', '=', 'published'))),
    )
    .orderBy('a.service_id')
    .orderBy(sql`coalesce(a.visited_on, a.published_on)`, 'desc')
    .orderBy('a.published_at', 'desc')
    .execute();
  const result = new Map<string, PublishedSummaryRow>();
  for (const row of rows) {
    if (!result.has(row.service_id)) result.set(row.service_id, { ...row, published_on: row.published_on! });
  }
  return result;
}

export async function domainNames(tx: Tx, versionId: string) {
  return tx.selectFrom('framework_domains').select(['id', 'name', 'position']).where('version_id', '=', versionId).orderBy('position').execute();
}

/** Public facts about a service: name, provider, category and town. The system runs this for the public page. */
export async function publicService(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.category', 's.town', 'p.name as provider_name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

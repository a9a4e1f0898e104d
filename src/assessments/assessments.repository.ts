import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Scores } from './scoring.ts';

/** All SQL for assessments, their answers, evidence and comments. Row-level security decides who sees what. */

interface ServiceRow {
  id: string;
  council_id: string;
  name: string;
  category: string;
  town: string | null;
  postcode: string;
  provider_id: string;
  provider_name: string | null;
  not_commissioned: boolean;
}

export async function findService(tx: Tx, serviceId: string): Promise<ServiceRow | undefined> {
  return tx
    .selectFrom('services as s')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.council_id', 's.name', 's.category', 's.town', 's.postcode', 's.provider_id', 'p.name as provider_name', 's.not_commissioned'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
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
  'a.completed_on_entered',
  'a.published_on_entered',
  'a.imported',
  'a.imported_from',
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

export interface AssessmentListFilter {
  /**
   * The council whose assessments these are, for its staff. Row-level security alone would show them the
   * same rows, but only by checking every assessment in the database; named here, the council's index
   * finds them, and the cost follows the council's assessments, not England's.
   */
  readonly councilId?: string | undefined;
  readonly serviceId?: string;
  readonly status?: 'draft' | 'completed' | 'published';
  readonly kind?: 'full' | 'self';
}

/** The date an assessment is listed by: published, else completed, else visited, else begun. */
const listDate = sql`coalesce(a.published_on, a.completed_on, a.visited_on, a.created_at::date)`;

function filtered<Q extends ReturnType<typeof assessmentQuery>>(query: Q, filter: AssessmentListFilter): Q {
  let q = query;
  if (filter.councilId) q = q.where('a.council_id', '=', filter.councilId) as Q;
  if (filter.serviceId) q = q.where('a.service_id', '=', filter.serviceId) as Q;
  if (filter.status) q = q.where('a.status', '=', filter.status) as Q;
  if (filter.kind) q = q.where('a.kind', '=', filter.kind) as Q;
  return q;
}

/** Newest first by default; or by service name. A page (`limit`/`offset`), or every one when `limit` is null. */
export async function listAssessments(
  tx: Tx,
  filter: AssessmentListFilter & { limit: number | null; offset: number; sort?: 'date' | 'service'; order?: 'asc' | 'desc' },
) {
  const order = filter.order ?? (filter.sort === 'service' ? 'asc' : 'desc');
  const direction = sql.raw(order);
  const ordering =
    filter.sort === 'service'
      ? sql`lower(s.name) ${direction}, ${listDate} desc, a.created_at ${direction}, a.id`
      : sql`${listDate} ${direction}, a.created_at ${direction}, a.id`;
  if (filter.limit === null) return filtered(assessmentQuery(tx), filter).orderBy(ordering).offset(filter.offset).execute();
  // A page: its ids first, from the assessments and the joins that decide what is visible and the order, then
  // the page's rows with everything else. Row-level security hides how many rows the filters keep, so one
  // query over every join planned for 3 rows and joined providers to each of a thousand (75 of 104 ms).
  let ids = tx.selectFrom('assessments as a').innerJoin('services as s', 's.id', 'a.service_id').innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id').select('a.id');
  if (filter.councilId) ids = ids.where('a.council_id', '=', filter.councilId);
  if (filter.serviceId) ids = ids.where('a.service_id', '=', filter.serviceId);
  if (filter.status) ids = ids.where('a.status', '=', filter.status);
  if (filter.kind) ids = ids.where('a.kind', '=', filter.kind);
  const page = (await ids.orderBy(ordering).limit(filter.limit).offset(filter.offset).execute()).map((row) => row.id);
  if (page.length === 0) return [];
  const rows = await assessmentQuery(tx).where('a.id', 'in', page).execute();
  const position = new Map(page.map((id, i) => [id, i]));
  return rows.sort((x, y) => position.get(x.id)! - position.get(y.id)!);
}

export async function countAssessments(tx: Tx, filter: AssessmentListFilter): Promise<number> {
  let query = tx.selectFrom('assessments as a').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.councilId) query = query.where('a.council_id', '=', filter.councilId);
  if (filter.serviceId) query = query.where('a.service_id', '=', filter.serviceId);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  return Number((await query.executeTakeFirstOrThrow()).n);
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

interface EvidenceRow {
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

export async function markCompleted(
  tx: Tx,
  assessmentId: string,
  values: { userId: string; completedOn: string; entered: boolean; reviewEndsOn: string | null },
) {
  await tx
    .updateTable('assessments')
    .set({
      status: 'completed',
      completed_at: new Date(),
      completed_by: values.userId,
      completed_on: values.completedOn,
      completed_on_entered: values.entered,
      review_ends_on: values.reviewEndsOn,
    })
    .where('id', '=', assessmentId)
    .where('status', '=', 'draft')
    .execute();
}

export async function markPublished(tx: Tx, assessmentId: string, values: { userId: string; publishedOn: string; entered: boolean; duringReview: boolean }) {
  const result = await tx
    .updateTable('assessments')
    .set({
      status: 'published',
      published_at: new Date(),
      published_by: values.userId,
      published_on: values.publishedOn,
      published_on_entered: values.entered,
      published_during_review: values.duringReview,
    })
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
    // An imported result has no answers to set beside the provider's.
    .where('imported', '=', false)
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------
// What other capabilities read (through assessments.read.ts, as domain values)

/** An assessment with the service it is of: enough to draft or show its action plan. */
export async function assessmentHeader(tx: Tx, id: string) {
  return tx
    .selectFrom('assessments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      'a.id',
      'a.council_id',
      'a.service_id',
      'a.framework_version_id',
      'a.kind',
      'a.status',
      'a.visited_on',
      'a.completed_on',
      'a.created_by',
      'a.imported',
      's.name as service_name',
      's.lead_officer_id',
      'p.name as provider_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Evidence notes that the provider may read too (an action plan quotes only these). */
export async function openEvidence(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('assessment_evidence')
    .select(['question_id', 'body'])
    .where('assessment_id', '=', assessmentId)
    .where('confidential', '=', false)
    .where('body', 'is not', null)
    .execute();
}

/**
 * Completed or published full assessments of the council that no correction has replaced, oldest first: the
 * ones that may have found something below the standard (`withAnswersBelowStandard` says which did).
 */
export async function currentFullAssessments(tx: Tx, councilId: string, concerning?: string) {
  let query = tx
    .selectFrom('assessments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .select(['a.id', 'a.service_id', 'a.visited_on', 'a.completed_on', 'a.created_by', 's.name as service_name', 's.lead_officer_id'])
    .where('a.council_id', '=', councilId);
  if (concerning) query = query.where((eb) => eb.or([eb('s.lead_officer_id', '=', concerning), eb('a.created_by', '=', concerning)]));
  return query
    .where('a.kind', '=', 'full')
    .where('a.status', 'in', ['completed', 'published'])
    .where('a.imported', '=', false)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('assessments as c').select('c.id').whereRef('c.supersedes_id', '=', 'a.id'))))
    .orderBy(sql`coalesce(a.visited_on, a.completed_on)`)
    // Only an imported result has no author, and imported results are left out above.
    .$narrowType<{ created_by: string }>()
    .execute();
}

/** Which of these assessments have an answer below the standard. (A domain can only fall below Good through such answers.) */
export async function withAnswersBelowStandard(tx: Tx, assessmentIds: readonly string[]): Promise<Set<string>> {
  if (assessmentIds.length === 0) return new Set();
  const rows = await tx
    .selectFrom('assessment_answers')
    .select('assessment_id')
    .distinct()
    .where('assessment_id', 'in', [...assessmentIds])
    .where('answer', 'in', ['partly_met', 'not_met', 'requires_improvement', 'poor'])
    .execute();
  return new Set(rows.map((r) => r.assessment_id));
}

/** A service's full assessments, newest first (the 20 a visit is most likely to belong to). */
export async function fullAssessmentsOfService(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('assessments')
    .select(['id', 'status', 'visited_on', 'created_at'])
    .where('service_id', '=', serviceId)
    .where('kind', '=', 'full')
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
}

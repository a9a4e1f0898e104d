import { sql } from 'kysely';
import type { Tx } from '../../core/db/database.ts';
import type { AnswerRow, AssessmentRow, EvidenceRow } from '../history/model.ts';
import { insertRows, updateRows, type Column } from './bulk.ts';

/**
 * Assessments the way the product makes them, so its guards accept every row: each starts as a draft with
 * its answers and evidence, is completed, then published; a correction is started only once the report it
 * corrects is published. Scores are stored as the assessments capability stores them.
 */

const DRAFT: readonly Column<AssessmentRow & { councilId: string }>[] = [
  { name: 'id', type: 'uuid', value: (a) => a.id },
  { name: 'council_id', type: 'uuid', value: (a) => a.councilId },
  { name: 'service_id', type: 'uuid', value: (a) => a.serviceId },
  { name: 'framework_version_id', type: 'uuid', value: (a) => a.frameworkVersionId },
  { name: 'kind', type: 'text', value: (a) => a.kind },
  { name: 'visited_on', type: 'date', value: (a) => a.visitedOn },
  { name: 'created_by', type: 'uuid', value: (a) => a.createdBy },
  { name: 'created_by_org_id', type: 'uuid', value: (a) => a.createdByOrgId },
  { name: 'created_at', type: 'timestamptz', value: (a) => a.createdAt },
  { name: 'updated_at', type: 'timestamptz', value: (a) => a.createdAt },
  { name: 'version', type: 'int', value: (a) => a.version },
  { name: 'supersedes_id', type: 'uuid', value: (a) => a.supersedesId },
  { name: 'correction_reason', type: 'text', value: (a) => a.correctionReason },
  { name: 'overall_band', type: 'text', value: (a) => a.overallBand },
  { name: 'overall_percent', type: 'float8', value: (a) => a.overallPercent },
  { name: 'domain_scores', type: 'jsonb', value: (a) => a.domainScores },
];

const COMPLETE: readonly Column<AssessmentRow>[] = [
  { name: 'completed_at', type: 'timestamptz', value: (a) => a.completedAt },
  { name: 'completed_by', type: 'uuid', value: (a) => a.completedBy },
  { name: 'completed_on', type: 'date', value: (a) => a.completedOn },
  { name: 'review_ends_on', type: 'date', value: (a) => a.reviewEndsOn },
];

const PUBLISH: readonly Column<AssessmentRow>[] = [
  { name: 'published_at', type: 'timestamptz', value: (a) => a.publishedAt },
  { name: 'published_by', type: 'uuid', value: (a) => a.publishedBy },
  { name: 'published_on', type: 'date', value: (a) => a.publishedOn },
  { name: 'published_during_review', type: 'bool', value: (a) => a.publishedDuringReview },
];

type Answer = AnswerRow & { councilId: string; assessmentId: string; answeredBy: string; at: string };
type Evidence = EvidenceRow & { councilId: string; assessmentId: string; recordedBy: string; at: string };

async function writeRound(tx: Tx, councilId: string, rows: readonly AssessmentRow[]) {
  await insertRows(tx, 'assessments', DRAFT, rows.map((a) => ({ ...a, councilId })));
  const answers: Answer[] = rows.flatMap((a) => a.answers.map((x) => ({ ...x, councilId, assessmentId: a.id, answeredBy: a.answeredBy, at: a.completedAt ?? a.createdAt })));
  await insertRows<Answer>(tx, 'assessment_answers', [
    { name: 'council_id', type: 'uuid', value: (x) => x.councilId },
    { name: 'assessment_id', type: 'uuid', value: (x) => x.assessmentId },
    { name: 'question_id', type: 'uuid', value: (x) => x.questionId },
    { name: 'answer', type: 'text', value: (x) => x.answer },
    { name: 'answered_by', type: 'uuid', value: (x) => x.answeredBy },
    { name: 'updated_at', type: 'timestamptz', value: (x) => x.at },
  ], answers);
  const evidence: Evidence[] = rows.flatMap((a) => a.evidence.map((x) => ({ ...x, councilId, assessmentId: a.id, recordedBy: a.answeredBy, at: a.completedAt ?? a.createdAt })));
  await insertRows<Evidence>(tx, 'assessment_evidence', [
    { name: 'council_id', type: 'uuid', value: (x) => x.councilId },
    { name: 'assessment_id', type: 'uuid', value: (x) => x.assessmentId },
    { name: 'question_id', type: 'uuid', value: (x) => x.questionId },
    { name: 'body', type: 'text', value: (x) => x.body },
    { name: 'source', type: 'text', value: (x) => x.source },
    { name: 'confidential', type: 'bool', value: (x) => x.confidential },
    { name: 'recorded_by', type: 'uuid', value: (x) => x.recordedBy },
    { name: 'updated_at', type: 'timestamptz', value: (x) => x.at },
  ], evidence);
  const completed = rows.filter((a) => a.status !== 'draft');
  await updateRows(tx, 'assessments', (a) => a.id, COMPLETE, completed, { status: sql`'completed'` });
  const comments = completed.flatMap((a) => a.comments.map((c) => ({ ...c, assessmentId: a.id })));
  await insertRows<(typeof comments)[number]>(tx, 'assessment_comments', [
    { name: 'id', type: 'uuid', value: (c) => c.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'assessment_id', type: 'uuid', value: (c) => c.assessmentId },
    { name: 'author_user_id', type: 'uuid', value: (c) => c.authorUserId },
    { name: 'author_org_id', type: 'uuid', value: (c) => c.authorOrgId },
    { name: 'kind', type: 'text', value: (c) => c.kind },
    { name: 'body', type: 'text', value: (c) => c.body },
    { name: 'created_at', type: 'timestamptz', value: (c) => c.createdAt },
  ], comments);
  await updateRows(tx, 'assessments', (a) => a.id, PUBLISH, rows.filter((a) => a.status === 'published'), { status: sql`'published'` });
}

export async function writeAssessments(tx: Tx, councilId: string, assessments: readonly AssessmentRow[]): Promise<void> {
  await writeRound(tx, councilId, assessments.filter((a) => a.supersedesId === null));
  await writeRound(tx, councilId, assessments.filter((a) => a.supersedesId !== null));
}

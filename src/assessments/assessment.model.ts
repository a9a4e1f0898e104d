import { today } from '../core/clock.ts';
import type { Tx } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { categoryLabel } from '../providers/index.ts';
import { reviewWindow, type AssessmentKind, type AssessmentStatus, type ReviewWindow } from './assessment.rules.ts';
import * as repo from './assessments.repository.ts';
import * as frameworksRepo from './frameworks.repository.ts';
import { toScoringFramework, type FrameworkVersion } from './frameworks.ts';
import type { EvidenceSource } from './labels.ts';
import { scoreAssessment, type Answer, type Band, type Scores } from './scoring.ts';

/** An assessment as the rest of the app sees it, and the one way it is read from the database. */

interface AnswerRecord {
  readonly answer: Answer | undefined;
  readonly evidence: string | null;
  readonly evidenceSource: EvidenceSource | null;
  readonly confidential: boolean;
}

export interface Comment {
  readonly id: string;
  readonly kind: 'comment' | 'accuracy_confirmed';
  readonly body: string | null;
  readonly domainId: string | null;
  readonly createdAt: Date;
  readonly author: string;
  readonly fromProvider: boolean;
}

export interface Assessment {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly service: { readonly name: string; readonly category: string; readonly categoryLabel: string; readonly town: string | null; readonly providerName: string | null };
  readonly kind: AssessmentKind;
  readonly status: AssessmentStatus;
  readonly visitedOn: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly completedOn: string | null;
  /** When the completion was recorded; with `completedOnEntered`, the completion date was entered for the past. */
  readonly completedAt: Date | null;
  readonly completedOnEntered: boolean;
  readonly reviewEndsOn: string | null;
  readonly reviewWindow: ReviewWindow;
  readonly accuracyConfirmed: boolean;
  readonly publishedOn: string | null;
  readonly publishedAt: Date | null;
  readonly publishedBy: string | null;
  readonly publishedOnEntered: boolean;
  readonly publishedDuringReview: boolean;
  /** A past result brought in from another system (PAMMS, the East of England workbook): bands and dates, no answers. */
  readonly imported: boolean;
  /** The file it was imported from. */
  readonly importedFrom: string | null;
  readonly version: number;
  readonly supersedesId: string | null;
  readonly supersededById: string | null;
  readonly correctionReason: string | null;
  /** The day the assessment describes: the visit, or for a self-assessment the day it was submitted. */
  readonly assessedOn: string;
  readonly framework: FrameworkVersion;
  /** Keyed by question id; evidence the actor may not see is simply absent. */
  readonly answers: ReadonlyMap<string, AnswerRecord>;
  /** Scored from the answers; an imported result's are the bands it was imported with. */
  readonly scores: Scores;
}

export interface AssessmentListItem {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly kind: AssessmentKind;
  readonly status: AssessmentStatus;
  readonly frameworkName: string;
  readonly version: number;
  readonly visitedOn: string | null;
  readonly completedOn: string | null;
  readonly publishedOn: string | null;
  readonly band: Band | null;
  readonly percent: number | undefined;
  readonly supersededById: string | null;
  readonly createdBy: string;
  readonly requiresImprovementLabel: string;
  readonly imported: boolean;
}

/** The assessment with its framework, answers and evidence (what row-level security lets the actor see), scored. */
export async function loadAssessment(tx: Tx, id: string): Promise<Assessment> {
  const row = await repo.findAssessment(tx, id);
  if (!row) throw new NotFound('Assessment');
  const framework = await frameworksRepo.loadVersion(tx, row.framework_version_id);
  if (!framework) throw new NotFound('Assessment');
  const [answerRows, evidenceRows] = await Promise.all([repo.loadAnswers(tx, id), repo.loadEvidence(tx, id)]);
  const answers = new Map<string, AnswerRecord>();
  for (const a of answerRows) answers.set(a.question_id, { answer: a.answer as Answer, evidence: null, evidenceSource: null, confidential: false });
  for (const e of evidenceRows) {
    answers.set(e.question_id, {
      answer: answers.get(e.question_id)?.answer,
      evidence: e.body,
      evidenceSource: e.source as EvidenceSource | null,
      confidential: e.confidential,
    });
  }
  const accuracyConfirmed = Number(row.confirmations ?? 0) > 0;
  return {
    id: row.id,
    councilId: row.council_id,
    serviceId: row.service_id,
    service: {
      name: row.service_name,
      category: row.service_category,
      categoryLabel: categoryLabel(row.service_category),
      town: row.service_town,
      providerName: row.provider_name,
    },
    kind: row.kind,
    status: row.status,
    visitedOn: row.visited_on,
    createdAt: row.created_at,
    createdBy: row.created_by_name ?? row.created_by_org_name ?? 'Unknown',
    completedOn: row.completed_on,
    completedAt: row.completed_at,
    completedOnEntered: row.completed_on_entered,
    reviewEndsOn: row.review_ends_on,
    reviewWindow: reviewWindow({ kind: row.kind, status: row.status, reviewEndsOn: row.review_ends_on, accuracyConfirmed }, today()),
    accuracyConfirmed,
    publishedOn: row.published_on,
    publishedAt: row.published_at,
    publishedBy: row.published_by_name,
    publishedOnEntered: row.published_on_entered,
    publishedDuringReview: row.published_during_review,
    imported: row.imported,
    importedFrom: row.imported_from,
    version: row.version,
    supersedesId: row.supersedes_id,
    supersededById: row.superseded_by_id ?? null,
    correctionReason: row.correction_reason,
    assessedOn: row.visited_on ?? row.completed_on ?? row.created_at.toISOString().slice(0, 10),
    framework,
    answers,
    scores: row.imported ? storedScores(framework, row) : scoresOf(framework, answers),
  };
}

/** A domain's result as stored with the assessment (`domain_scores`). */
export interface StoredDomainScore {
  readonly domainId: string;
  readonly percent?: number;
  readonly band: Band | null;
}

/** The results an assessment was stored with, in its framework's domain order (an imported result has nothing else). */
function storedScores(framework: FrameworkVersion, row: Pick<repo.AssessmentRow, 'overall_band' | 'overall_percent' | 'domain_scores'>): Scores {
  const stored = new Map((row.domain_scores as StoredDomainScore[]).map((d) => [d.domainId, d]));
  return {
    overall: { ...(row.overall_percent === null ? {} : { percent: row.overall_percent }), band: row.overall_band },
    domains: framework.domains.map((d) => {
      const s = stored.get(d.id);
      return { domainId: d.id, ...(s?.percent === undefined ? {} : { percent: s.percent }), band: s?.band ?? null, questions: d.questions.length, answered: 0, applicable: 0 };
    }),
  };
}

/** A service the actor can see (row-level security decides); any other is a page that does not exist. */
export async function visibleService(tx: Tx, serviceId: string) {
  const service = await repo.findService(tx, serviceId);
  if (!service) throw new NotFound('Service');
  return service;
}

export function scoresOf(framework: FrameworkVersion, answers: ReadonlyMap<string, AnswerRecord>): Scores {
  const given = new Map<string, Answer>();
  for (const [questionId, record] of answers) if (record.answer) given.set(questionId, record.answer);
  return scoreAssessment(toScoringFramework(framework), given);
}

/** The answers given so far, by question id. */
export function givenAnswers(a: Pick<Assessment, 'answers'>): Map<string, Answer> {
  return new Map([...a.answers].flatMap(([q, r]) => (r.answer ? [[q, r.answer] as const] : [])));
}

export function toListItem(row: repo.AssessmentRow): AssessmentListItem {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    kind: row.kind,
    status: row.status,
    frameworkName: row.framework_name,
    version: row.version,
    visitedOn: row.visited_on,
    completedOn: row.completed_on,
    publishedOn: row.published_on,
    band: row.overall_band,
    percent: row.overall_percent ?? undefined,
    supersededById: row.superseded_by_id ?? null,
    createdBy: row.created_by_name ?? row.created_by_org_name ?? 'Unknown',
    requiresImprovementLabel: row.requires_improvement_label,
    imported: row.imported,
  };
}

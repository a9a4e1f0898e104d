import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { AssessmentsTable } from '../core/db/schema.ts';
import type { AssessmentKind, AssessmentStatus } from './assessment.rules.ts';
import * as repo from './assessments.repository.ts';
import * as frameworksRepo from './frameworks.repository.ts';
import { toScoringFramework, type Domain } from './frameworks.ts';
import { belowStandard, scoreAssessment, type Answer, type Band } from './scoring.ts';

/**
 * What other capabilities read of assessments, inside their own unit of work (row-level security applies
 * as for any query of the actor): domain values, never rows. Action plans are drafted from an assessment's
 * findings and show its framework; the work list looks for assessments still without a plan; the visit
 * forms offer a service's assessments to link a visit to; risk reads each service's latest full assessment.
 */

export type OverallBand = NonNullable<AssessmentsTable['overall_band']>;

export interface LastFullAssessment {
  /** The overall band, where the assessment gave one. */
  readonly band: OverallBand | null;
  /** The day of its visit, or when it was completed where it had none. */
  readonly completedOn: string;
}

/** Each service's latest completed or published full assessment: its date and overall band. */
export async function lastFullAssessments(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, LastFullAssessment>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('assessments')
    .select(['service_id', 'overall_band', sql<string>`coalesce(visited_on, completed_on)::text`.as('assessed_on')])
    .distinctOn('service_id')
    .where('service_id', 'in', serviceIds)
    .where('kind', '=', 'full')
    .where('status', 'in', ['completed', 'published'])
    .orderBy('service_id')
    .orderBy(sql`coalesce(visited_on, completed_on)`, 'desc')
    .orderBy('version', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { band: r.overall_band, completedOn: r.assessed_on }]));
}

/** An assessment, its service and its framework (domains and questions in order), without its answers. */
interface AssessmentOutline {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly leadOfficerId: string | null;
  readonly createdBy: string;
  readonly kind: AssessmentKind;
  readonly status: AssessmentStatus;
  readonly visitedOn: string | null;
  readonly completedOn: string | null;
  readonly frameworkName: string;
  /** What the framework calls requires_improvement ("Requires improvement" or "Adequate"). */
  readonly requiresImprovementLabel: string;
  readonly domains: readonly Domain[];
}

/** A question answered below the standard, with the evidence note where it is not confidential. */
interface QuestionBelow {
  readonly questionId: string;
  readonly domainId: string;
  readonly answer: Answer;
  /** "2.3" */
  readonly number: string;
  readonly text: string;
  readonly evidence: string | null;
}

/** A domain banded below Good. */
interface DomainBelow {
  readonly domainId: string;
  readonly band: Band;
  readonly name: string;
  readonly percent?: number;
}

interface Findings {
  /** The day the assessment describes: the visit, or failing that the day it was completed. */
  readonly assessedOn: string;
  readonly questions: readonly QuestionBelow[];
  readonly domains: readonly DomainBelow[];
}

export async function assessmentOutline(tx: Tx, assessmentId: string): Promise<AssessmentOutline | undefined> {
  const a = await repo.assessmentHeader(tx, assessmentId);
  const version = a && (await frameworksRepo.loadVersion(tx, a.framework_version_id));
  if (!a || !version) return undefined;
  return {
    id: a.id,
    councilId: a.council_id,
    serviceId: a.service_id,
    serviceName: a.service_name,
    providerName: a.provider_name,
    leadOfficerId: a.lead_officer_id,
    createdBy: a.created_by,
    kind: a.kind,
    status: a.status,
    visitedOn: a.visited_on,
    completedOn: a.completed_on,
    frameworkName: version.name,
    requiresImprovementLabel: version.requiresImprovementLabel,
    domains: version.domains,
  };
}

/**
 * What a completed assessment found below the standard: every question answered below it and every domain
 * banded below Good, in framework order. Undefined for an assessment not found or not yet completed.
 */
export async function findingsBelowStandard(tx: Tx, assessmentId: string): Promise<Findings | undefined> {
  const a = await repo.assessmentHeader(tx, assessmentId);
  const version = a && (await frameworksRepo.loadVersion(tx, a.framework_version_id));
  if (!a?.completed_on || !version) return undefined;
  const framework = toScoringFramework(version);
  const given = new Map<string, Answer>((await repo.loadAnswers(tx, assessmentId)).map((r) => [r.question_id, r.answer as Answer]));
  const evidence = new Map((await repo.openEvidence(tx, assessmentId)).map((e) => [e.question_id, e.body]));
  const assessedOn = a.visited_on ?? a.completed_on;
  const below = belowStandard(framework, given, scoreAssessment(framework, given), assessedOn);
  const questions = new Map(version.domains.flatMap((d) => d.questions.map((q) => [q.id, q] as const)));
  const domainNames = new Map(version.domains.map((d) => [d.id, d.name]));
  return {
    assessedOn,
    questions: below.questions.map((q) => ({
      questionId: q.questionId,
      domainId: q.domainId,
      answer: q.answer,
      number: questions.get(q.questionId)?.number ?? '',
      text: questions.get(q.questionId)?.text ?? '',
      evidence: evidence.get(q.questionId) ?? null,
    })),
    domains: below.domains.map((d) => ({
      domainId: d.domainId,
      band: d.band,
      name: domainNames.get(d.domainId) ?? '',
      ...(d.percent === undefined ? {} : { percent: d.percent }),
    })),
  };
}

/** A completed or published full assessment with an answer below the standard, for the council's work list. */
interface AssessmentBelowStandard {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly leadOfficerId: string | null;
  readonly createdBy: string;
  readonly visitedOn: string | null;
  readonly completedOn: string | null;
}

/**
 * The council's current (not corrected) completed full assessments that found something below the standard,
 * oldest first. `concerning`: only those of services the user leads or that the user made (an officer's own
 * work list reads those, not the council's whole history).
 */
export async function assessmentsBelowStandard(tx: Tx, councilId: string, options: { concerning?: string } = {}): Promise<AssessmentBelowStandard[]> {
  return (await repo.assessmentsBelowStandard(tx, councilId, options.concerning)).map((a) => ({
    id: a.id,
    serviceId: a.service_id,
    serviceName: a.service_name,
    leadOfficerId: a.lead_officer_id,
    createdBy: a.created_by,
    visitedOn: a.visited_on,
    completedOn: a.completed_on,
  }));
}

/** A service's full assessments, newest first, for choosing the one a visit belongs to. */
export async function fullAssessmentsOfService(tx: Tx, serviceId: string): Promise<{ id: string; status: AssessmentStatus; visitedOn: string | null; createdAt: Date }[]> {
  return (await repo.fullAssessmentsOfService(tx, serviceId)).map((a) => ({ id: a.id, status: a.status, visitedOn: a.visited_on, createdAt: a.created_at }));
}

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

/** A full assessment's day and overall percent, for the fee bands the annual audits set (issue 18). */
export interface FullAssessmentScore {
  readonly serviceId: string;
  /** The day of its visit, or when it was completed where it had none. */
  readonly assessedOn: string;
  /** Null where it gave a band only (an imported result, say). */
  readonly percent: number | null;
  readonly band: OverallBand | null;
}

/** Every completed or published full assessment of the services given, assessed on or after `from`. */
export async function fullAssessmentScores(tx: Tx, serviceIds: readonly string[], from: string): Promise<FullAssessmentScore[]> {
  if (!serviceIds.length) return [];
  const rows = await tx
    .selectFrom('assessments')
    .select(['service_id', 'overall_percent', 'overall_band', sql<string>`coalesce(visited_on, completed_on)::text`.as('assessed_on')])
    .where('service_id', 'in', serviceIds)
    .where('kind', '=', 'full')
    .where('status', 'in', ['completed', 'published'])
    .where(sql<boolean>`coalesce(visited_on, completed_on) >= ${from}::date`)
    .orderBy('service_id')
    .orderBy(sql`coalesce(visited_on, completed_on)`)
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, assessedOn: r.assessed_on, percent: r.overall_percent === null ? null : Number(r.overall_percent), band: r.overall_band }));
}

/** A published full assessment, reduced to what reports count: its dates and overall band. */
export interface PublishedFullAssessment {
  readonly id: string;
  readonly serviceId: string;
  /** The report this one corrects: a correction counts instead of it from the day the correction is published. */
  readonly supersedesId: string | null;
  /** The day of its visit, or when it was completed where it had none. */
  readonly assessedOn: string;
  readonly publishedOn: string;
  readonly band: OverallBand | null;
}

/** Every published full assessment of the services given, corrections included, oldest published first. */
export async function publishedFullAssessments(tx: Tx, serviceIds: readonly string[]): Promise<PublishedFullAssessment[]> {
  if (!serviceIds.length) return [];
  const rows = await tx
    .selectFrom('assessments')
    .select(['id', 'service_id', 'supersedes_id', 'overall_band', sql<string>`coalesce(visited_on, completed_on)::text`.as('assessed_on'), sql<string>`published_on::text`.as('published_on')])
    .where('service_id', 'in', serviceIds)
    .where('kind', '=', 'full')
    .where('status', '=', 'published')
    .where('published_on', 'is not', null)
    .orderBy('published_on')
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, supersedesId: r.supersedes_id, assessedOn: r.assessed_on, publishedOn: r.published_on, band: r.overall_band }));
}

/** An assessment, its service and its framework (domains and questions in order), without its answers. */
interface AssessmentOutline {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly leadOfficerId: string | null;
  /** Empty for a result imported by the command line. */
  readonly createdBy: string | null;
  /** Brought in from another system: bands and dates, no answers. */
  readonly imported: boolean;
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
    imported: a.imported,
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
 * work list reads those, not the council's whole history). `except`: told the current assessments' ids, it
 * names those the caller has no use for (those that already have an action plan); their answers are not read.
 * Reading every answer of the council's assessments is the costly part, so the fewer left, the better.
 */
export async function assessmentsBelowStandard(
  tx: Tx,
  councilId: string,
  options: { concerning?: string; except?: (assessmentIds: readonly string[]) => Promise<ReadonlySet<string>> } = {},
): Promise<AssessmentBelowStandard[]> {
  const current = await repo.currentFullAssessments(tx, councilId, options.concerning);
  const excepted = options.except && current.length ? await options.except(current.map((a) => a.id)) : new Set<string>();
  const left = current.filter((a) => !excepted.has(a.id));
  const below = await repo.withAnswersBelowStandard(tx, left.map((a) => a.id));
  return left
    .filter((a) => below.has(a.id))
    .map((a) => ({
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

/** A full assessment completed (or published) by a day, reduced to what the quarterly summary counts. */
export interface ReportedAssessment {
  readonly id: string;
  readonly serviceId: string;
  readonly supersedesId: string | null;
  readonly completedOn: string | null;
  /** Null until it is published. */
  readonly publishedOn: string | null;
  readonly band: OverallBand | null;
  /** Each domain's band with the domain's name. */
  readonly domains: readonly { readonly name: string; readonly band: OverallBand | null }[];
  /** What its framework calls requires_improvement ("Requires improvement" or "Adequate"). */
  readonly requiresImprovementLabel: string;
}

/**
 * The council's full assessments completed or published on or before `upTo` (its RLS applies): dates are the
 * ones the records carry, so a past quarter reads the same whatever was entered after it.
 */
export async function reportedAssessments(tx: Tx, councilId: string, upTo: string): Promise<ReportedAssessment[]> {
  const rows = await tx
    .selectFrom('assessments as a')
    .innerJoin('framework_versions as fv', 'fv.id', 'a.framework_version_id')
    .select([
      'a.id',
      'a.service_id',
      'a.supersedes_id',
      'a.overall_band',
      'a.domain_scores',
      'a.status',
      'fv.requires_improvement_label',
      sql<string | null>`a.completed_on::text`.as('completed_on'),
      sql<string | null>`a.published_on::text`.as('published_on'),
    ])
    .where('a.council_id', '=', councilId)
    .where('a.kind', '=', 'full')
    .where('a.completed_on', 'is not', null)
    .where('a.completed_on', '<=', upTo)
    .execute();
  const domainIds = new Set(rows.flatMap((r) => (r.domain_scores as { domainId: string }[] | null ?? []).map((d) => d.domainId)));
  const names = domainIds.size
    ? new Map((await tx.selectFrom('framework_domains').select(['id', 'name']).where('id', 'in', [...domainIds]).execute()).map((d) => [d.id, d.name]))
    : new Map<string, string>();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    supersedesId: r.supersedes_id,
    completedOn: r.completed_on,
    publishedOn: r.status === 'published' && r.published_on && r.published_on <= upTo ? r.published_on : null,
    band: r.overall_band,
    domains: ((r.domain_scores as { domainId: string; band: OverallBand | null }[] | null) ?? []).map((d) => ({ name: names.get(d.domainId) ?? 'Unnamed domain', band: d.band })),
    requiresImprovementLabel: r.requires_improvement_label,
  }));
}

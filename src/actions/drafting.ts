import { assembleDomains, toScoringFramework, type Domain } from '../assessments/frameworks.ts';
import { belowStandard, scoreAssessment, type Answer } from '../assessments/scoring.ts';
import type { Tx } from '../core/db/database.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { followUpDueBy } from '../visits/visit.rules.ts';
import { insertVisit } from '../visits/visits.repository.ts';
import { draftActions, type DomainFinding, type QuestionFinding } from './action-plan.rules.ts';
import * as repo from './actions.repository.ts';

/**
 * Drafting the action plan of an assessment. It runs inside the caller's unit of work, so the assessments
 * capability may call it in the same transaction that completes an assessment; the action plan pages and
 * API also call it the first time a completed assessment's plan is opened by someone who may draft it.
 */

export interface AssessmentForPlan {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly status: 'draft' | 'completed' | 'published';
  readonly assessedOn: string;
  readonly frameworkName: string;
  readonly requiresImprovementLabel: string;
  readonly domains: readonly Domain[];
  readonly questionFindings: readonly QuestionFinding[];
  readonly domainFindings: readonly DomainFinding[];
}

/** A completed or published full assessment with what it found below the standard. */
export async function assessmentForPlan(tx: Tx, assessmentId: string): Promise<AssessmentForPlan> {
  const a = await repo.findAssessment(tx, assessmentId);
  if (!a) throw new NotFound('Assessment');
  if (a.kind !== 'full') throw new Conflict('Self-assessments do not have action plans: the council’s own assessment does');
  if (a.status === 'draft' || !a.completed_on) throw new Conflict('Complete the assessment before drafting its action plan');
  const rows = await repo.frameworkRows(tx, a.framework_version_id);
  const domains = assembleDomains(rows.domains, rows.standards, rows.questions);
  const framework = toScoringFramework({ scoring: a.scoring, domains });
  const given = new Map<string, Answer>((await repo.answers(tx, assessmentId)).map((r) => [r.question_id, r.answer as Answer]));
  const evidence = new Map((await repo.openEvidence(tx, assessmentId)).map((e) => [e.question_id, e.body]));
  const assessedOn = a.visited_on ?? a.completed_on;
  const below = belowStandard(framework, given, scoreAssessment(framework, given), assessedOn);
  const questions = new Map(domains.flatMap((d) => d.questions.map((q) => [q.id, q] as const)));
  const domainNames = new Map(domains.map((d) => [d.id, d.name]));
  return {
    id: a.id,
    councilId: a.council_id,
    serviceId: a.service_id,
    serviceName: a.service_name,
    providerName: a.provider_name,
    status: a.status,
    assessedOn,
    frameworkName: a.framework_name,
    requiresImprovementLabel: a.requires_improvement_label,
    domains,
    questionFindings: below.questions.map((q) => ({
      questionId: q.questionId,
      domainId: q.domainId,
      answer: q.answer,
      number: questions.get(q.questionId)?.number ?? '',
      text: questions.get(q.questionId)?.text ?? '',
      evidence: evidence.get(q.questionId) ?? null,
    })),
    domainFindings: below.domains.map((d) => ({
      domainId: d.domainId,
      band: d.band,
      name: domainNames.get(d.domainId) ?? '',
      ...(d.percent === undefined ? {} : { percent: d.percent }),
      requiresImprovementLabel: a.requires_improvement_label,
    })),
  };
}

export interface DraftOptions {
  /** Start a plan even when nothing fell below the standard (seed 002: improvements a compliant provider could make). */
  readonly evenIfNothingBelow?: boolean;
}

/**
 * Creates the draft action plan of a completed or published full assessment, with its actions and the update
 * visit due within three months of the assessment, unless the assessment already has a plan. Returns the
 * plan's id, or undefined when nothing fell below the standard (and no plan was asked for anyway).
 */
export async function createDraftActionPlan(tx: Tx, assessmentId: string, userId: string, options: DraftOptions = {}): Promise<string | undefined> {
  const existing = await repo.planIdForAssessment(tx, assessmentId);
  if (existing) return existing;
  const assessment = await assessmentForPlan(tx, assessmentId);
  const drafts = draftActions(assessment.assessedOn, assessment.questionFindings, assessment.domainFindings);
  if (drafts.length === 0 && !options.evenIfNothingBelow) return undefined;
  const planId = await repo.insertPlan(tx, {
    councilId: assessment.councilId,
    serviceId: assessment.serviceId,
    assessmentId,
    assessedOn: assessment.assessedOn,
    createdBy: userId,
  });
  // Someone else drafted it a moment ago: theirs stands.
  if (!planId) return repo.planIdForAssessment(tx, assessmentId);
  await repo.insertActions(
    tx,
    drafts.map((d) => ({ ...d, councilId: assessment.councilId, planId, ownerName: null, createdBy: userId })),
  );
  const a = await repo.findAssessment(tx, assessmentId);
  await insertVisit(tx, {
    councilId: assessment.councilId,
    serviceId: assessment.serviceId,
    kind: 'follow_up',
    jointWith: [],
    jointDetail: null,
    purpose: 'Check that every action of the action plan has been completed.',
    dueBy: followUpDueBy(assessment.assessedOn),
    plannedOn: null,
    visitedOn: null,
    outcome: null,
    officerId: a?.lead_officer_id ?? a?.created_by ?? userId,
    assessmentId,
    actionPlanId: planId,
    createdBy: userId,
  });
  return planId;
}

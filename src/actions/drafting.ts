import { assessmentOutline, findingsBelowStandard, type Domain } from '../assessments/index.ts';
import type { Tx } from '../core/db/database.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { scheduleUpdateVisit } from '../visits/index.ts';
import { draftActions, type DomainFinding, type QuestionFinding } from './action-plan.rules.ts';
import * as repo from './actions.repository.ts';
import * as plansRepo from './plans.repository.ts';

/**
 * Drafting the action plan of an assessment. It runs inside the caller's unit of work, so the assessments
 * capability may call it in the same transaction that completes an assessment; the action plan pages and
 * API also call it the first time a completed assessment's plan is opened by someone who may draft it.
 */

interface AssessmentForPlan {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  /** Who makes the update visit: the service's lead officer, or else the assessor. */
  readonly officerId: string;
  readonly assessedOn: string;
  readonly domains: readonly Domain[];
  readonly questionFindings: readonly QuestionFinding[];
  readonly domainFindings: readonly DomainFinding[];
}

/** A completed or published full assessment with what it found below the standard. */
export async function assessmentForPlan(tx: Tx, assessmentId: string): Promise<AssessmentForPlan> {
  const a = await assessmentOutline(tx, assessmentId);
  if (!a) throw new NotFound('Assessment');
  if (a.kind !== 'full') throw new Conflict('Self-assessments do not have action plans: the council’s own assessment does');
  const findings = a.status === 'draft' ? undefined : await findingsBelowStandard(tx, assessmentId);
  if (!findings) throw new Conflict('Complete the assessment before drafting its action plan');
  const officerId = a.leadOfficerId ?? a.createdBy;
  // Only a result imported from another system has no author; it has no answers to draft a plan from either.
  if (a.imported || officerId === null) throw new Conflict('This result was imported from another system: it has no answers to draft an action plan from');
  return {
    id: a.id,
    councilId: a.councilId,
    serviceId: a.serviceId,
    serviceName: a.serviceName,
    officerId,
    assessedOn: findings.assessedOn,
    domains: a.domains,
    questionFindings: findings.questions,
    domainFindings: findings.domains.map((d) => ({ ...d, requiresImprovementLabel: a.requiresImprovementLabel })),
  };
}

interface DraftOptions {
  /** Start a plan even when nothing fell below the standard (seed 002: improvements a compliant provider could make). */
  readonly evenIfNothingBelow?: boolean;
}

/**
 * Creates the draft action plan of a completed or published full assessment, with its actions and the update
 * visit due within three months of the assessment, unless the assessment already has a plan. Returns the
 * plan's id, or undefined when nothing fell below the standard (and no plan was asked for anyway).
 */
export async function createDraftActionPlan(tx: Tx, assessmentId: string, userId: string, options: DraftOptions = {}): Promise<string | undefined> {
  const existing = await plansRepo.planIdForAssessment(tx, assessmentId);
  if (existing) return existing;
  const assessment = await assessmentForPlan(tx, assessmentId);
  const drafts = draftActions(assessment.assessedOn, assessment.questionFindings, assessment.domainFindings);
  if (drafts.length === 0 && !options.evenIfNothingBelow) return undefined;
  const planId = await plansRepo.insertPlan(tx, {
    councilId: assessment.councilId,
    serviceId: assessment.serviceId,
    assessmentId,
    assessedOn: assessment.assessedOn,
    createdBy: userId,
  });
  // Someone else drafted it a moment ago: theirs stands.
  if (!planId) return plansRepo.planIdForAssessment(tx, assessmentId);
  await repo.insertActions(
    tx,
    drafts.map((d) => ({ ...d, councilId: assessment.councilId, planId, ownerName: null, createdBy: userId })),
  );
  await scheduleUpdateVisit(tx, {
    councilId: assessment.councilId,
    serviceId: assessment.serviceId,
    assessmentId,
    actionPlanId: planId,
    assessedOn: assessment.assessedOn,
    officerId: assessment.officerId,
    createdBy: userId,
  });
  return planId;
}

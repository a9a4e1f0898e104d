import { authorise, can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { loadAssessment, type Assessment } from './assessment.model.ts';
import { dateErrors, DEFAULT_FACTUAL_ACCURACY_DAYS, enteredDate, reviewEndsOn, unansweredQuestions } from './assessment.rules.ts';
import * as repo from './assessments.repository.ts';
import { answerItemSchema, answersSchema, completeSchema } from './assessments.schemas.ts';
import { allQuestions, type FrameworkVersion } from './frameworks.ts';
import type { EvidenceSource } from './labels.ts';
import * as reviewRepo from './review.repository.ts';
import { isAnswerFor, type Answer } from './scoring.ts';

/**
 * Answering an assessment: the officer (or, for a self-assessment, the provider) saves answers and evidence
 * as they go, completes it when every question is answered, or deletes a draft started by mistake.
 */

export interface AnsweringOptions {
  /**
   * Runs in the transaction that completes a council's full assessment (not a correction, which keeps the
   * plan of the version it corrects): the composition root drafts the action plan here.
   */
  readonly onCompleted?: ((tx: Tx, assessmentId: string, actor: Actor) => Promise<void>) | undefined;
}

/** A change to one question: an answer and/or its evidence. Omitted fields stay as they are; null clears. */
interface Change {
  questionId: string;
  answer?: Answer | undefined;
  evidence?: string | null | undefined;
  evidenceSource?: EvidenceSource | null | undefined;
  confidential?: boolean | undefined;
}

/** Checks the actor may change the answers: the council's assessors on a full assessment, the provider on its self-assessment. */
function checkCanEdit(actor: Actor, assessment: Assessment) {
  if (assessment.kind === 'full' ? !can(actor, 'assessments.conduct') : !can(actor, 'assessments.self')) {
    throw new Forbidden(assessment.kind === 'full' ? 'Only the council’s officers can change a full assessment' : 'Only the provider can change its self-assessment');
  }
  if (assessment.status === 'published') throw new Conflict('This assessment is published and locked. To change it, start a correction.');
  if (assessment.status === 'completed' && assessment.kind === 'self') throw new Conflict('This self-assessment has been submitted and can no longer be changed.');
}

export function answersService(store: Store, options: AnsweringOptions = {}) {
  async function applyChanges(tx: Tx, actor: Actor, assessment: Assessment, changes: readonly Change[]) {
    const base = { councilId: assessment.councilId, assessmentId: assessment.id, userId: actor.userId };
    await repo.upsertAnswers(
      tx,
      changes.flatMap((c) => (c.answer === undefined ? [] : [{ ...base, questionId: c.questionId, answer: c.answer }])),
    );
    await repo.upsertEvidence(
      tx,
      changes
        .filter((c) => c.evidence !== undefined || c.evidenceSource !== undefined || c.confidential !== undefined)
        .map((c) => {
          const current = assessment.answers.get(c.questionId);
          return {
            ...base,
            questionId: c.questionId,
            body: c.evidence === undefined ? (current?.evidence ?? null) : c.evidence,
            source: c.evidenceSource === undefined ? (current?.evidenceSource ?? null) : c.evidenceSource,
            // A provider's own self-assessment has nothing to keep from itself.
            confidential: assessment.kind === 'self' ? false : (c.confidential ?? current?.confidential ?? false),
          };
        }),
    );
    const updated = await loadAssessment(tx, assessment.id);
    await repo.saveScores(tx, assessment.id, updated.scores);
    return updated;
  }

  function validateChanges(framework: FrameworkVersion, changes: readonly Change[], pathOf: (index: number, field: string) => string) {
    const questionIds = new Set(allQuestions(framework).map((q) => q.id));
    const errors: FieldError[] = [];
    changes.forEach((change, i) => {
      if (!questionIds.has(change.questionId)) errors.push({ path: pathOf(i, 'questionId'), message: 'There is no question with that ID in this assessment’s framework' });
      else if (change.answer !== undefined && !isAnswerFor(framework.scoring, change.answer)) {
        errors.push({
          path: pathOf(i, 'answer'),
          message:
            framework.scoring === 'percentage'
              ? 'Answer must be met, partly_met, not_met or not_applicable'
              : 'Answer must be excellent, good, requires_improvement, poor or not_applicable',
        });
      }
    });
    if (errors.length) throw new Invalid(errors);
  }

  return {
    /** PUT /api/v1/assessments/{id}/answers: each listed question's answer, and its evidence where given. */
    async saveAnswers(actor: Actor, id: string, input: unknown): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      const { answers } = parse(answersSchema, input);
      return store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanEdit(actor, assessment);
        const changes: Change[] = answers.map((a) => ({
          questionId: a.questionId,
          answer: a.answer as Answer,
          evidence: a.evidence,
          evidenceSource: a.evidenceSource,
          confidential: a.confidential,
        }));
        validateChanges(assessment.framework, changes, (i, field) => `answers.${i}.${field}`);
        return applyChanges(tx, actor, assessment, changes);
      });
    },

    /**
     * Saves one domain's page of the web form. Answers may be left blank (progress is saved as the officer
     * goes); fields are named `answer-<questionId>`, `evidence-<questionId>`, `source-<questionId>` and
     * `confidential-<questionId>`.
     */
    async saveDomain(actor: Actor, id: string, domainId: string, body: Record<string, unknown>): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanEdit(actor, assessment);
        const domain = assessment.framework.domains.find((d) => d.id === domainId);
        if (!domain) throw new NotFound('Domain');
        const errors: FieldError[] = [];
        const changes: Change[] = [];
        for (const question of domain.questions) {
          const item = answerItemSchema.safeParse({
            questionId: question.id,
            answer: body[`answer-${question.id}`] ?? 'unanswered',
            evidence: body[`evidence-${question.id}`] ?? '',
            evidenceSource: body[`source-${question.id}`] ?? '',
            confidential: body[`confidential-${question.id}`] === 'yes',
          });
          if (!item.success) {
            const issue = item.error.issues[0]!;
            const field = issue.path[0] === 'evidenceSource' ? 'source' : 'evidence';
            errors.push({ path: `${field}-${question.id}`, message: `Question ${question.number}: ${issue.message}` });
            continue;
          }
          const answer = item.data.answer === 'unanswered' ? undefined : item.data.answer;
          if (answer !== undefined && !isAnswerFor(assessment.framework.scoring, answer)) {
            errors.push({ path: `answer-${question.id}`, message: `Question ${question.number}: select one of the answers` });
            continue;
          }
          changes.push({
            questionId: question.id,
            answer: answer,
            evidence: item.data.evidence ?? null,
            evidenceSource: item.data.evidenceSource ?? null,
            confidential: item.data.confidential ?? false,
          });
        }
        if (errors.length) throw new Invalid(errors);
        return applyChanges(tx, actor, assessment, changes);
      });
    },

    /** The officer (or provider, for a self-assessment) completes it: every question answered, and for a visit its date. */
    async complete(actor: Actor, id: string, input: unknown = {}): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      const values = parse(completeSchema, input ?? {});
      return store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanEdit(actor, assessment);
        if (assessment.status !== 'draft') throw new Conflict('This assessment has already been completed');
        const errors: FieldError[] = [];
        const missing = unansweredQuestions(assessment.framework, new Map([...assessment.answers].filter(([, a]) => a.answer !== undefined)));
        if (missing.length) {
          const numbers = missing.slice(0, 10).map((q) => q.number).join(', ');
          errors.push({
            path: 'answers',
            message: `Answer every question before completing: ${missing.length === 1 ? 'question' : `${missing.length} questions`} ${numbers}${missing.length > 10 ? ' and more' : ''} ${missing.length === 1 ? 'has' : 'have'} no answer`,
          });
        }
        const visitedOn = values.visitedOn ?? assessment.visitedOn;
        const visitInFuture = assessment.kind === 'full' && visitedOn !== null && visitedOn !== undefined && visitedOn > today();
        if (assessment.kind === 'full') {
          if (!visitedOn) errors.push({ path: 'visitedOn', message: 'Enter the date of the visit' });
          else if (visitInFuture) errors.push({ path: 'visitedOn', message: 'The date of the visit must be today or in the past' });
        }
        // A report written up in a past year is completed on the day entered (today when none is).
        const completed = enteredDate(values.completedOn, today());
        const correctsPublishedOn = assessment.supersedesId ? (await loadAssessment(tx, assessment.supersedesId)).publishedOn : null;
        const visit = assessment.kind === 'full' && !visitInFuture ? visitedOn : null;
        errors.push(...dateErrors({ visitedOn: visit, completedOn: completed.on, correctsPublishedOn }, ['completedOn'], today()));
        if (errors.length) throw new Invalid(errors);
        if (assessment.kind === 'full' && visitedOn !== assessment.visitedOn) await repo.setVisitedOn(tx, id, visitedOn ?? null);
        const days = (await reviewRepo.factualAccuracyDays(tx, assessment.councilId)) ?? DEFAULT_FACTUAL_ACCURACY_DAYS;
        // The provider's window runs from the day it was completed, entered or not (a report of a past year has none left).
        const completedOn = completed.on;
        await repo.saveScores(tx, id, assessment.scores);
        await repo.markCompleted(tx, id, {
          userId: actor.userId,
          completedOn,
          entered: completed.entered,
          reviewEndsOn: assessment.kind === 'full' ? reviewEndsOn(completedOn, days, assessment.supersedesId !== null) : null,
        });
        if (assessment.kind === 'full' && assessment.supersedesId === null) await options.onCompleted?.(tx, id, actor);
        return loadAssessment(tx, id);
      });
    },

    /** Deletes a draft that should not have been started. */
    async discard(actor: Actor, id: string) {
      authorise(actor, 'assessments.read');
      await store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanEdit(actor, assessment);
        if (assessment.status !== 'draft') throw new Conflict('Only a draft can be deleted');
        await repo.deleteDraft(tx, id);
      });
      return undefined;
    },
  };
}

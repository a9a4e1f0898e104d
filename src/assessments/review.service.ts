import { authorise, can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { loadAssessment, type Assessment, type Comment } from './assessment.model.ts';
import { dateErrors, DEFAULT_FACTUAL_ACCURACY_DAYS, enteredDate, publishedDuringReview } from './assessment.rules.ts';
import * as repo from './assessments.repository.ts';
import { commentSchema, correctionSchema, publishSchema, settingsSchema } from './assessments.schemas.ts';
import * as reviewRepo from './review.repository.ts';

/**
 * The report after it is completed: the provider's factual-accuracy review (comments, confirming it is
 * accurate), publication by a commissioner or administrator, and corrections of a published report.
 */

function checkCanComment(actor: Actor, assessment: Assessment) {
  if (assessment.kind !== 'full') throw new Conflict('Comments are for the review of a full assessment');
  if (actor.role === 'provider') {
    if (assessment.reviewWindow !== 'open') {
      throw new Conflict(assessment.status === 'published' ? 'This report is published' : 'The factual accuracy review of this report has closed');
    }
    return;
  }
  if (!can(actor, 'assessments.conduct')) throw new Forbidden();
  if (assessment.status !== 'completed') throw new Conflict('Comments can be added only while the report is shared with the provider');
}

export function reviewService(store: Store) {
  return {
    /** The comments of the factual-accuracy review (council assessors and the provider only). */
    async comments(actor: Actor, id: string): Promise<Comment[]> {
      authorise(actor, 'assessments.read');
      if (!can(actor, 'assessments.conduct') && !can(actor, 'assessments.self')) return [];
      return store.asUser(actor, async (tx) => {
        const rows = await reviewRepo.listComments(tx, id);
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          body: r.body,
          domainId: r.domain_id,
          createdAt: r.created_at,
          author: r.author_name ? `${r.author_name} (${r.author_org_name ?? ''})` : (r.author_org_name ?? 'Unknown'),
          fromProvider: r.author_org_kind === 'provider',
        }));
      });
    },

    /** The provider (during its window) or an assessor adds a comment to the factual-accuracy review. */
    async comment(actor: Actor, id: string, input: unknown) {
      authorise(actor, 'assessments.read');
      const values = parse(commentSchema, input);
      await store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanComment(actor, assessment);
        if (values.domainId && !assessment.framework.domains.some((d) => d.id === values.domainId)) {
          throw new Invalid([{ path: 'domainId', message: 'Select a domain of this assessment' }]);
        }
        await reviewRepo.insertComment(tx, { councilId: assessment.councilId, assessmentId: id, userId: actor.userId, orgId: actor.orgId, kind: 'comment', body: values.body, domainId: values.domainId ?? null });
      });
    },

    /** The provider confirms the draft report is factually accurate, which ends its window early. */
    async confirmAccuracy(actor: Actor, id: string) {
      authorise(actor, 'assessments.self');
      await store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        checkCanComment(actor, assessment);
        await reviewRepo.insertComment(tx, { councilId: assessment.councilId, assessmentId: id, userId: actor.userId, orgId: actor.orgId, kind: 'accuracy_confirmed', body: null, domainId: null });
      });
    },

    /** A commissioner or administrator publishes a completed full assessment; from then on it is locked. */
    async publish(actor: Actor, id: string, input: unknown = {}): Promise<Assessment> {
      authorise(actor, 'assessments.publish');
      const values = parse(publishSchema, input ?? {});
      return store.asUser(actor, async (tx) => {
        const assessment = await loadAssessment(tx, id);
        if (assessment.kind !== 'full') throw new Conflict('Self-assessments are not published');
        if (assessment.status === 'published') throw new Conflict('This assessment is already published');
        if (assessment.status !== 'completed') throw new Conflict('Complete the assessment before publishing it');
        // A report published in a past year is published on the day entered (today when none is).
        const published = enteredDate(values.publishedOn, today());
        const errors = dateErrors({ visitedOn: assessment.visitedOn, completedOn: assessment.completedOn, publishedOn: published.on }, ['publishedOn'], today());
        if (errors.length) throw new Invalid(errors);
        await repo.saveScores(tx, id, assessment.scores);
        const updated = await repo.markPublished(tx, id, {
          userId: actor.userId,
          publishedOn: published.on,
          entered: published.entered,
          duringReview: publishedDuringReview(assessment, published.on),
        });
        if (updated !== 1) throw new Conflict('This assessment could not be published: it changed while you were looking at it');
        return loadAssessment(tx, id);
      });
    },

    /** Starts a correction of a published assessment: a new version, with the reason, starting from its answers. */
    async correct(actor: Actor, id: string, input: unknown): Promise<string> {
      authorise(actor, 'assessments.conduct');
      const values = parse(correctionSchema, input);
      return store.asUser(actor, async (tx) => {
        const original = await loadAssessment(tx, id);
        if (original.kind !== 'full' || original.status !== 'published') throw new Conflict('Only a published assessment can be corrected');
        if (original.supersededById) throw new Conflict('This assessment already has a correction. Correct the newest version instead.');
        const row = await repo.insertAssessment(tx, {
          councilId: original.councilId,
          serviceId: original.serviceId,
          frameworkVersionId: original.framework.id,
          kind: 'full',
          visitedOn: original.visitedOn,
          createdBy: actor.userId,
          createdByOrgId: actor.orgId,
          version: original.version + 1,
          supersedesId: original.id,
          correctionReason: values.reason,
        });
        await repo.copyAnswers(tx, original.id, row.id, actor.userId);
        await repo.saveScores(tx, row.id, original.scores);
        return row.id;
      });
    },

    /** How many days the council's providers have to comment on a completed full assessment. */
    async factualAccuracyDays(actor: Actor): Promise<number> {
      authorise(actor, 'assessments.conduct');
      return store.asUser(actor, async (tx) => (await reviewRepo.factualAccuracyDays(tx, actor.orgId)) ?? DEFAULT_FACTUAL_ACCURACY_DAYS);
    },

    async saveFactualAccuracyDays(actor: Actor, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(settingsSchema, input);
      await store.asUser(actor, (tx) => reviewRepo.saveFactualAccuracyDays(tx, actor.orgId, values.factualAccuracyDays, actor.userId));
    },
  };
}

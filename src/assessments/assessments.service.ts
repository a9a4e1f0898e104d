import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise, can } from '../core/auth/permissions.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { categoryLabel } from '../providers/categories.ts';
import {
  DEFAULT_FACTUAL_ACCURACY_DAYS,
  compareAssessments,
  reviewEndsOn,
  reviewWindow,
  ukToday,
  unansweredQuestions,
  type AssessmentKind,
  type AssessmentStatus,
  type ReviewWindow,
} from './assessment.rules.ts';
import { answerItemSchema, answersSchema, commentSchema, completeSchema, correctionSchema, settingsSchema, startSchema } from './assessments.schemas.ts';
import * as repo from './assessments.repository.ts';
import * as frameworksRepo from './frameworks.repository.ts';
import { allQuestions, toScoringFramework, type FrameworkVersion } from './frameworks.ts';
import type { EvidenceSource } from './labels.ts';
import { belowStandard, isAnswerFor, scoreAssessment, type Answer, type Band, type BelowStandard, type Scores } from './scoring.ts';

export interface AnswerRecord {
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

/** An assessment as the rest of the app sees it. */
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
  readonly reviewEndsOn: string | null;
  readonly reviewWindow: ReviewWindow;
  readonly accuracyConfirmed: boolean;
  readonly publishedOn: string | null;
  readonly publishedAt: Date | null;
  readonly publishedBy: string | null;
  readonly publishedDuringReview: boolean;
  readonly version: number;
  readonly supersedesId: string | null;
  readonly supersededById: string | null;
  readonly correctionReason: string | null;
  /** The day the assessment describes: the visit, or for a self-assessment the day it was submitted. */
  readonly assessedOn: string;
  readonly framework: FrameworkVersion;
  /** Keyed by question id; evidence the actor may not see is simply absent. */
  readonly answers: ReadonlyMap<string, AnswerRecord>;
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
}

export interface AssessmentsOptions {
  /** Today in the UK as yyyy-mm-dd; tests pass a fixed day. */
  readonly today?: () => string;
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

export function assessmentsService(store: Store, options: AssessmentsOptions = {}) {
  const today = options.today ?? (() => ukToday());

  async function load(tx: Tx, id: string): Promise<Assessment> {
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
      reviewEndsOn: row.review_ends_on,
      reviewWindow: reviewWindow({ kind: row.kind, status: row.status, reviewEndsOn: row.review_ends_on, accuracyConfirmed }, today()),
      accuracyConfirmed,
      publishedOn: row.published_on,
      publishedAt: row.published_at,
      publishedBy: row.published_by_name,
      publishedDuringReview: row.published_during_review,
      version: row.version,
      supersedesId: row.supersedes_id,
      supersededById: row.superseded_by_id ?? null,
      correctionReason: row.correction_reason,
      assessedOn: row.visited_on ?? row.completed_on ?? row.created_at.toISOString().slice(0, 10),
      framework,
      answers,
      scores: scoresOf(framework, answers),
    };
  }

  /** Checks the actor may change the answers: the council's assessors on a full assessment, the provider on its self-assessment. */
  function checkCanEdit(actor: Actor, assessment: Assessment) {
    if (assessment.kind === 'full' ? !can(actor, 'assessments.conduct') : !can(actor, 'assessments.self')) {
      throw new Forbidden(assessment.kind === 'full' ? 'Only the council’s officers can change a full assessment' : 'Only the provider can change its self-assessment');
    }
    if (assessment.status === 'published') throw new Conflict('This assessment is published and locked. To change it, start a correction.');
    if (assessment.status === 'completed' && assessment.kind === 'self') throw new Conflict('This self-assessment has been submitted and can no longer be changed.');
  }

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
    const updated = await load(tx, assessment.id);
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

  async function serviceFor(tx: Tx, serviceId: string) {
    const service = await repo.findService(tx, serviceId);
    if (!service) throw new NotFound('Service');
    return service;
  }

  return {
    /** Starts a full assessment (council officers) or a self-assessment (the provider of the service). */
    async start(actor: Actor, input: unknown): Promise<{ id: string; status: 'draft' }> {
      const values = parse(startSchema, input);
      authorise(actor, values.kind === 'full' ? 'assessments.conduct' : 'assessments.self');
      if (values.visitedOn && values.visitedOn > today()) throw new Invalid([{ path: 'visitedOn', message: 'The date of the visit must be today or in the past' }]);
      return store.asUser(actor, async (tx) => {
        const service = await serviceFor(tx, values.serviceId);
        if (values.kind === 'full' && service.council_id !== actor.orgId) throw new NotFound('Service');
        const ids = await frameworksRepo.currentVersionIds(tx, service.council_id);
        const versions = await Promise.all(ids.map((id) => frameworksRepo.loadVersion(tx, id)));
        const version = versions.find((v) => v?.frameworkId === values.frameworkId);
        if (!version) throw new Invalid([{ path: 'frameworkId', message: 'Select a framework of the council that commissions this service' }]);
        if (!version.categories.includes(service.category)) {
          throw new Invalid([{ path: 'frameworkId', message: `The ${version.name} does not apply to ${categoryLabel(service.category).toLowerCase()} services` }]);
        }
        const row = await repo.insertAssessment(tx, {
          councilId: service.council_id,
          serviceId: service.id,
          frameworkVersionId: version.id,
          kind: values.kind,
          visitedOn: values.kind === 'full' ? (values.visitedOn ?? null) : null,
          createdBy: actor.userId,
          createdByOrgId: actor.orgId,
        });
        return { id: row.id, status: 'draft' };
      });
    },

    /** What the start page offers: the kind the actor may start, and the frameworks that fit the service. */
    async startOptions(actor: Actor, serviceId: string) {
      const kind: AssessmentKind = can(actor, 'assessments.conduct') ? 'full' : 'self';
      authorise(actor, kind === 'full' ? 'assessments.conduct' : 'assessments.self');
      return store.asUser(actor, async (tx) => {
        const service = await serviceFor(tx, serviceId);
        if (kind === 'full' && service.council_id !== actor.orgId) throw new NotFound('Service');
        const ids = await frameworksRepo.currentVersionIds(tx, service.council_id);
        const versions = (await Promise.all(ids.map((id) => frameworksRepo.loadVersion(tx, id)))).filter((v): v is FrameworkVersion => v !== undefined);
        return {
          kind,
          service: { id: service.id, name: service.name, category: service.category, categoryLabel: categoryLabel(service.category), providerName: service.provider_name },
          frameworks: versions.filter((v) => v.categories.includes(service.category)),
        };
      });
    },

    async get(actor: Actor, id: string): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, (tx) => load(tx, id));
    },

    /** The comments of the factual-accuracy review (council assessors and the provider only). */
    async comments(actor: Actor, id: string): Promise<Comment[]> {
      authorise(actor, 'assessments.read');
      if (!can(actor, 'assessments.conduct') && !can(actor, 'assessments.self')) return [];
      return store.asUser(actor, async (tx) => {
        const rows = await repo.listComments(tx, id);
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

    /** PUT /api/v1/assessments/{id}/answers: each listed question's answer, and its evidence where given. */
    async saveAnswers(actor: Actor, id: string, input: unknown): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      const { answers } = parse(answersSchema, input);
      return store.asUser(actor, async (tx) => {
        const assessment = await load(tx, id);
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
        const assessment = await load(tx, id);
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
        const assessment = await load(tx, id);
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
        if (assessment.kind === 'full') {
          if (!visitedOn) errors.push({ path: 'visitedOn', message: 'Enter the date of the visit' });
          else if (visitedOn > today()) errors.push({ path: 'visitedOn', message: 'The date of the visit must be today or in the past' });
        }
        if (errors.length) throw new Invalid(errors);
        if (assessment.kind === 'full' && visitedOn !== assessment.visitedOn) await repo.setVisitedOn(tx, id, visitedOn ?? null);
        const days = (await repo.factualAccuracyDays(tx, assessment.councilId)) ?? DEFAULT_FACTUAL_ACCURACY_DAYS;
        const completedOn = today();
        await repo.saveScores(tx, id, assessment.scores);
        await repo.markCompleted(tx, id, {
          userId: actor.userId,
          completedOn,
          reviewEndsOn: assessment.kind === 'full' ? reviewEndsOn(completedOn, days, assessment.supersedesId !== null) : null,
        });
        if (assessment.kind === 'full' && assessment.supersedesId === null) await options.onCompleted?.(tx, id, actor);
        return load(tx, id);
      });
    },

    /** A commissioner or administrator publishes a completed full assessment; from then on it is locked. */
    async publish(actor: Actor, id: string): Promise<Assessment> {
      authorise(actor, 'assessments.publish');
      return store.asUser(actor, async (tx) => {
        const assessment = await load(tx, id);
        if (assessment.kind !== 'full') throw new Conflict('Self-assessments are not published');
        if (assessment.status === 'published') throw new Conflict('This assessment is already published');
        if (assessment.status !== 'completed') throw new Conflict('Complete the assessment before publishing it');
        await repo.saveScores(tx, id, assessment.scores);
        const updated = await repo.markPublished(tx, id, { userId: actor.userId, publishedOn: today(), duringReview: assessment.reviewWindow === 'open' });
        if (updated !== 1) throw new Conflict('This assessment could not be published: it changed while you were looking at it');
        return load(tx, id);
      });
    },

    /** The provider (during its window) or an assessor adds a comment to the factual-accuracy review. */
    async comment(actor: Actor, id: string, input: unknown) {
      authorise(actor, 'assessments.read');
      const values = parse(commentSchema, input);
      await store.asUser(actor, async (tx) => {
        const assessment = await load(tx, id);
        checkCanComment(actor, assessment);
        if (values.domainId && !assessment.framework.domains.some((d) => d.id === values.domainId)) {
          throw new Invalid([{ path: 'domainId', message: 'Select a domain of this assessment' }]);
        }
        await repo.insertComment(tx, { councilId: assessment.councilId, assessmentId: id, userId: actor.userId, orgId: actor.orgId, kind: 'comment', body: values.body, domainId: values.domainId ?? null });
      });
    },

    /** The provider confirms the draft report is factually accurate, which ends its window early. */
    async confirmAccuracy(actor: Actor, id: string) {
      authorise(actor, 'assessments.self');
      await store.asUser(actor, async (tx) => {
        const assessment = await load(tx, id);
        checkCanComment(actor, assessment);
        await repo.insertComment(tx, { councilId: assessment.councilId, assessmentId: id, userId: actor.userId, orgId: actor.orgId, kind: 'accuracy_confirmed', body: null, domainId: null });
      });
    },

    /** Starts a correction of a published assessment: a new version, with the reason, starting from its answers. */
    async correct(actor: Actor, id: string, input: unknown): Promise<string> {
      authorise(actor, 'assessments.conduct');
      const values = parse(correctionSchema, input);
      return store.asUser(actor, async (tx) => {
        const original = await load(tx, id);
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

    /** Deletes a draft that should not have been started. */
    async discard(actor: Actor, id: string) {
      authorise(actor, 'assessments.read');
      await store.asUser(actor, async (tx) => {
        const assessment = await load(tx, id);
        checkCanEdit(actor, assessment);
        if (assessment.status !== 'draft') throw new Conflict('Only a draft can be deleted');
        await repo.deleteDraft(tx, id);
      });
      return undefined;
    },

    /**
     * The officer's assessment beside the provider's self-assessment (newest submitted one), or from a
     * self-assessment, beside the newest shared full assessment.
     */
    async compare(actor: Actor, id: string) {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const first = await load(tx, id);
        const otherRow =
          first.kind === 'full' ? await repo.latestSubmittedSelfAssessment(tx, first.serviceId) : await repo.latestSharedFullAssessment(tx, first.serviceId);
        if (!otherRow) return { officer: first.kind === 'full' ? first : undefined, provider: first.kind === 'self' ? first : undefined, comparison: undefined };
        const second = await load(tx, otherRow.id);
        const officer = first.kind === 'full' ? first : second;
        const provider = first.kind === 'full' ? second : first;
        const side = (a: Assessment) => ({
          version: a.framework,
          answers: new Map([...a.answers].flatMap(([q, r]) => (r.answer ? [[q, r.answer] as const] : []))),
          domainBands: new Map(a.scores.domains.map((d) => [d.domainId, d.band] as const)),
        });
        return { officer, provider, comparison: compareAssessments(side(officer), side(provider)) };
      });
    },

    async listForService(actor: Actor, serviceId: string): Promise<AssessmentListItem[]> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => (await repo.listAssessments(tx, { serviceId, limit: 200, offset: 0 })).map(toListItem));
    },

    async list(actor: Actor, filter: { status?: AssessmentStatus; kind?: AssessmentKind; page: number }) {
      authorise(actor, 'assessments.read');
      const pageSize = 50;
      return store.asUser(actor, async (tx) => {
        const rows = await repo.listAssessments(tx, { ...filter, limit: pageSize + 1, offset: (filter.page - 1) * pageSize });
        return { items: rows.slice(0, pageSize).map(toListItem), hasMore: rows.length > pageSize, pageSize };
      });
    },

    async factualAccuracyDays(actor: Actor): Promise<number> {
      authorise(actor, 'assessments.conduct');
      return store.asUser(actor, async (tx) => (await repo.factualAccuracyDays(tx, actor.orgId)) ?? DEFAULT_FACTUAL_ACCURACY_DAYS);
    },

    async saveFactualAccuracyDays(actor: Actor, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(settingsSchema, input);
      await store.asUser(actor, (tx) => repo.saveFactualAccuracyDays(tx, actor.orgId, values.factualAccuracyDays, actor.userId));
    },

    /**
     * What an action plan must address for a completed or published full assessment: every question
     * below the standard and every domain below Good, with the assessment's date (for the actions capability).
     */
    async needingAction(actor: Actor, id: string): Promise<BelowStandard & { assessmentId: string; serviceId: string; councilId: string }> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const a = await load(tx, id);
        if (a.kind !== 'full' || a.status === 'draft') throw new Conflict('Only a completed or published full assessment produces actions');
        const answers = new Map([...a.answers].flatMap(([q, r]) => (r.answer ? [[q, r.answer] as const] : [])));
        const framework = toScoringFramework(a.framework);
        return { assessmentId: a.id, serviceId: a.serviceId, councilId: a.councilId, ...belowStandard(framework, answers, a.scores, a.assessedOn) };
      });
    },
  };

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
}

export function scoresOf(framework: FrameworkVersion, answers: ReadonlyMap<string, AnswerRecord>): Scores {
  const given = new Map<string, Answer>();
  for (const [questionId, record] of answers) if (record.answer) given.set(questionId, record.answer);
  return scoreAssessment(toScoringFramework(framework), given);
}

function toListItem(row: repo.AssessmentRow): AssessmentListItem {
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
  };
}

export type AssessmentsService = ReturnType<typeof assessmentsService>;

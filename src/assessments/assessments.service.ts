import { authorise, can, councilOf } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { categoryLabel } from '../providers/index.ts';
import { answersService, type AnsweringOptions } from './answers.service.ts';
import { givenAnswers, loadAssessment, toListItem, visibleService, type Assessment, type AssessmentListItem } from './assessment.model.ts';
import { compareAssessments, type AssessmentKind, type AssessmentStatus } from './assessment.rules.ts';
import * as repo from './assessments.repository.ts';
import { pageWindow } from '../core/http/lists.ts';
import { startSchema } from './assessments.schemas.ts';
import * as frameworksRepo from './frameworks.repository.ts';
import { toScoringFramework, type FrameworkVersion } from './frameworks.ts';
import { reviewService } from './review.service.ts';
import { belowStandard, type BelowStandard } from './scoring.ts';

export type { Assessment, AssessmentListItem, Comment } from './assessment.model.ts';

export type AssessmentsOptions = AnsweringOptions;

const PAGE_SIZE = 50;

export interface ListFilter {
  readonly status?: AssessmentStatus;
  readonly kind?: AssessmentKind;
  readonly sort?: 'date' | 'service';
  readonly order?: 'asc' | 'desc';
}

/**
 * Assessments: starting one, reading and listing them, and the provider's self-assessment beside the
 * officer's; with the jobs that follow (answering: answers.service.ts; the review, publication and
 * corrections of the report: review.service.ts) as one service for the pages, the API and other callers.
 */
export function assessmentsService(store: Store, options: AssessmentsOptions = {}) {
  return {
    /** Starts a full assessment (council officers) or a self-assessment (the provider of the service). */
    async start(actor: Actor, input: unknown): Promise<{ id: string; status: 'draft' }> {
      const values = parse(startSchema, input);
      authorise(actor, values.kind === 'full' ? 'assessments.conduct' : 'assessments.self');
      if (values.visitedOn && values.visitedOn > today())
        throw new Invalid([{ path: 'visitedOn', message: 'The date of the visit must be today or in the past' }]);
      return store.asUser(actor, async (tx) => {
        const service = await visibleService(tx, values.serviceId);
        if (values.kind === 'full' && service.council_id !== actor.orgId) throw new NotFound('Service');
        // The self-funded market is held in the register for CQC data and intelligence, not assessed (issue 18).
        if (service.not_commissioned)
          throw new Invalid([{ path: 'serviceId', message: 'The council does not commission this service, so it cannot be assessed' }]);
        const ids = await frameworksRepo.currentVersionIds(tx, service.council_id);
        const versions = await Promise.all(ids.map((id) => frameworksRepo.loadVersion(tx, id)));
        const version = versions.find((v) => v?.frameworkId === values.frameworkId);
        if (!version)
          throw new Invalid([{ path: 'frameworkId', message: 'Select a framework of the council that commissions this service' }]);
        if (!version.categories.includes(service.category)) {
          throw new Invalid([
            {
              path: 'frameworkId',
              message: `The ${version.name} does not apply to ${categoryLabel(service.category).toLowerCase()} services`,
            },
          ]);
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
        const service = await visibleService(tx, serviceId);
        if (kind === 'full' && service.council_id !== actor.orgId) throw new NotFound('Service');
        const ids = await frameworksRepo.currentVersionIds(tx, service.council_id);
        const versions = (await Promise.all(ids.map((id) => frameworksRepo.loadVersion(tx, id)))).filter(
          (v): v is FrameworkVersion => v !== undefined,
        );
        return {
          kind,
          service: {
            id: service.id,
            name: service.name,
            category: service.category,
            categoryLabel: categoryLabel(service.category),
            providerName: service.provider_name,
          },
          frameworks: versions.filter((v) => v.categories.includes(service.category)),
        };
      });
    },

    async get(actor: Actor, id: string): Promise<Assessment> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, (tx) => loadAssessment(tx, id));
    },

    /**
     * The officer's assessment beside the provider's self-assessment (newest submitted one), or from a
     * self-assessment, beside the newest shared full assessment.
     */
    async compare(actor: Actor, id: string) {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const first = await loadAssessment(tx, id);
        const otherRow =
          first.kind === 'full'
            ? await repo.latestSubmittedSelfAssessment(tx, first.serviceId)
            : await repo.latestSharedFullAssessment(tx, first.serviceId);
        if (!otherRow)
          return {
            officer: first.kind === 'full' ? first : undefined,
            provider: first.kind === 'self' ? first : undefined,
            comparison: undefined,
          };
        const second = await loadAssessment(tx, otherRow.id);
        const officer = first.kind === 'full' ? first : second;
        const provider = first.kind === 'full' ? second : first;
        const side = (a: Assessment) => ({
          version: a.framework,
          answers: givenAnswers(a),
          domainBands: new Map(a.scores.domains.map((d) => [d.domainId, d.band] as const)),
        });
        return { officer, provider, comparison: compareAssessments(side(officer), side(provider)) };
      });
    },

    /** A service's assessments; a service the actor cannot see (another council's) is not found, never an empty list. */
    async listForService(actor: Actor, serviceId: string): Promise<AssessmentListItem[]> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        await visibleService(tx, serviceId);
        return (await repo.listAssessments(tx, { serviceId, limit: 200, offset: 0 })).map(toListItem);
      });
    },

    /** A page of the assessments the actor may see (a page past the end shows the last), with the total. */
    async list(actor: Actor, filter: ListFilter & { page: number }) {
      authorise(actor, 'assessments.read');
      // Kept while nothing is committed, for the person and the page asked for.
      const key = `assessments.list:${actor.userId}:${actor.orgId}:${actor.role}:${JSON.stringify(filter)}`;
      return store.asUser(actor, (tx) =>
        store.remember(tx, key, async () => {
          const scoped = { ...filter, councilId: councilOf(actor) };
          const total = await repo.countAssessments(tx, scoped);
          const window = pageWindow(total, filter.page, PAGE_SIZE);
          const rows = await repo.listAssessments(tx, { ...scoped, limit: window.limit, offset: window.offset });
          return {
            items: rows.map(toListItem),
            hasMore: window.page < window.pageCount,
            pageSize: PAGE_SIZE,
            total,
            page: window.page,
            pageCount: window.pageCount,
          };
        }),
      );
    },

    /** Every assessment the filter matches, in the list's order, for a spreadsheet. */
    async listAll(actor: Actor, filter: ListFilter): Promise<AssessmentListItem[]> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) =>
        (await repo.listAssessments(tx, { ...filter, councilId: councilOf(actor), limit: null, offset: 0 })).map(toListItem),
      );
    },

    /**
     * What an action plan must address for a completed or published full assessment: every question
     * below the standard and every domain below Good, with the assessment's date.
     */
    async needingAction(actor: Actor, id: string): Promise<BelowStandard & { assessmentId: string; serviceId: string; councilId: string }> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const a = await loadAssessment(tx, id);
        if (a.kind !== 'full' || a.status === 'draft') throw new Conflict('Only a completed or published full assessment produces actions');
        return {
          assessmentId: a.id,
          serviceId: a.serviceId,
          councilId: a.councilId,
          ...belowStandard(toScoringFramework(a.framework), givenAnswers(a), a.scores, a.assessedOn),
        };
      });
    },

    ...answersService(store, options),
    ...reviewService(store),
  };
}

export type AssessmentsService = ReturnType<typeof assessmentsService>;

import type { FastifyReply } from 'fastify';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts } from '../core/forms.ts';
import { paths } from '../core/http/paths.ts';
import type { Assessment } from './assessment.model.ts';
import type { AssessmentsService } from './assessments.service.ts';
import { actionsFor, commentsView, detailsView, scoresView, statusLabel, taskListView } from './assessments.view.ts';
import { KIND_LABELS } from './labels.ts';

const VIEWS = 'assessments/views';

/**
 * An assessment's own page: its details, scores, task list, what the actor may do, and the review's
 * comments. The review's forms (publish, comment) show it again with their errors.
 */
export async function renderOverview(reply: FastifyReply, assessments: AssessmentsService, actor: Actor, a: Assessment, extra: Record<string, unknown> = {}) {
  const comments = actionsFor(actor, a).seesComments ? commentsView(await assessments.comments(actor, a.id), a) : [];
  return reply.render(`${VIEWS}/assessment.njk`, {
    title: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
    a: {
      id: a.id,
      kind: a.kind,
      kindLabel: KIND_LABELS[a.kind],
      status: a.status,
      statusLabel: statusLabel(a),
      serviceName: a.service.name,
      serviceHref: paths.services.show(a.serviceId),
      reviewWindow: a.reviewWindow,
      reviewEndsOn: a.reviewEndsOn,
      accuracyConfirmed: a.accuracyConfirmed,
      publishedDuringReview: a.publishedDuringReview,
      supersededHref: a.supersededById ? paths.assessments.show(a.supersededById) : undefined,
      supersedesHref: a.supersedesId ? paths.assessments.show(a.supersedesId) : undefined,
      version: a.version,
      imported: a.imported,
      domainItems: a.framework.domains.map((d) => ({ value: d.id, text: `${d.number}. ${d.name}` })),
    },
    details: detailsView(a),
    scores: scoresView(a),
    tasks: taskListView(a, { domain: (d) => paths.assessments.domain(a.id, d), check: paths.assessments.check(a.id) }),
    actions: actionsFor(actor, a),
    comments,
    // A report published in a past year is dated then; the form offers today.
    publishedOn: dateParts(today()),
    ...extra,
  });
}

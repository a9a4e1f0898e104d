import type { FastifyInstance, FastifyReply } from 'fastify';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts, postedDateParts } from '../core/forms.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router, type FormErrors, type FormValues } from '../core/http/route.ts';
import type { Assessment } from './assessment.model.ts';
import { completeSchema, domainFormSchema } from './assessments.schemas.ts';
import type { AssessmentsService } from './assessments.service.ts';
import { actionsFor, answersView, questionsView, scoresView } from './assessments.view.ts';
import { KIND_LABELS } from './labels.ts';

const VIEWS = 'assessments/views';

/** Answering an assessment: a page per domain, checking the answers and completing it, or deleting a draft. */
export function answersRoutes(app: FastifyInstance, assessments: AssessmentsService) {
  const route = router(app);

  function renderDomain(reply: FastifyReply, a: Assessment, domainId: string, posted?: FormValues, errors?: FormErrors) {
    const view = questionsView(a, domainId, posted);
    if (!view) return reply.callNotFound();
    const index = a.framework.domains.findIndex((d) => d.id === domainId);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/domain.njk`, {
      title: `${view.domain.number}. ${view.domain.name}`,
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      action: paths.assessments.domain(a.id, domainId),
      confidentialAllowed: a.kind === 'full',
      percentage: a.framework.scoring === 'percentage',
      last: index === a.framework.domains.length - 1,
      ...view,
      errors,
    });
  }

  const domainPage = { access: 'assessments.read', ids: ['id', 'domainId'] } as const;

  route.get(paths.assessments.domain(':id', ':domainId'), domainPage, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    if (!actionsFor(actor, a).editable) return reply.redirect(paths.assessments.report(a.id), 303);
    return renderDomain(reply, a, ids.domainId);
  });

  route.post(
    paths.assessments.domain(':id', ':domainId'),
    {
      ...domainPage,
      body: domainFormSchema,
      invalid: async ({ actor, ids, values, reply }, errors) => renderDomain(reply, await assessments.get(actor, ids.id), ids.domainId, values, errors),
    },
    async ({ actor, ids, body, reply }) => {
      const saved = await assessments.saveDomain(actor, ids.id, ids.domainId, body);
      const domains = saved.framework.domains;
      const next = domains[domains.findIndex((d) => d.id === ids.domainId) + 1];
      if (body.then === 'return' || saved.status !== 'draft') return reply.redirect(paths.assessments.show(ids.id), 303);
      return reply.redirect(next ? paths.assessments.domain(ids.id, next.id) : paths.assessments.check(ids.id), 303);
    },
  );

  async function renderCheck(reply: FastifyReply, actor: Actor, a: Assessment, values: { visitedOn?: unknown; completedOn?: unknown } = {}, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/check.njk`, {
      title: a.kind === 'self' ? 'Check your answers before submitting' : 'Check answers before completing',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      a: { id: a.id, kind: a.kind, status: a.status, needsVisitDate: a.kind === 'full' && !a.visitedOn },
      domains: answersView(a).map((d) => ({ ...d, href: paths.assessments.domain(a.id, d.id) })),
      scores: scoresView(a),
      visitedOn: values.visitedOn ?? dateParts(a.visitedOn),
      // A report written up in a past year is dated then; the form offers today.
      completedOn: values.completedOn ?? dateParts(today()),
      editable: actionsFor(actor, a).editable && a.status === 'draft',
      days: a.kind === 'full' ? await assessments.factualAccuracyDays(actor) : undefined,
      errors,
    });
  }

  route.get(paths.assessments.check(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) =>
    renderCheck(reply, actor, await assessments.get(actor, ids.id)),
  );

  // Completing: the date of the visit is asked for here when the assessment was started without one.
  route.post(
    paths.assessments.check(':id'),
    {
      access: 'assessments.read',
      ids: ['id'],
      body: completeSchema,
      dates: ['visitedOn', 'completedOn'],
      invalid: async ({ actor, ids, values, reply }, errors) =>
        renderCheck(
          reply,
          actor,
          await assessments.get(actor, ids.id),
          { visitedOn: postedDateParts(values, 'visitedOn'), completedOn: postedDateParts(values, 'completedOn') },
          errors,
        ),
    },
    async ({ actor, ids, body, reply }) => {
      await assessments.complete(actor, ids.id, {
        ...(body.visitedOn ? { visitedOn: body.visitedOn } : {}),
        ...(body.completedOn ? { completedOn: body.completedOn } : {}),
      });
      return reply.redirect(paths.assessments.show(ids.id), 303);
    },
  );

  route.get(paths.assessments.discard(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    if (!actionsFor(actor, a).canDiscard) return reply.redirect(paths.assessments.show(a.id), 303);
    return reply.render(`${VIEWS}/discard.njk`, {
      title: 'Delete this draft',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      action: paths.assessments.discard(a.id),
    });
  });

  route.post(paths.assessments.discard(':id'), { access: 'assessments.read', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    await assessments.discard(actor, a.id);
    return reply.redirect(paths.services.show(a.serviceId), 303);
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { dateParts, foldDateInputs, text } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { compareView } from './compare.view.ts';
import { providerOverrated } from './assessment.rules.ts';
import type { Assessment, AssessmentsService } from './assessments.service.ts';
import {
  actionsFor,
  answersView,
  commentsView,
  detailsView,
  questionsView,
  reportModel,
  scoresView,
  statusLabel,
  taskListView,
} from './assessments.view.ts';
import { formBody, formErrors, idParam, queryValue } from './http.ts';
import { KIND_LABELS, SELF_STATUS_LABELS, STATUS_LABELS, bandTagClass } from './labels.ts';
import { resultText } from './assessments.extensions.ts';
import { reportPdf } from './report.pdf.ts';

const VIEWS = 'assessments/views';

/** The assessment pages: start, task list by domain, a page per domain, check answers, review, publish, correct, compare, report. */
export function assessmentsRoutes(app: FastifyInstance, assessments: AssessmentsService) {
  async function overview(reply: FastifyReply, actor: Actor, a: Assessment, extra: Record<string, unknown> = {}) {
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
        domainItems: a.framework.domains.map((d) => ({ value: d.id, text: `${d.number}. ${d.name}` })),
      },
      details: detailsView(a),
      scores: scoresView(a),
      tasks: taskListView(a, { domain: (d) => paths.assessments.domain(a.id, d), check: paths.assessments.check(a.id) }),
      actions: actionsFor(actor, a),
      comments,
      ...extra,
    });
  }

  app.get(paths.assessments.list, async (request, reply) => {
    const actor = requireActor(request);
    const status = ['draft', 'completed', 'published'].find((s) => s === queryValue(request, 'status')) as Assessment['status'] | undefined;
    const kind = ['full', 'self'].find((k) => k === queryValue(request, 'kind')) as Assessment['kind'] | undefined;
    const pageText = queryValue(request, 'page');
    const page = pageText && /^\d{1,5}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
    const result = await assessments.list(actor, { ...(status ? { status } : {}), ...(kind ? { kind } : {}), page });
    const link = (p: number) => withQuery(paths.assessments.list, { status, kind, page: p });
    return reply.render(`${VIEWS}/list.njk`, {
      title: 'Assessments',
      section: 'assessments',
      filter: { status, kind },
      statusItems: [
        { value: '', text: 'Any status' },
        ...Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text, selected: value === status })),
      ],
      kindItems: [{ value: '', text: 'Any kind' }, ...Object.entries(KIND_LABELS).map(([value, text]) => ({ value, text, selected: value === kind }))],
      rows: result.items.map((item) => ({
        href: paths.assessments.show(item.id),
        serviceName: item.serviceName,
        kind: KIND_LABELS[item.kind],
        status: (item.kind === 'self' ? SELF_STATUS_LABELS : STATUS_LABELS)[item.status],
        corrected: item.supersededById !== null,
        result: resultText(item.band, item.percent, item.requiresImprovementLabel),
        tagClass: bandTagClass(item.band),
        date: item.publishedOn ?? item.completedOn ?? item.visitedOn,
        createdBy: item.createdBy,
      })),
      pagination: {
        ...(page > 1 ? { previous: { href: link(page - 1) } } : {}),
        ...(result.hasMore ? { next: { href: link(page + 1) } } : {}),
      },
    });
  });

  async function renderStart(reply: FastifyReply, actor: Actor, serviceId: string, values: Record<string, unknown>, errors?: unknown) {
    const options = await assessments.startOptions(actor, serviceId);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/start.njk`, {
      title: options.kind === 'self' ? 'Start a self-assessment' : 'Start an assessment',
      backLink: paths.services.show(serviceId),
      kind: options.kind,
      service: options.service,
      action: paths.assessments.start(serviceId),
      frameworkItems: options.frameworks.map((f) => ({
        value: f.frameworkId,
        text: `${f.name} (version ${f.version})`,
        hint: { text: f.description ?? '' },
        checked: values.frameworkId === f.frameworkId || options.frameworks.length === 1,
      })),
      visitedOn: values.visitedOn ?? { day: '', month: '', year: '' },
      canManageFrameworks: can(actor, 'frameworks.manage'),
      errors,
    });
  }

  app.get(paths.assessments.start(':id'), async (request, reply) => renderStart(reply, requireActor(request), idParam(request), {}));

  app.post(paths.assessments.start(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const serviceId = idParam(request);
    const body = formBody(request);
    foldDateInputs(body, 'visitedOn');
    const kind = can(actor, 'assessments.conduct') ? 'full' : 'self';
    try {
      const { id } = await assessments.start(actor, { ...body, serviceId, kind });
      return reply.redirect(paths.assessments.show(id), 303);
    } catch (error) {
      const errors = formErrors(error, ['visitedOn']);
      if (!errors) throw error;
      return renderStart(reply, actor, serviceId, { frameworkId: body.frameworkId, visitedOn: partsOf(body, 'visitedOn') }, errors);
    }
  });

  app.get(paths.assessments.show(':id'), async (request, reply) => {
    const actor = requireActor(request);
    return overview(reply, actor, await assessments.get(actor, idParam(request)));
  });

  async function renderDomain(reply: FastifyReply, a: Assessment, domainId: string, posted?: Record<string, unknown>, errors?: unknown) {
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

  app.get(paths.assessments.domain(':id', ':domainId'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    if (!actionsFor(actor, a).editable) return reply.redirect(paths.assessments.report(a.id), 303);
    return renderDomain(reply, a, idParam(request, 'domainId'));
  });

  app.post(paths.assessments.domain(':id', ':domainId'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const domainId = idParam(request, 'domainId');
    const body = formBody(request);
    let saved: Assessment;
    try {
      saved = await assessments.saveDomain(actor, id, domainId, body);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderDomain(reply, await assessments.get(actor, id), domainId, body, errors);
    }
    const domains = saved.framework.domains;
    const next = domains[domains.findIndex((d) => d.id === domainId) + 1];
    if (body.then === 'return' || saved.status !== 'draft') return reply.redirect(paths.assessments.show(id), 303);
    return reply.redirect(next ? paths.assessments.domain(id, next.id) : paths.assessments.check(id), 303);
  });

  async function renderCheck(reply: FastifyReply, actor: Actor, a: Assessment, values: Record<string, unknown> = {}, errors?: unknown) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/check.njk`, {
      title: a.kind === 'self' ? 'Check your answers before submitting' : 'Check answers before completing',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      a: { id: a.id, kind: a.kind, status: a.status, needsVisitDate: a.kind === 'full' && !a.visitedOn },
      domains: answersView(a).map((d) => ({ ...d, href: paths.assessments.domain(a.id, d.id) })),
      scores: scoresView(a),
      visitedOn: values.visitedOn ?? dateParts(a.visitedOn),
      editable: actionsFor(actor, a).editable && a.status === 'draft',
      days: a.kind === 'full' ? await assessments.factualAccuracyDays(actor) : undefined,
      errors,
    });
  }

  app.get(paths.assessments.check(':id'), async (request, reply) => {
    const actor = requireActor(request);
    return renderCheck(reply, actor, await assessments.get(actor, idParam(request)));
  });

  app.post(paths.assessments.check(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request);
    if ('visitedOn-day' in body) foldDateInputs(body, 'visitedOn');
    try {
      await assessments.complete(actor, id, body.visitedOn ? { visitedOn: body.visitedOn } : {});
    } catch (error) {
      const errors = formErrors(error, ['visitedOn']);
      if (!errors) throw error;
      return renderCheck(reply, actor, await assessments.get(actor, id), { visitedOn: partsOf(body, 'visitedOn') }, errors);
    }
    return reply.redirect(paths.assessments.show(id), 303);
  });

  app.post(paths.assessments.publish(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const a = await assessments.get(actor, id);
    const body = formBody(request);
    // Publishing while the provider can still comment closes its window early, so it needs saying so.
    if (a.reviewWindow === 'open' && body.publishEarly !== 'yes') {
      const errors = formErrors(new Invalid([{ path: 'publishEarly', message: 'Confirm that you want to publish before the provider’s factual accuracy window ends' }]));
      return overview(reply.code(400), actor, a, { errors });
    }
    await assessments.publish(actor, id);
    return reply.redirect(paths.assessments.show(id), 303);
  });

  app.post(paths.assessments.comments(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request);
    try {
      await assessments.comment(actor, id, body);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return overview(reply.code(400), actor, await assessments.get(actor, id), { errors, commentValues: body });
    }
    return reply.redirect(`${paths.assessments.show(id)}#review`, 303);
  });

  app.post(paths.assessments.confirmAccuracy(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    await assessments.confirmAccuracy(actor, id);
    return reply.redirect(`${paths.assessments.show(id)}#review`, 303);
  });

  async function renderCorrect(reply: FastifyReply, a: Assessment, values: Record<string, unknown> = {}, errors?: unknown) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/correct.njk`, {
      title: 'Correct a published report',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      action: paths.assessments.correct(a.id),
      publishedOn: a.publishedOn,
      values,
      errors,
    });
  }

  app.get(paths.assessments.correct(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    if (!actionsFor(actor, a).canCorrect) return reply.redirect(paths.assessments.show(a.id), 303);
    return renderCorrect(reply, a);
  });

  app.post(paths.assessments.correct(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const body = formBody(request);
    try {
      const correctionId = await assessments.correct(actor, id, body);
      return reply.redirect(paths.assessments.show(correctionId), 303);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderCorrect(reply, await assessments.get(actor, id), body, errors);
    }
  });

  app.get(paths.assessments.discard(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    if (!actionsFor(actor, a).canDiscard) return reply.redirect(paths.assessments.show(a.id), 303);
    return reply.render(`${VIEWS}/discard.njk`, {
      title: 'Delete this draft',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      action: paths.assessments.discard(a.id),
    });
  });

  app.post(paths.assessments.discard(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    await assessments.discard(actor, a.id);
    return reply.redirect(paths.services.show(a.serviceId), 303);
  });

  app.get(paths.assessments.compare(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const result = await assessments.compare(actor, idParam(request));
    const self = result.officer ?? result.provider!;
    return reply.render(`${VIEWS}/compare.njk`, {
      title: 'Self-assessment and officer’s assessment',
      backLink: paths.assessments.show(idParam(request)),
      caption: self.service.name,
      ...compareView(result),
      overrated: (result.comparison?.domains ?? []).filter((d) => providerOverrated(d.provider, d.officer)).length,
    });
  });

  app.get(paths.assessments.report(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    return reply.render(`${VIEWS}/report.njk`, {
      title: `Quality assessment report: ${a.service.name}`,
      backLink: paths.assessments.show(a.id),
      report: reportModel(a),
      pdfHref: paths.assessments.pdf(a.id),
    });
  });

  app.get(paths.assessments.pdf(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const a = await assessments.get(actor, idParam(request));
    const pdf = await reportPdf(reportModel(a));
    const name = `assessment-${a.service.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${a.assessedOn}.pdf`;
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(pdf);
  });
}

function partsOf(body: Record<string, unknown>, name: string) {
  return { day: text(body[`${name}-day`]), month: text(body[`${name}-month`]), year: text(body[`${name}-year`]) };
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { formErrors, formBody, idParam, list, queryValue, text, type FormErrors } from '../actions/http.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { JOINT_PARTNERS, JOINT_PARTNER_LABELS, VISIT_KINDS, VISIT_KIND_HINTS, VISIT_KIND_LABELS, type VisitState } from './visit.rules.ts';
import type { Visit, VisitsService } from './visits.service.ts';

const VIEWS = 'visits/views';

const STATE_TAGS: Record<VisitState, string> = {
  done: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
  overdue: 'govuk-tag--red',
  due_soon: 'govuk-tag--orange',
  planned: 'govuk-tag--blue',
  to_arrange: 'govuk-tag--yellow',
};

const SAVED: Record<string, string> = {
  planned: 'Visit planned',
  recorded: 'Visit recorded',
  rearranged: 'Visit rearranged',
  cancelled: 'Visit cancelled',
};

type DateValue = { day: string; month: string; year: string };
const dateValue = (body: Record<string, unknown>, name: string): DateValue => ({ day: text(body[`${name}-day`]), month: text(body[`${name}-month`]), year: text(body[`${name}-year`]) });

export function visitView(v: Visit) {
  return {
    ...v,
    tag: { text: v.stateLabel, classes: STATE_TAGS[v.state] },
    href: paths.visits.show(v.id),
    serviceHref: paths.services.show(v.serviceId),
    recordHref: paths.visits.record(v.id),
    rearrangeHref: paths.visits.rearrange(v.id),
    cancelHref: paths.visits.cancel(v.id),
    assessmentHref: v.assessmentId ? paths.assessments.show(v.assessmentId) : null,
    actionPlanHref: v.actionPlanId ? paths.actionPlans.show(v.actionPlanId) : null,
    open: v.state !== 'done' && v.state !== 'cancelled',
  };
}

/** The visit pages: each service's visits, planning a visit, recording one, rearranging and cancelling. */
export function visitsRoutes(app: FastifyInstance, visits: VisitsService) {
  app.get(paths.visits.forService(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { service, visits: items } = await visits.forService(actor, idParam(request));
    return reply.render(`${VIEWS}/visits.njk`, {
      title: `Visits: ${service.name}`,
      section: 'services',
      service: { ...service, href: paths.services.show(service.id) },
      visits: items.map(visitView),
      planHref: paths.visits.plan(service.id),
      recordHref: paths.visits.recordNew(service.id),
      saved: SAVED[queryValue(request, 'saved') ?? ''],
      backLink: paths.services.show(service.id),
    });
  });

  async function renderVisitForm(reply: FastifyReply, actor: Actor, serviceId: string, mode: 'plan' | 'record', body: Record<string, unknown>, errors?: FormErrors) {
    const options = await visits.formOptions(actor, serviceId);
    const kind = text(body.kind);
    const officerId = text(body.officerId) || (mode === 'plan' ? '' : actor.userId);
    const jointWith = list(body.jointWith);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/visit-form.njk`, {
      title: `${mode === 'plan' ? 'Plan a visit' : 'Record a visit'}: ${options.service.name}`,
      section: 'services',
      mode,
      caption: options.service.name,
      formAction: mode === 'plan' ? paths.visits.plan(serviceId) : paths.visits.recordNew(serviceId),
      kindItems: VISIT_KINDS.map((k) => ({ value: k, text: VISIT_KIND_LABELS[k], hint: { text: VISIT_KIND_HINTS[k] }, checked: k === kind })),
      jointItems: JOINT_PARTNERS.map((p) => ({ value: p, text: JOINT_PARTNER_LABELS[p], checked: jointWith.includes(p) })),
      officerItems: [
        { value: '', text: mode === 'plan' ? 'You' : 'Select an officer', selected: !officerId },
        ...options.officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === officerId })),
      ],
      assessmentItems: [
        { value: '', text: 'None' },
        ...options.assessments.map((a) => ({ value: a.id, text: `Assessment${a.visited_on ? ` visited ${ukDate(a.visited_on)}` : ` started ${ukDate(a.created_at)}`} (${a.status})`, selected: a.id === text(body.assessmentId) })),
      ],
      planItems: [
        { value: '', text: 'None' },
        ...options.plans.map((p) => ({ value: p.id, text: `Action plan of the assessment of ${ukDate(p.assessed_on)}`, selected: p.id === text(body.actionPlanId) })),
      ],
      values: {
        plannedOn: dateValue(body, 'plannedOn'),
        dueBy: dateValue(body, 'dueBy'),
        visitedOn: dateValue(body, 'visitedOn'),
        purpose: text(body.purpose),
        outcome: text(body.outcome),
        jointDetail: text(body.jointDetail),
      },
      errors,
      backLink: paths.visits.forService(serviceId),
    });
  }

  const DATE_FIELDS = ['plannedOn', 'dueBy', 'visitedOn'];
  for (const mode of ['plan', 'record'] as const) {
    const path = mode === 'plan' ? paths.visits.plan(':id') : paths.visits.recordNew(':id');
    app.get(path, async (request, reply) => renderVisitForm(reply, requireActor(request), idParam(request), mode, {}));
    app.post(path, async (request, reply) => {
      const actor = requireActor(request);
      const serviceId = idParam(request);
      const body = formBody(request, mode === 'plan' ? ['plannedOn', 'dueBy'] : ['visitedOn']);
      try {
        const visit = mode === 'plan' ? await visits.plan(actor, serviceId, body) : await visits.recordNew(actor, serviceId, body);
        return reply.redirect(withQuery(paths.visits.show(visit.id), { saved: mode === 'plan' ? 'planned' : 'recorded' }), 303);
      } catch (error) {
        const errors = formErrors(error, DATE_FIELDS);
        if (!errors) throw error;
        return renderVisitForm(reply, actor, serviceId, mode, body, errors);
      }
    });
  }

  app.get(paths.visits.show(':id'), async (request, reply) => {
    const visit = await visits.get(requireActor(request), idParam(request));
    return reply.render(`${VIEWS}/visit.njk`, {
      title: `${visit.kindLabel}: ${visit.serviceName}`,
      section: 'services',
      visit: visitView(visit),
      saved: SAVED[queryValue(request, 'saved') ?? ''],
      backLink: paths.visits.forService(visit.serviceId),
    });
  });

  /** The small forms on one visit: record it, rearrange it, cancel it. */
  function visitStep(
    path: string,
    template: string,
    heading: string,
    dateFields: readonly string[],
    initial: (v: Visit) => Record<string, unknown>,
    run: (actor: Actor, id: string, body: Record<string, unknown>) => Promise<Visit>,
    saved: string,
  ) {
    async function render(reply: FastifyReply, actor: Actor, id: string, values: Record<string, unknown>, errors?: FormErrors) {
      const visit = await visits.get(actor, id);
      const options = await visits.formOptions(actor, visit.serviceId);
      const officerId = text(values.officerId);
      return reply.code(errors ? 400 : 200).render(`${VIEWS}/${template}`, {
        title: `${heading}: ${visit.serviceName}`,
        section: 'services',
        heading,
        visit: visitView(visit),
        formAction: path.replace(':id', id),
        officerItems: options.officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === officerId })),
        values: { ...Object.fromEntries(dateFields.map((f) => [f, dateValue(values, f)])), outcome: text(values.outcome), purpose: text(values.purpose), reason: text(values.reason) },
        errors,
        backLink: paths.visits.show(id),
      });
    }
    app.get(path, async (request, reply) => {
      const actor = requireActor(request);
      const id = idParam(request);
      return render(reply, actor, id, initial(await visits.get(actor, id)));
    });
    app.post(path, async (request, reply) => {
      const actor = requireActor(request);
      const id = idParam(request);
      const body = formBody(request, dateFields);
      try {
        await run(actor, id, body);
      } catch (error) {
        const errors = formErrors(error, dateFields);
        if (!errors) throw error;
        return render(reply, actor, id, body, errors);
      }
      return reply.redirect(withQuery(paths.visits.show(id), { saved }), 303);
    });
  }

  const spread = (name: string, iso: string | null) => {
    const p = dateParts(iso);
    return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year };
  };

  visitStep(
    paths.visits.record(':id'),
    'record.njk',
    'Record the visit',
    ['visitedOn'],
    (v) => ({ ...spread('visitedOn', v.visitedOn ?? (v.plannedOn && v.plannedOn <= visits.today() ? v.plannedOn : null)), outcome: v.outcome ?? '', officerId: v.officer?.id ?? '' }),
    (actor, id, body) => visits.record(actor, id, body),
    'recorded',
  );
  visitStep(
    paths.visits.rearrange(':id'),
    'rearrange.njk',
    'Rearrange the visit',
    ['plannedOn'],
    (v) => ({ ...spread('plannedOn', v.plannedOn), purpose: v.purpose ?? '', officerId: v.officer?.id ?? '' }),
    (actor, id, body) => visits.rearrange(actor, id, body),
    'rearranged',
  );
  visitStep(paths.visits.cancel(':id'), 'cancel.njk', 'Cancel the visit', [], () => ({}), (actor, id, body) => visits.cancel(actor, id, body), 'cancelled');
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts, postedDateParts, text, textList } from '../core/forms.ts';
import { NotFound } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { sendCsv } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors, type FormValues } from '../core/http/route.ts';
import { ukDate } from '../core/http/views.ts';
import type { Visit } from './visit.model.ts';
import { JOINT_PARTNERS, JOINT_PARTNER_LABELS, VISIT_KINDS, VISIT_KIND_HINTS, VISIT_KIND_LABELS } from './visit.rules.ts';
import { cancelVisitSchema, planVisitSchema, rearrangeVisitSchema, recordNewVisitSchema, recordVisitSchema, visitsCsvQuery } from './visits.schemas.ts';
import type { VisitsService } from './visits.service.ts';
import { visitView } from './visits.view.ts';

const VIEWS = 'visits/views';

const SAVED: Record<string, string> = {
  planned: 'Visit planned',
  recorded: 'Visit recorded',
  rearranged: 'Visit rearranged',
  cancelled: 'Visit cancelled',
};

/** The visit pages: each service's visits, planning a visit, recording one, rearranging and cancelling. */
export function visitsRoutes(app: FastifyInstance, visits: VisitsService) {
  const route = router(app);

  // The council's visits (or one service's) for a spreadsheet: what happened, what is planned, what was cancelled.
  route.get(paths.visits.csv, { access: 'visits.read', query: visitsCsvQuery }, async ({ actor, query, reply }) => {
    if (query.serviceId !== undefined && !isUuid(query.serviceId)) throw new NotFound('Service');
    const items = await visits.councilVisits(actor, query.serviceId);
    return sendCsv(
      reply,
      'visits.csv',
      ['Service', 'Provider', 'Visit', 'Due by', 'Planned for', 'Visited on', 'Cancelled on', 'Officer', 'Status', 'Purpose', 'Outcome'],
      items.map((v) => [v.serviceName, v.providerName, v.kindLabel, v.dueBy, v.plannedOn, v.visitedOn, v.cancelledOn, v.officer?.name, v.stateLabel, v.purpose, v.outcome]),
    );
  });

  route.get(paths.visits.forService(':id'), { access: 'visits.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const { service, visits: items } = await visits.forService(actor, ids.id);
    return reply.render(`${VIEWS}/visits.njk`, {
      title: `Visits: ${service.name}`,
      section: 'services',
      service: { ...service, href: paths.services.show(service.id) },
      visits: items.map(visitView),
      planHref: paths.visits.plan(service.id),
      recordHref: paths.visits.recordNew(service.id),
      csvHref: withQuery(paths.visits.csv, { serviceId: service.id }),
      allCsvHref: paths.visits.csv,
      saved: SAVED[query.saved ?? ''],
      backLink: paths.services.show(service.id),
    });
  });

  async function renderVisitForm(reply: FastifyReply, actor: Actor, serviceId: string, mode: 'plan' | 'record', values: FormValues, errors?: FormErrors) {
    const options = await visits.formOptions(actor, serviceId);
    const kind = text(values.kind);
    const officerId = text(values.officerId) || (mode === 'plan' ? '' : actor.userId);
    const jointWith = textList(values.jointWith);
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
        ...options.assessments.map((a) => ({ value: a.id, text: `Assessment${a.visitedOn ? ` visited ${ukDate(a.visitedOn)}` : ` started ${ukDate(a.createdAt)}`} (${a.status})`, selected: a.id === text(values.assessmentId) })),
      ],
      planItems: [
        { value: '', text: 'None' },
        ...options.plans.map((p) => ({ value: p.id, text: `Action plan of the assessment of ${ukDate(p.assessedOn)}`, selected: p.id === text(values.actionPlanId) })),
      ],
      values: {
        plannedOn: postedDateParts(values, 'plannedOn'),
        dueBy: postedDateParts(values, 'dueBy'),
        visitedOn: postedDateParts(values, 'visitedOn'),
        purpose: text(values.purpose),
        outcome: text(values.outcome),
        jointDetail: text(values.jointDetail),
      },
      errors,
      backLink: paths.visits.forService(serviceId),
    });
  }

  // Planning a visit, and recording one that happened without being planned here first. The schemas
  // compare with today, so they are made for each request.
  const newVisitForms = [
    { mode: 'plan', path: paths.visits.plan(':id'), body: z.lazy(() => planVisitSchema(today())), dates: ['plannedOn', 'dueBy'], save: (actor: Actor, id: string, body: unknown) => visits.plan(actor, id, body), saved: 'planned' },
    { mode: 'record', path: paths.visits.recordNew(':id'), body: z.lazy(() => recordNewVisitSchema(today())), dates: ['visitedOn'], save: (actor: Actor, id: string, body: unknown) => visits.recordNew(actor, id, body), saved: 'recorded' },
  ] as const;
  for (const form of newVisitForms) {
    route.get(form.path, { access: 'visits.write', ids: ['id'] }, ({ actor, ids, reply }) => renderVisitForm(reply, actor, ids.id, form.mode, {}));
    route.post(
      form.path,
      {
        access: 'visits.write',
        ids: ['id'],
        body: form.body,
        dates: form.dates,
        invalid: ({ actor, ids, values, reply }, errors) => renderVisitForm(reply, actor, ids.id, form.mode, values, errors),
      },
      async ({ actor, ids, body, reply }) => {
        const visit = await form.save(actor, ids.id, body);
        return reply.redirect(withQuery(paths.visits.show(visit.id), { saved: form.saved }), 303);
      },
    );
  }

  route.get(paths.visits.show(':id'), { access: 'visits.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const visit = await visits.get(actor, ids.id);
    return reply.render(`${VIEWS}/visit.njk`, {
      title: `${visit.kindLabel}: ${visit.serviceName}`,
      section: 'services',
      visit: visitView(visit),
      saved: SAVED[query.saved ?? ''],
      backLink: paths.visits.forService(visit.serviceId),
    });
  });

  /** The small forms on one visit: record it, rearrange it, cancel it. */
  function visitStep<T>(step: {
    path: string;
    template: string;
    heading: string;
    body: z.ZodType<T>;
    dates: readonly string[];
    initial: (v: Visit) => FormValues;
    run: (actor: Actor, id: string, body: T) => Promise<Visit>;
    saved: string;
  }) {
    async function render(reply: FastifyReply, actor: Actor, id: string, values: FormValues, errors?: FormErrors) {
      const visit = await visits.get(actor, id);
      const options = await visits.formOptions(actor, visit.serviceId);
      const officerId = text(values.officerId);
      return reply.code(errors ? 400 : 200).render(`${VIEWS}/${step.template}`, {
        title: `${step.heading}: ${visit.serviceName}`,
        section: 'services',
        heading: step.heading,
        visit: visitView(visit),
        formAction: step.path.replace(':id', id),
        officerItems: options.officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === officerId })),
        values: { ...Object.fromEntries(step.dates.map((f) => [f, postedDateParts(values, f)])), outcome: text(values.outcome), purpose: text(values.purpose), reason: text(values.reason) },
        errors,
        backLink: paths.visits.show(id),
      });
    }
    route.get(step.path, { access: 'visits.write', ids: ['id'] }, async ({ actor, ids, reply }) => render(reply, actor, ids.id, step.initial(await visits.get(actor, ids.id))));
    route.post(
      step.path,
      { access: 'visits.write', ids: ['id'], body: step.body, dates: step.dates, invalid: ({ actor, ids, values, reply }, errors) => render(reply, actor, ids.id, values, errors) },
      async ({ actor, ids, body, reply }) => {
        await step.run(actor, ids.id, body);
        return reply.redirect(withQuery(paths.visits.show(ids.id), { saved: step.saved }), 303);
      },
    );
  }

  const spread = (name: string, iso: string | null) => {
    const p = dateParts(iso);
    return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year };
  };

  visitStep({
    path: paths.visits.record(':id'),
    template: 'record.njk',
    heading: 'Record the visit',
    body: z.lazy(() => recordVisitSchema(today())),
    dates: ['visitedOn'],
    initial: (v) => ({ ...spread('visitedOn', v.visitedOn ?? (v.plannedOn && v.plannedOn <= today() ? v.plannedOn : null)), outcome: v.outcome ?? '', officerId: v.officer?.id ?? '' }),
    run: (actor, id, body) => visits.record(actor, id, body),
    saved: 'recorded',
  });
  visitStep({
    path: paths.visits.rearrange(':id'),
    template: 'rearrange.njk',
    heading: 'Rearrange the visit',
    body: z.lazy(() => rearrangeVisitSchema(today())),
    dates: ['plannedOn'],
    initial: (v) => ({ ...spread('plannedOn', v.plannedOn), purpose: v.purpose ?? '', officerId: v.officer?.id ?? '' }),
    run: (actor, id, body) => visits.rearrange(actor, id, body),
    saved: 'rearranged',
  });
  visitStep({ path: paths.visits.cancel(':id'), template: 'cancel.njk', heading: 'Cancel the visit', body: cancelVisitSchema, dates: [], initial: () => ({}), run: (actor, id, body) => visits.cancel(actor, id, body), saved: 'cancelled' });
}

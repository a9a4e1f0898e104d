import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { today } from '../../core/clock.ts';
import type { Actor } from '../../core/db/database.ts';
import { choices, pageNumber, text, textList } from '../../core/forms.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { router, type FormErrors } from '../../core/http/route.ts';
import { SEVERITIES, THEMES } from '../intelligence.rules.ts';
import { CONSENT, REPORT_STATUSES, ROUTED_TO, ROUTES, type ReportStatus } from './concern.rules.ts';
import { closeSchema, linkSchema, routeOnwardSchema, type ConcernsService } from './concerns.service.ts';

const VIEWS = 'intelligence/views/concerns';
const STATUS_KEYS = Object.keys(REPORT_STATUSES) as ReportStatus[];

/** The queue's tab (as given: the page falls back to new reports) and page. */
const queueQuerySchema = z.object({ status: z.string().optional().catch(undefined), page: pageNumber() });

const BANNERS: Record<string, string> = {
  linked: 'Report linked to the service as intelligence',
  routed: 'Report recorded as routed onward',
  closed: 'Report closed',
};

/** The council's triage queue of public concern reports, and the three things an officer does with one. */
export function triageRoutes(app: FastifyInstance, concerns: ConcernsService) {
  const route = router(app);

  route.get(paths.triage.queue, { access: 'concerns.triage', query: queueQuerySchema }, async ({ actor, query: q, reply }) => {
    const status = (STATUS_KEYS as string[]).includes(q.status ?? '') ? (q.status as ReportStatus) : 'new';
    const result = await concerns.queue(actor, status, q.page);
    const pageHref = (page: number) => withQuery(paths.triage.queue, { status: status === 'new' ? undefined : status, page: page > 1 ? page : undefined });
    return reply.render(`${VIEWS}/triage-queue.njk`, {
      title: 'Reports from the public',
      section: 'triage',
      status,
      statusText: REPORT_STATUSES[status],
      tabs: STATUS_KEYS.map((key) => ({
        text: REPORT_STATUSES[key],
        count: result.counts[key] ?? 0,
        href: withQuery(paths.triage.queue, { status: key === 'new' ? undefined : key }),
        current: key === status,
      })),
      items: result.items.map((r) => ({
        ...r,
        href: paths.triage.show(r.id),
        routeText: ROUTES[r.route].label,
        statusText: REPORT_STATUSES[r.status],
      })),
      total: result.total,
      pagination:
        result.pageCount > 1
          ? {
              ...(result.page > 1 ? { previous: { href: pageHref(result.page - 1) } } : {}),
              ...(result.page < result.pageCount ? { next: { href: pageHref(result.page + 1) } } : {}),
            }
          : undefined,
    });
  });

  async function renderReport(reply: FastifyReply, actor: Actor, id: string, form: { body?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const { report, history, services, actions } = await concerns.report(actor, id);
    const body = form.body ?? {};
    const chosenService = text(body.serviceId) || report.service?.id || '';
    return reply.code(form.errors ? 400 : 200).render(`${VIEWS}/triage-report.njk`, {
      title: `Report ${report.reference}`,
      section: 'triage',
      backLink: paths.triage.queue,
      saved: BANNERS[text((reply.request.query as Record<string, unknown> | undefined)?.saved)],
      report: {
        ...report,
        routeText: ROUTES[report.route].label,
        statusText: REPORT_STATUSES[report.status],
        routedToText: report.routedTo ? ROUTED_TO[report.routedTo] : undefined,
        consentText: report.person.consent ? CONSENT[report.person.consent] : undefined,
        linkedHref: report.linked ? paths.intelligence.show(report.linked.intelligenceId) : undefined,
      },
      history: history.map((h) => ({ ...h, statusText: REPORT_STATUSES[h.status] ?? h.status, routedToText: h.routedTo ? ROUTED_TO[h.routedTo] : undefined })),
      actions,
      linkAction: paths.triage.link(id),
      routeAction: paths.triage.routeOnward(id),
      closeAction: paths.triage.close(id),
      serviceItems: [{ value: '', text: 'Select a service' }, ...services.map((s) => ({ value: s.id, text: `${s.name} (${s.postcode})`, selected: s.id === chosenService }))],
      themeItems: choices(THEMES, textList(body.themes)),
      severityItems: choices(SEVERITIES, text(body.severity)),
      routedToItems: choices(ROUTED_TO, text(body.routedTo) || (report.route === 'abuse_or_neglect' ? 'safeguarding' : report.route === 'self_neglect' ? 'adult_social_care' : '')),
      values: { linkNote: text(body.linkNote), routeNote: text(body.routeNote), closeNote: text(body.closeNote) },
      today: today(),
      errors: form.errors,
    });
  }

  route.get(paths.triage.show(':id'), { access: 'concerns.triage', ids: ['id'] }, ({ actor, ids, reply }) => renderReport(reply, actor, ids.id));

  /** One of the three things an officer does with a report: on refusal, the report again with the errors and what was typed. */
  function action<S extends z.ZodType>(path: string, body: S, run: (actor: Actor, id: string, input: z.output<S>) => Promise<unknown>, banner: string) {
    route.post(
      path,
      { access: 'concerns.triage', ids: ['id'], body, invalid: ({ actor, ids, values, reply }, errors) => renderReport(reply, actor, ids.id, { body: values, errors }) },
      async ({ actor, ids, body: input, reply }) => {
        await run(actor, ids.id, input as z.output<S>);
        return reply.redirect(withQuery(paths.triage.show(ids.id), { saved: banner }), 303);
      },
    );
  }

  action(paths.triage.link(':id'), linkSchema, (actor, id, input) => concerns.link(actor, id, input), 'linked');
  action(paths.triage.routeOnward(':id'), routeOnwardSchema, (actor, id, input) => concerns.routeOnward(actor, id, input), 'routed');
  action(paths.triage.close(':id'), closeSchema, (actor, id, input) => concerns.close(actor, id, input), 'closed');
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../core/db/database.ts';
import { authorise } from '../../core/auth/permissions.ts';
import { Invalid } from '../../core/errors.ts';
import { errorViewModel } from '../../core/forms.ts';
import { requireActor } from '../../core/http/app.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { choices, formBody, idParam, pageNumber, query } from '../http.ts';
import { SEVERITIES, THEMES, ukToday } from '../intelligence.rules.ts';
import { CONSENT, REPORT_STATUSES, ROUTED_TO, ROUTES, type ReportStatus } from './concern.rules.ts';
import type { ConcernsService } from './concerns.service.ts';

const VIEWS = 'intelligence/views/concerns';
const STATUS_KEYS = Object.keys(REPORT_STATUSES) as ReportStatus[];

const BANNERS: Record<string, string> = {
  linked: 'Report linked to the service as intelligence',
  routed: 'Report recorded as routed onward',
  closed: 'Report closed',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

/** The council's triage queue of public concern reports, and the three things an officer does with one. */
export function triageRoutes(app: FastifyInstance, concerns: ConcernsService) {
  app.get(paths.triage.queue, async (request, reply) => {
    const actor = requireActor(request);
    const q = query(request);
    const status = (STATUS_KEYS as string[]).includes(q.status ?? '') ? (q.status as ReportStatus) : 'new';
    const result = await concerns.queue(actor, status, pageNumber(q.page));
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

  async function renderReport(reply: FastifyReply, actor: Actor, id: string, form: { body?: Record<string, unknown>; errors?: ReturnType<typeof errorViewModel> } = {}) {
    const { report, history, services, actions } = await concerns.report(actor, id);
    const body = form.body ?? {};
    const chosenService = text(body.serviceId) || report.service?.id || '';
    return reply.code(form.errors ? 400 : 200).render(`${VIEWS}/triage-report.njk`, {
      title: `Report ${report.reference}`,
      section: 'triage',
      backLink: paths.triage.queue,
      saved: BANNERS[text((reply.request.query as Record<string, unknown>)?.saved)],
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
      themeItems: choices(THEMES, list(body.themes)),
      severityItems: choices(SEVERITIES, text(body.severity)),
      routedToItems: choices(ROUTED_TO, text(body.routedTo) || (report.route === 'abuse_or_neglect' ? 'safeguarding' : report.route === 'self_neglect' ? 'adult_social_care' : '')),
      values: { linkNote: text(body.linkNote), routeNote: text(body.routeNote), closeNote: text(body.closeNote) },
      today: ukToday(),
      errors: form.errors,
    });
  }

  app.get(paths.triage.show(':id'), async (request, reply) => renderReport(reply, requireActor(request), idParam(request)));

  const action = (path: string, run: (actor: Actor, id: string, body: Record<string, unknown>) => Promise<unknown>, banner: string) =>
    app.post(path, async (request, reply) => {
      const actor = requireActor(request);
      authorise(actor, 'concerns.triage');
      const id = idParam(request);
      const body = formBody(request);
      try {
        await run(actor, id, body);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return renderReport(reply, actor, id, { body, errors: errorViewModel(error.errors) });
      }
      return reply.redirect(withQuery(paths.triage.show(id), { saved: banner }), 303);
    });

  action(paths.triage.link(':id'), (actor, id, body) => concerns.link(actor, id, body), 'linked');
  action(paths.triage.routeOnward(':id'), (actor, id, body) => concerns.routeOnward(actor, id, body), 'routed');
  action(paths.triage.close(':id'), (actor, id, body) => concerns.close(actor, id, body), 'closed');
}

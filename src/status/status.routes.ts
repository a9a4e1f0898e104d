import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorise, can } from '../core/auth/permissions.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { idOf } from '../escalation/escalation.api.ts';
import { ALERT_EVENT_LABELS, type AlertsService } from './alerts.service.ts';
import { SHARED_THINGS, type SharingService } from './sharing.service.ts';
import { csvDocument } from './status.rules.ts';
import { CSV_HEADER, entryToCsvRow, type LiveStatusService } from './status.service.ts';
import { entryView } from './status.view.ts';

const query = (request: FastifyRequest) => {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof value === 'string') values[key] = value;
  return values;
};

const formBody = (request: FastifyRequest) => {
  const body = { ...((request.body ?? {}) as Record<string, unknown>) };
  delete body._csrf;
  return body;
};

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);

/** Pages of the Live Status List, the Enter and View list, the alerts inbox and sharing administration. */
export function statusRoutes(app: FastifyInstance, status: LiveStatusService, alerts: AlertsService, sharing: SharingService) {
  app.get(paths.status.list, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'status.read');
    const values = query(request);
    const searching = !!(values.q?.trim() || values.postcode?.trim() || values.cqcLocationId?.trim());
    const raw = { ...values, concernsOnly: searching ? values.concernsOnly : 'true' };
    const { withUs } = await sharing.list(actor);
    try {
      const result = await status.search(actor, raw);
      return reply.render('status/views/live-status.njk', {
        title: 'Live Status List',
        section: 'live-status',
        values,
        searching,
        rows: result.items.map((e) => entryView(e, { ownCouncil: e.council.id === actor.orgId && can(actor, 'escalation.read') })),
        nextHref: result.nextCursor ? withQuery(paths.status.list, { ...values, cursor: result.nextCursor }) : undefined,
        firstHref: values.cursor ? withQuery(paths.status.list, { ...values, cursor: undefined }) : undefined,
        csvHref: withQuery(paths.status.csv, { q: values.q, postcode: values.postcode, cqcLocationId: values.cqcLocationId, concernsOnly: searching ? values.concernsOnly : 'true' }),
        sharedBy: withUs.filter((a) => a.shares.liveStatus).map((a) => a.council.name),
        ownCouncil: actor.orgKind === 'council',
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return reply.code(400).render('status/views/live-status.njk', {
        title: 'Live Status List',
        section: 'live-status',
        values,
        searching,
        rows: [],
        errors: errorViewModel(error.errors),
        sharedBy: withUs.filter((a) => a.shares.liveStatus).map((a) => a.council.name),
        ownCouncil: actor.orgKind === 'council',
      });
    }
  });

  app.get(paths.status.csv, async (request, reply) => {
    const entries = await status.csv(requireActor(request), query(request));
    return csv(reply, 'live-status.csv', csvDocument(CSV_HEADER, entries.map(entryToCsvRow)));
  });

  app.get(paths.status.entry(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const entry = await status.entryOrUndefined(actor, idOf(request));
    if (!entry) throw new NotFound('Service');
    const own = entry.council.id === actor.orgId && actor.orgKind === 'council';
    return reply.render('status/views/entry.njk', {
      title: `Live status: ${entry.name}`,
      section: 'live-status',
      entry: entryView(entry, { ownCouncil: own && can(actor, 'escalation.read') }),
      serviceHref: own ? paths.services.show(entry.serviceId) : undefined,
      escalationHref: own && can(actor, 'escalation.read') ? paths.escalation.forService(entry.serviceId) : undefined,
      backLink: paths.status.list,
    });
  });

  app.get(paths.status.enterAndView, async (request, reply) => {
    const actor = requireActor(request);
    const list = await status.enterAndView(actor);
    const { ours } = actor.orgKind === 'council' ? await sharing.list(actor) : { ours: [] };
    return reply.render('status/views/enter-and-view.njk', {
      title: 'Healthwatch Enter and View list',
      section: 'enter-and-view',
      rows: list.map(({ entry, reasons }) => ({ ...entryView(entry), reasons })),
      csvHref: paths.status.enterAndViewCsv,
      sharedWith: ours.filter((a) => !a.revokedAt && a.shares.enterAndView).map((a) => a.withOrganisation.name),
      canShare: can(actor, 'status.share'),
      ownCouncil: actor.orgKind === 'council',
    });
  });

  app.get(paths.status.enterAndViewCsv, async (request, reply) => {
    const list = await status.enterAndView(requireActor(request));
    const header = ['Reasons', ...CSV_HEADER];
    return csv(reply, 'enter-and-view.csv', csvDocument(header, list.map(({ entry, reasons }) => [reasons.join('; '), ...entryToCsvRow(entry)])));
  });

  app.get(paths.status.alerts, async (request, reply) => {
    const actor = requireActor(request);
    const values = query(request);
    const page = values.page && /^\d{1,6}$/.test(values.page) ? Number(values.page) : 1;
    const unreadOnly = values.show === 'unread';
    const result = await alerts.list(actor, { unreadOnly, page });
    const notice = { read: 'Alert marked as read', 'all-read': 'All alerts marked as read', 'email-on': 'You will get alerts by email', 'email-off': 'You will no longer get alerts by email' }[values.done ?? ''];
    return reply.render('status/views/alerts.njk', {
      title: 'Alerts',
      section: 'alerts',
      notice,
      unreadOnly,
      counts: result.counts,
      subscribed: result.subscribed,
      rows: result.items.map((a) => ({
        ...a,
        eventLabel: ALERT_EVENT_LABELS[a.event] ?? a.event,
        statusHref: a.serviceId ? paths.status.entry(a.serviceId) : undefined,
      })),
      nextHref: result.items.length === 50 ? withQuery(paths.status.alerts, { show: values.show, page: page + 1 }) : undefined,
      previousHref: page > 1 ? withQuery(paths.status.alerts, { show: values.show, page: page - 1 }) : undefined,
    });
  });

  app.post(paths.status.readAlert(':id'), async (request, reply) => {
    await alerts.markRead(requireActor(request), idOf(request));
    return reply.redirect(withQuery(paths.status.alerts, { done: 'read' }), 303);
  });

  app.post(paths.status.readAllAlerts, async (request, reply) => {
    await alerts.markAllRead(requireActor(request));
    return reply.redirect(withQuery(paths.status.alerts, { done: 'all-read' }), 303);
  });

  app.post(paths.status.alertEmails, async (request, reply) => {
    const on = formBody(request).email === 'yes';
    await alerts.setEmail(requireActor(request), on);
    return reply.redirect(withQuery(paths.status.alerts, { done: on ? 'email-on' : 'email-off' }), 303);
  });

  app.get(paths.status.sharing, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'status.share');
    const { ours, withUs } = await sharing.list(actor);
    const notice = { shared: 'Sharing saved', revoked: 'Sharing stopped', unchanged: 'Nothing changed: that is already shared' }[query(request).done ?? ''];
    return reply.render('status/views/sharing.njk', {
      title: 'Sharing with councils and partners',
      section: 'sharing',
      notice,
      current: ours.filter((a) => !a.revokedAt),
      revoked: ours.filter((a) => a.revokedAt),
      withUs,
      labels: SHARED_THINGS,
    });
  });

  async function renderNewSharing(reply: FastifyReply, values: Record<string, unknown>, errors?: ReturnType<typeof errorViewModel>) {
    const actor = requireActor(reply.request);
    const organisations = await sharing.shareableOrganisations(actor);
    const chosen = new Set(Array.isArray(values.shares) ? values.shares.map(String) : typeof values.shares === 'string' ? [values.shares] : []);
    return reply.code(errors ? 400 : 200).render('status/views/sharing-new.njk', {
      title: 'Share with a council or partner',
      section: 'sharing',
      backLink: paths.status.sharing,
      errors,
      organisationItems: [
        { value: '', text: 'Select an organisation', selected: !values.withOrgId },
        ...organisations.map((o) => ({ value: o.id, text: `${o.name} (${o.kind === 'council' ? 'council' : 'partner'})`, selected: values.withOrgId === o.id })),
      ],
      shareItems: Object.entries(SHARED_THINGS).map(([value, text]) => ({ value, text, checked: chosen.has(value) })),
    });
  }

  app.get(paths.status.newSharing, async (request, reply) => renderNewSharing(reply, { shares: ['liveStatus', 'alerts'] }));

  app.post(paths.status.newSharing, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    const shares = Array.isArray(body.shares) ? body.shares : body.shares ? [body.shares] : [];
    try {
      const result = await sharing.share(actor, { withOrgId: body.withOrgId || undefined, shares });
      return reply.redirect(withQuery(paths.status.sharing, { done: result.changed ? 'shared' : 'unchanged' }), 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return renderNewSharing(reply, body, errorViewModel(error.errors));
    }
  });

  app.post(paths.status.revokeSharing(':id'), async (request, reply) => {
    await sharing.revoke(requireActor(request), idOf(request));
    return reply.redirect(withQuery(paths.status.sharing, { done: 'revoked' }), 303);
  });
}

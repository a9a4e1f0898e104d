import type { FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { parse, text, textList } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, type FormErrors, type FormValues, type Router } from '../core/http/route.ts';
import { ALERT_EVENT_LABELS, type AlertsService } from './alerts.service.ts';
import type { SharingService } from './sharing.service.ts';
import { csvDocument, SHARED_THINGS } from './status.rules.ts';
import { alertEmailSchema, alertsPageQuery, searchSchema, shareFormSchema } from './status.schemas.ts';
import type { LiveStatusService } from './status.service.ts';
import { CSV_HEADER, entryToCsvRow, entryView } from './status.view.ts';

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);

/** Pages of the Live Status List, the Enter and View list, the alerts inbox and sharing administration. */
export function statusRoutes(route: Router, status: LiveStatusService, alerts: AlertsService, sharing: SharingService) {
  /** Searching by name, postcode or CQC id; without a search the list shows only services with something against them. */
  const isSearch = (values: Readonly<Record<string, string>>) => !!(values.q?.trim() || values.postcode?.trim() || values.cqcLocationId?.trim());

  async function renderList(reply: FastifyReply, actor: Actor, values: Readonly<Record<string, string>>, results: Record<string, unknown>) {
    const { withUs } = await sharing.list(actor);
    return reply.render('status/views/live-status.njk', {
      title: 'Live Status List',
      section: 'live-status',
      values,
      searching: isSearch(values),
      ...results,
      sharedBy: withUs.filter((a) => a.shares.liveStatus).map((a) => a.council.name),
      ownCouncil: actor.orgKind === 'council',
    });
  }

  route.get(
    paths.status.list,
    { access: 'status.read', invalid: ({ actor, query, reply }, errors) => renderList(reply, actor, query, { rows: [], errors }) },
    async ({ actor, query: values, reply }) => {
      const searching = isSearch(values);
      const concernsOnly = searching ? values.concernsOnly : 'true';
      const result = await status.search(actor, parse(searchSchema, { ...values, concernsOnly }));
      return renderList(reply, actor, values, {
        rows: result.items.map((e) => entryView(e, { ownCouncil: e.council.id === actor.orgId && can(actor, 'escalation.read') })),
        nextHref: result.nextCursor ? withQuery(paths.status.list, { ...values, cursor: result.nextCursor }) : undefined,
        firstHref: values.cursor ? withQuery(paths.status.list, { ...values, cursor: undefined }) : undefined,
        csvHref: withQuery(paths.status.csv, { q: values.q, postcode: values.postcode, cqcLocationId: values.cqcLocationId, concernsOnly }),
      });
    },
  );

  route.get(paths.status.csv, { access: 'status.read', query: searchSchema }, async ({ actor, query, reply }) => {
    const entries = await status.csv(actor, query);
    return csv(reply, 'live-status.csv', csvDocument(CSV_HEADER, entries.map(entryToCsvRow)));
  });

  route.get(paths.status.entry(':id'), { access: 'status.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const entry = await status.entryOrUndefined(actor, ids.id);
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

  route.get(paths.status.enterAndView, { access: 'status.enterAndView' }, async ({ actor, reply }) => {
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

  route.get(paths.status.enterAndViewCsv, { access: 'status.enterAndView' }, async ({ actor, reply }) => {
    const list = await status.enterAndView(actor);
    const header = ['Reasons', ...CSV_HEADER];
    return csv(reply, 'enter-and-view.csv', csvDocument(header, list.map(({ entry, reasons }) => [reasons.join('; '), ...entryToCsvRow(entry)])));
  });

  route.get(paths.status.alerts, { access: 'alerts.read', query: alertsPageQuery }, async ({ actor, query, reply }) => {
    const { page, show } = query;
    const unreadOnly = show === 'unread';
    const result = await alerts.list(actor, { unreadOnly, page });
    const notice = { read: 'Alert marked as read', 'all-read': 'All alerts marked as read', 'email-on': 'You will get alerts by email', 'email-off': 'You will no longer get alerts by email' }[query.done ?? ''];
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
      nextHref: result.items.length === 50 ? withQuery(paths.status.alerts, { show, page: page + 1 }) : undefined,
      previousHref: page > 1 ? withQuery(paths.status.alerts, { show, page: page - 1 }) : undefined,
    });
  });

  route.post(paths.status.readAlert(':id'), { access: 'alerts.read', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await alerts.markRead(actor, ids.id);
    return reply.redirect(withQuery(paths.status.alerts, { done: 'read' }), 303);
  });

  route.post(paths.status.readAllAlerts, { access: 'alerts.read', body: noBody }, async ({ actor, reply }) => {
    await alerts.markAllRead(actor);
    return reply.redirect(withQuery(paths.status.alerts, { done: 'all-read' }), 303);
  });

  route.post(paths.status.alertEmails, { access: 'alerts.read', body: alertEmailSchema }, async ({ actor, body, reply }) => {
    await alerts.setEmail(actor, body.email);
    return reply.redirect(withQuery(paths.status.alerts, { done: body.email ? 'email-on' : 'email-off' }), 303);
  });

  route.get(paths.status.sharing, { access: 'status.share' }, async ({ actor, query, reply }) => {
    const { ours, withUs } = await sharing.list(actor);
    const notice = { shared: 'Sharing saved', revoked: 'Sharing stopped', unchanged: 'Nothing changed: that is already shared' }[query.done ?? ''];
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

  async function renderNewSharing(reply: FastifyReply, actor: Actor, values: FormValues, errors?: FormErrors) {
    const organisations = await sharing.shareableOrganisations(actor);
    const chosen = new Set(textList(values.shares));
    return reply.render('status/views/sharing-new.njk', {
      title: 'Share with a council or partner',
      section: 'sharing',
      backLink: paths.status.sharing,
      errors,
      organisationItems: [
        { value: '', text: 'Select an organisation', selected: !values.withOrgId },
        ...organisations.map((o) => ({ value: o.id, text: `${o.name} (${o.kind === 'council' ? 'council' : 'partner'})`, selected: text(values.withOrgId) === o.id })),
      ],
      shareItems: Object.entries(SHARED_THINGS).map(([value, label]) => ({ value, text: label, checked: chosen.has(value) })),
    });
  }

  route.get(paths.status.newSharing, { access: 'status.share' }, ({ actor, reply }) => renderNewSharing(reply, actor, { shares: ['liveStatus', 'alerts'] }));

  route.post(
    paths.status.newSharing,
    { access: 'status.share', body: shareFormSchema, invalid: ({ actor, values, reply }, errors) => renderNewSharing(reply, actor, values, errors) },
    async ({ actor, body, reply }) => {
      const result = await sharing.share(actor, body);
      return reply.redirect(withQuery(paths.status.sharing, { done: result.changed ? 'shared' : 'unchanged' }), 303);
    },
  );

  route.post(paths.status.revokeSharing(':id'), { access: 'status.share', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await sharing.revoke(actor, ids.id);
    return reply.redirect(withQuery(paths.status.sharing, { done: 'revoked' }), 303);
  });
}

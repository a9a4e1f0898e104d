import { paths } from '../core/http/paths.ts';
import type { Router } from '../core/http/route.ts';
import type { AlertsService } from './alerts.service.ts';
import { alertsApiQuery, searchSchema } from './status.schemas.ts';
import type { LiveStatusService } from './status.service.ts';
import { entryToApi } from './status.view.ts';

/** GET /api/v1/live-status (API.md), the Enter and View list and the alerts inbox, as JSON. */
export function statusApi(route: Router, status: LiveStatusService, alerts: AlertsService) {
  route.get(paths.status.api, { access: 'status.read', query: searchSchema }, async ({ actor, query }) => {
    const { items, nextCursor } = await status.search(actor, query);
    return { items: items.map(entryToApi), nextCursor };
  });

  route.get(paths.status.apiEnterAndView, { access: 'status.enterAndView' }, async ({ actor }) => {
    const list = await status.enterAndView(actor);
    return { items: list.map(({ entry, reasons }) => ({ ...entryToApi(entry), reasons })) };
  });

  route.get(paths.status.apiAlerts, { access: 'alerts.read', query: alertsApiQuery }, async ({ actor, query }) => {
    const { items, counts } = await alerts.list(actor, { unreadOnly: query.unread === 'true', page: query.page });
    return {
      items: items.map((a) => ({ id: a.id, event: a.event, summary: a.summary, council: a.council.name, serviceId: a.serviceId, createdAt: a.createdAt.toISOString(), read: a.read })),
      unread: counts.unread,
      total: counts.total,
    };
  });
}

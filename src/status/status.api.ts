import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { AlertsService } from './alerts.service.ts';
import { entryToApi, type LiveStatusService } from './status.service.ts';

/** GET /api/v1/live-status (API.md), the Enter and View list and the alerts inbox, as JSON. */
export function statusApi(app: FastifyInstance, status: LiveStatusService, alerts: AlertsService) {
  app.get(paths.status.api, async (request) => {
    const { items, nextCursor } = await status.search(requireActor(request), request.query);
    return { items: items.map(entryToApi), nextCursor };
  });

  app.get(paths.status.apiEnterAndView, async (request) => {
    const list = await status.enterAndView(requireActor(request));
    return { items: list.map(({ entry, reasons }) => ({ ...entryToApi(entry), reasons })) };
  });

  app.get(paths.status.apiAlerts, async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Number(query.page) : 1;
    const { items, counts } = await alerts.list(requireActor(request), { unreadOnly: query.unread === 'true', page });
    return {
      items: items.map((a) => ({ id: a.id, event: a.event, summary: a.summary, council: a.council.name, serviceId: a.serviceId, createdAt: a.createdAt.toISOString(), read: a.read })),
      unread: counts.unread,
      total: counts.total,
    };
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../core/auth/permissions.ts';
import { pageNumber } from '../../core/forms.ts';
import type { TimelineEvent } from '../../core/http/extensions.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { router } from '../../core/http/route.ts';
import { filterOptions, kindLabel, pageLinks, pageOf } from './timeline.ts';
import type { TimelineService } from './timeline.service.ts';

const TIMELINE_PAGE_SIZE = 25;

const short = (value: string | undefined) => (value && value.length <= 60 ? value : undefined);

/** The filter (a kind or source longer than any there is is no filter) and the page. */
const timelineQuerySchema = z.object({
  kind: z.string().optional().catch(undefined).transform(short),
  source: z.string().optional().catch(undefined).transform(short),
  page: pageNumber(),
});

/** The timeline as the API returns it: every event, newest first. */
function eventToApi(event: TimelineEvent) {
  return {
    occurredOn: event.occurredOn,
    kind: event.kind,
    ...(event.source ? { source: event.source } : {}),
    summary: event.summary,
    ...(event.href ? { href: event.href } : {}),
    recordId: event.recordId,
  };
}

export function timelineRoutes(app: FastifyInstance, timeline: TimelineService) {
  const route = router(app);

  route.get(paths.intelligence.timeline(':id'), { access: 'timeline.read', ids: ['id'], query: timelineQuerySchema }, async ({ actor, ids, query: q, reply }) => {
    const serviceId = ids.id;
    const filter = { kind: q.kind, source: q.source };
    const { service, all, events } = await timeline.forService(actor, serviceId, filter);
    const current = pageOf(events, q.page, TIMELINE_PAGE_SIZE);
    const options = filterOptions(all);
    const pageHref = (page: number) => withQuery(paths.intelligence.timeline(serviceId), { kind: filter.kind, source: filter.source, page: page > 1 ? page : undefined });
    return reply.render('intelligence/views/timeline.njk', {
      title: `Timeline: ${service.name}`,
      service,
      breadcrumbs: [
        { text: 'Services', href: paths.services.list },
        { text: service.name, href: paths.services.show(service.id) },
      ],
      filter,
      kindItems: [{ value: '', text: 'All kinds' }, ...options.kinds.map((o) => ({ ...o, selected: o.value === filter.kind }))],
      sourceItems: [{ value: '', text: 'All sources' }, ...options.sources.map((o) => ({ ...o, selected: o.value === filter.source }))],
      hasSources: options.sources.length > 0,
      filtered: !!(filter.kind || filter.source),
      clearHref: paths.intelligence.timeline(serviceId),
      events: current.items.map((e) => ({ ...e, kindText: kindLabel(e.kind) })),
      total: current.total,
      pagination:
        current.pageCount > 1
          ? {
              ...(current.page > 1 ? { previous: { href: pageHref(current.page - 1) } } : {}),
              ...(current.page < current.pageCount ? { next: { href: pageHref(current.page + 1) } } : {}),
              items: pageLinks(current.page, current.pageCount).map((n) => (n === 'gap' ? { ellipsis: true } : { number: n, href: pageHref(n), current: n === current.page })),
            }
          : undefined,
      canLog: can(actor, 'intelligence.write'),
      newHref: paths.intelligence.new(serviceId),
    });
  });

  route.get(paths.api.serviceTimeline(':id'), { access: 'timeline.read', ids: ['id'], query: timelineQuerySchema }, async ({ actor, ids, query: q }) => {
    const { events } = await timeline.forService(actor, ids.id, { kind: q.kind, source: q.source });
    return { items: events.map(eventToApi) };
  });
}

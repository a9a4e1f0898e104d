import type { FastifyInstance } from 'fastify';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { formatPrr } from './prr.ts';
import type { RegisterServiceApi } from './register.service.ts';
import { registerQuerySchema } from './risk.schemas.ts';
import { bandTag } from './risk.view.ts';

/** The risk register: the council's services by PRR, with filters and pages. */
export function registerRoutes(app: FastifyInstance, register: RegisterServiceApi) {
  const route = router(app);

  route.get(paths.risk.register, { access: 'risk.reports', query: registerQuerySchema }, async ({ actor, query, reply }) => {
    const result = await register.register(actor, query);
    const q = result.query;
    const filters = { category: q.category, band: q.band, team: q.team, officer: q.officer };
    const pageHref = (page: number) => withQuery(paths.risk.register, { ...filters, page });
    return reply.render('risk/views/register.njk', {
      title: 'Risk register',
      section: 'risk',
      result,
      filters,
      rows: result.items.map((i) => ({ ...i, prr: i.prr === null ? null : formatPrr(i.prr), tag: bandTag(i.band), href: paths.risk.service(i.serviceId) })),
      pagination:
        result.pageCount > 1
          ? {
              previous: q.page > 1 ? { href: pageHref(q.page - 1) } : undefined,
              next: q.page < result.pageCount ? { href: pageHref(q.page + 1) } : undefined,
              items: Array.from({ length: result.pageCount }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === result.pageCount || Math.abs(n - q.page) <= 2)
                .flatMap((n, i, list) => [...(i > 0 && n - list[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: pageHref(n), current: n === q.page }]),
            }
          : undefined,
    });
  });
}

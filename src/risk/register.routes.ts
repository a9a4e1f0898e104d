import type { FastifyInstance } from 'fastify';
import { paginationView, sendCsv, sortHeaders, type SortOrder } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { formatPrr } from './prr.ts';
import type { RegisterServiceApi } from './register.service.ts';
import { registerQuerySchema, type RegisterSort } from './risk.schemas.ts';
import { bandTag } from './risk.view.ts';

const COLUMNS = [
  { key: 'service', text: 'Service' },
  { key: 'category', text: 'Category' },
  { key: 'prr', text: 'PRR', numeric: true },
  { text: 'Band' },
  { key: 'rated', text: 'Rated on' },
  { key: 'officer', text: 'Lead officer' },
  { key: 'team', text: 'Team' },
] as const;

/** The risk register: the council's services by PRR, with filters, sorting, pages and a download. */
export function registerRoutes(app: FastifyInstance, register: RegisterServiceApi) {
  const route = router(app);

  route.get(paths.risk.register, { access: 'risk.reports', query: registerQuerySchema }, async ({ actor, query, reply }) => {
    const result = await register.register(actor, query);
    const q = result.query;
    const filters = { category: q.category, band: q.band, team: q.team, officer: q.officer };
    const sorted = { sort: q.sort === 'prr' && q.order === 'desc' ? undefined : q.sort, order: q.sort === 'prr' && q.order === 'desc' ? undefined : q.order };
    const pageHref = (page: number) => withQuery(paths.risk.register, { ...filters, ...sorted, page });
    const sortHref = (sort: RegisterSort, order: SortOrder) => withQuery(paths.risk.register, { ...filters, sort, order });
    return reply.render('risk/views/register.njk', {
      title: 'Risk register',
      section: 'risk',
      result,
      filters,
      headers: sortHeaders(COLUMNS, q, sortHref),
      csvHref: withQuery(paths.risk.registerCsv, { ...filters, ...sorted }),
      rows: result.items.map((i) => ({ ...i, prr: i.prr === null ? null : formatPrr(i.prr), tag: bandTag(i.band), href: paths.risk.service(i.serviceId) })),
      pagination: paginationView(result, pageHref),
    });
  });

  route.get(paths.risk.registerCsv, { access: 'risk.reports', query: registerQuerySchema }, async ({ actor, query, reply }) => {
    const items = await register.registerAll(actor, query);
    return sendCsv(
      reply,
      'risk-register.csv',
      ['Service', 'Provider', 'Category', 'PRR', 'Band', 'Rated on', 'Lead officer', 'Team'],
      items.map((i) => [i.serviceName, i.providerName, i.categoryLabel, i.prr, i.band?.label ?? 'Not rated', i.ratedOn, i.officerName, i.team]),
    );
  });
}

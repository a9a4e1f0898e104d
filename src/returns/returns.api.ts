import type { FastifyInstance } from 'fastify';
import { today } from '../core/clock.ts';
import { Invalid } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router } from '../core/http/route.ts';
import type { ReturnsOverviewService } from './overview.service.ts';
import type { ReturnsService } from './returns.service.ts';
import { periodQuerySchema, queryReturnSchema, submitReturnSchema } from './returns.schemas.ts';
import { periodItemToApi, returnToApi, templateToApi } from './returns.view.ts';

/** The JSON API for quarterly returns (issue 17): providers' own systems send them; the council reads and decides. */
export function returnsApi(app: FastifyInstance, returns: ReturnsService, overview: ReturnsOverviewService) {
  const route = router(app);

  route.get(paths.api.returnTemplates, { access: 'returns.read' }, async ({ actor }) => ({ items: (await returns.templates(actor)).map(templateToApi) }));

  route.post(paths.api.serviceReturns(':id'), { access: 'returns.submit', ids: ['id'], body: submitReturnSchema }, async ({ actor, ids, body, reply }) => {
    const ret = await returns.submit(actor, ids.id, body);
    return reply.code(201).header('location', paths.api.return(ret.id)).send(returnToApi(ret));
  });

  route.get(paths.api.serviceReturns(':id'), { access: 'returns.read', ids: ['id'] }, async ({ actor, ids }) => ({
    items: (await returns.listForService(actor, ids.id)).map(returnToApi),
  }));

  route.get(paths.api.return(':id'), { access: 'returns.read', ids: ['id'] }, async ({ actor, ids }) => returnToApi((await returns.get(actor, ids.id)).ret));

  route.post(paths.api.returnQuery(':id'), { access: 'returns.review', ids: ['id'], body: queryReturnSchema }, async ({ actor, ids, body }) =>
    returnToApi(await returns.query(actor, ids.id, body.message)),
  );

  route.post(paths.api.returnAccept(':id'), { access: 'returns.review', ids: ['id'], body: noBody }, async ({ actor, ids }) => returnToApi(await returns.accept(actor, ids.id)));

  route.get(paths.api.returns, { access: 'returns.read', query: periodQuerySchema }, async ({ actor, query }) => {
    if ((query.year === undefined) !== (query.quarter === undefined)) throw new Invalid([{ path: query.year === undefined ? 'year' : 'quarter', message: 'Give both the year and the quarter, or neither' }]);
    const period = query.year !== undefined && query.quarter !== undefined ? { year: query.year, quarter: query.quarter } : await overview.lastDue(actor, today());
    const items = await overview.forCouncil(actor, period, today());
    return { year: period.year, quarter: period.quarter, items: items.map(periodItemToApi) };
  });
}

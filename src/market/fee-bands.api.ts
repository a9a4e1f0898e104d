import type { FastifyInstance, FastifyRequest } from 'fastify';
import { today } from '../core/clock.ts';
import { NotFound } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router } from '../core/http/route.ts';
import type { Actor } from '../core/db/database.ts';
import { financialYearOf } from './fee-band.rules.ts';
import type { FeeBandsService } from './fee-bands.service.ts';
import { feeBandsQuerySchema, overrideSchema, schemeSchema, yearSchema } from './fee-bands.schemas.ts';
import { itemToApi, sendSchedule } from './fee-bands.view.ts';

/** The year in the path: a financial year, or the route does not exist (404). */
function pathYear(request: FastifyRequest): number {
  const parsed = yearSchema.safeParse((request.params as { year?: string }).year);
  if (!parsed.success || !/^\d{4}$/.test(String((request.params as { year?: string }).year))) throw new NotFound('Fee-band scheme');
  return parsed.data;
}

const approvalToApi = (year: number, a: { version: number; byName: string | null; at: Date }) => ({ year, version: a.version, approvedBy: a.byName, approvedAt: a.at.toISOString() });

/** The JSON API of fee bands (issue 18): schemes, the year's schedule (also as CSV or XLSX), overrides and approval. */
export function feeBandsApi(app: FastifyInstance, feeBands: FeeBandsService) {
  const route = router(app);

  route.put(paths.feeBands.api.scheme(':year'), { access: 'feeBands.manage', body: schemeSchema }, async ({ actor, request, body }) => {
    const year = pathYear(request);
    const scheme = await feeBands.saveScheme(actor, year, body);
    return { year, bands: scheme.bands, gates: scheme.gates };
  });

  route.get(paths.feeBands.api.scheme(':year'), { access: 'feeBands.read' }, async ({ actor, request }) => {
    const year = pathYear(request);
    const scheme = await feeBands.scheme(actor, year);
    if (!scheme) throw new NotFound('Fee-band scheme');
    return { year, bands: scheme.bands, gates: scheme.gates };
  });

  route.post(paths.feeBands.api.approve(':year'), { access: 'feeBands.manage', body: noBody }, async ({ actor, request }) => {
    const year = pathYear(request);
    return approvalToApi(year, await feeBands.approve(actor, year));
  });

  const itemsOf = async (actor: Actor, year: number) => (actor.orgKind === 'provider' ? feeBands.providerSchedule(actor, year) : (await feeBands.schedule(actor, year)).items);

  route.get(paths.feeBands.api.list, { access: 'feeBands.read', query: feeBandsQuerySchema }, async ({ actor, query, reply }) => {
    const year = query.year ?? financialYearOf(today());
    const items = await itemsOf(actor, year);
    if (query.format === 'csv' || query.format === 'xlsx') return sendSchedule(reply, year, items, query.format);
    return { year, items: items.map(itemToApi) };
  });

  route.post(paths.feeBands.api.override(':id'), { access: 'feeBands.manage', ids: ['id'], notFound: 'Care home', body: overrideSchema }, async ({ actor, ids, body }) =>
    itemToApi(await feeBands.override(actor, ids.id, body)),
  );
}

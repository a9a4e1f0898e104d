import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { OpenApiFragment } from '../core/http/openapi.ts';
import { feeBandsApi } from './fee-bands.api.ts';
import { feeBandsOpenApi } from './fee-bands.openapi.ts';
import { feeBandsRoutes } from './fee-bands.routes.ts';
import { feeBandsService } from './fee-bands.service.ts';
import { marketRoutes } from './market.routes.ts';
import { contingencyOpenApi } from './contingency.openapi.ts';
import { registerContingency, type ContingencyServices } from './contingency.module.ts';

/**
 * The market capability as the composition root sees it (issue 18): care-home fee bands from the annual audits.
 * Provider failure contingency needs intelligence's interface: its services come from contingencyServices.
 */
export function marketServices(store: Store) {
  return { feeBands: feeBandsService(store) };
}

export type MarketServices = ReturnType<typeof marketServices>;

/** Every route of the market: the start page, fee bands, market events, contingency plans and assurance. */
export function registerMarket(app: FastifyInstance, services: MarketServices & Pick<ContingencyServices, 'marketEvents' | 'contingencyPlans' | 'assurance'>) {
  marketRoutes(app);
  feeBandsApi(app, services.feeBands);
  feeBandsRoutes(app, services.feeBands);
  registerContingency(app, services);
}

/** Its part of /api/v1/openapi.json: each part of the market (fee bands, …) adds its fragment to the list. */
const parts: readonly OpenApiFragment[] = [feeBandsOpenApi, contingencyOpenApi];
export const marketOpenApi: OpenApiFragment = {
  tags: parts.flatMap((p) => p.tags ?? []),
  paths: Object.assign({}, ...parts.map((p) => p.paths)) as OpenApiFragment['paths'],
  schemas: Object.assign({}, ...parts.map((p) => p.schemas ?? {})) as NonNullable<OpenApiFragment['schemas']>,
};

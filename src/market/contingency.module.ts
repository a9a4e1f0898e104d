import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions } from '../core/http/extensions.ts';
import { assuranceRoutes } from './assurance.routes.ts';
import { assuranceService } from './assurance.service.ts';
import { contingencyApi } from './contingency.api.ts';
import { contingencyHome, marketTimeline } from './contingency.extensions.ts';
import { contingencyRoutes } from './contingency.routes.ts';
import { contingencyService } from './contingency.service.ts';
import { marketEventsRoutes } from './market-events.routes.ts';
import { marketEventsService, type MarketIntelligence } from './market-events.service.ts';

/**
 * Provider failure contingency as the composition root sees it: market events (handed intelligence, to raise one
 * from an entry and to record the financial check that risk proposes a score from), contingency plans and the
 * providers' daily assurance statements; the timeline events and home page lines they add.
 */
export function contingencyServices(store: Store, deps: { intelligence: MarketIntelligence }) {
  const marketEvents = marketEventsService(store, deps.intelligence);
  const contingencyPlans = contingencyService(store);
  const assurance = assuranceService(store);
  const contingencyExtensions: Partial<ServiceExtensions> = { timeline: [marketTimeline(marketEvents)], home: [contingencyHome(contingencyPlans, assurance)] };
  return { marketEvents, contingencyPlans, assurance, contingencyExtensions };
}

export type ContingencyServices = ReturnType<typeof contingencyServices>;

export function registerContingency(app: FastifyInstance, services: Pick<ContingencyServices, 'marketEvents' | 'contingencyPlans' | 'assurance'>) {
  marketEventsRoutes(app, services.marketEvents);
  contingencyRoutes(app, services.contingencyPlans);
  assuranceRoutes(app, services.assurance);
  contingencyApi(app, services.marketEvents, services.contingencyPlans, services.assurance);
}

import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions } from '../core/http/extensions.ts';
import { returnsHome } from './home.ts';
import { returnsOverviewService } from './overview.service.ts';
import { returnsApi } from './returns.api.ts';
import { returnsService } from './returns.service.ts';

/** The returns capability as the composition root sees it: its services and what it adds to others' pages. */
export function returnsServices(store: Store) {
  const returns = returnsService(store);
  const returnsOverview = returnsOverviewService(store);
  const extensions: Partial<ServiceExtensions> = { home: [returnsHome(returnsOverview)] };
  return { returns, returnsOverview, returnsExtensions: extensions };
}

export type ReturnsServices = ReturnType<typeof returnsServices>;

export function registerReturns(app: FastifyInstance, services: ReturnsServices) {
  returnsApi(app, services.returns, services.returnsOverview);
}

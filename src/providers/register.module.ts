import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions } from '../core/http/extensions.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { contractsService } from './contracts.service.ts';
import { providersRoutes } from './providers.routes.ts';
import { providersService } from './providers.service.ts';
import { registerApi } from './register.api.ts';
import { registerHistory } from './register.history.ts';
import { servicesRoutes } from './services.routes.ts';
import { servicesService } from './services.service.ts';

export { registerOpenApi } from './register.openapi.ts';

/**
 * The provider and service register as the composition root sees it. `extensions` are the panels and
 * API fields other capabilities add to the service page and GET /api/v1/services/{id}.
 */
export function registerServices(store: Store, extensions: ServiceExtensions) {
  return {
    providers: providersService(store),
    services: servicesService(store, extensions),
    contracts: contractsService(store),
    registerHistory: registerHistory(store),
  };
}

export type RegisterServices = ReturnType<typeof registerServices>;

export function registerRoutes(app: FastifyInstance, services: RegisterServices) {
  servicesRoutes(app, services.services, services.registerHistory);
  providersRoutes(app, services.providers, services.registerHistory);
  contractsRoutes(app, services.contracts);
  registerApi(app, services.providers, services.services);
}

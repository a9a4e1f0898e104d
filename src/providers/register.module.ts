import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.js';
import type { ServiceExtensions } from '../core/http/extensions.js';
import { contractsRoutes } from './contracts.routes.js';
import { contractsService } from './contracts.service.js';
import { providersRoutes } from './providers.routes.js';
import { providersService } from './providers.service.js';
import { registerApi } from './register.api.js';
import { registerHistory } from './register.history.js';
import { servicesRoutes } from './services.routes.js';
import { servicesService } from './services.service.js';

export { registerOpenApi } from './register.openapi.js';

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

import type { FastifyInstance } from 'fastify';
import { accountsService } from './accounts/accounts.service.js';
import { signInRoutes } from './accounts/sign-in.routes.js';
import { startRoutes } from './accounts/start.routes.js';
import type { Config } from './core/config.js';
import type { Store } from './core/db/database.js';
import { createHttpApp } from './core/http/app.js';

/** The composition root: services from the store, then the app with every capability's routes. */
export function buildServices(store: Store, config: Config) {
  return {
    accounts: accountsService(store, { sessionHours: config.sessionHours }),
  };
}

export type Services = ReturnType<typeof buildServices>;

export async function buildApp(config: Config, store: Store): Promise<{ app: FastifyInstance; services: Services }> {
  const services = buildServices(store, config);
  const app = await createHttpApp({ config, store }, async (app) => {
    startRoutes(app, store);
    signInRoutes(app, services.accounts, config);
  });
  return { app, services };
}

import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { accountsApi } from './accounts.api.ts';
import { accountsService } from './accounts.service.ts';
import { apiTokensRoutes } from './api-tokens.routes.ts';
import { brandRoutes } from './brand.routes.ts';
import { apiTokensService } from './api-tokens.service.ts';
import { organisationsRoutes } from './organisations.routes.ts';
import { organisationsService } from './organisations.service.ts';
import { signInRoutes } from './sign-in.routes.ts';
import { startRoutes } from './start.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { usersService } from './users.service.ts';

/** Accounts as the composition root sees it: sign-in, organisations, users and API tokens. */
export function accountsServices(store: Store, config: Pick<Config, 'sessionHours' | 'loginAttemptsPerWindow' | 'loginAttemptsPerAccount'>) {
  return {
    accounts: accountsService(store, {
      sessionHours: config.sessionHours,
      limits: { perAddress: config.loginAttemptsPerWindow, perAccount: config.loginAttemptsPerAccount },
    }),
    organisations: organisationsService(store),
    users: usersService(store),
    apiTokens: apiTokensService(store),
  };
}

export type AccountsServices = ReturnType<typeof accountsServices>;

/** The start page, sign-in, administration of organisations and users, API tokens and GET /api/v1/me. */
export function registerAccounts(
  app: FastifyInstance,
  services: AccountsServices,
  context: { readonly config: Config; readonly store: Store; readonly home?: readonly HomeSource[] },
) {
  startRoutes(app, context.store, context.home);
  signInRoutes(app, services.accounts, context.config);
  organisationsRoutes(app, services.organisations);
  usersRoutes(app, services.users, services.organisations);
  apiTokensRoutes(app, services.apiTokens);
  brandRoutes(app, context.store);
  accountsApi(app, services.apiTokens);
}

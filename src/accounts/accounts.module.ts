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
import { passwordResetRoutes } from './password-reset.routes.ts';
import { passwordResetService } from './password-reset.service.ts';
import { secondFactorRoutes } from './second-factor.routes.ts';
import { secondFactorService } from './second-factor.service.ts';
import { signInSettingsRoutes } from './sign-in-settings.routes.ts';
import { signInSettingsService } from './sign-in-settings.service.ts';
import { ssoService } from './sso.service.ts';
import { organisationsService } from './organisations.service.ts';
import { signInRoutes } from './sign-in.routes.ts';
import { startRoutes } from './start.routes.ts';
import { usersRoutes } from './users.routes.ts';
import { usersService } from './users.service.ts';

/** Accounts as the composition root sees it: sign-in, organisations, users and API tokens. */
export function accountsServices(
  store: Store,
  config: Pick<Config, 'sessionHours' | 'loginAttemptsPerWindow' | 'loginAttemptsPerAccount'> &
    Partial<Pick<Config, 'env' | 'publicBaseUrl' | 'oidcIssuerUrl' | 'oidcClientId' | 'oidcClientSecret' | 'codeAttemptsPerAccount'>>,
) {
  // Plain-HTTP issuers (a test provider on 127.0.0.1) outside production only.
  const allowHttpIssuers = config.env !== undefined && config.env !== 'production';
  return {
    accounts: accountsService(store, {
      sessionHours: config.sessionHours,
      limits: { perAddress: config.loginAttemptsPerWindow, perAccount: config.loginAttemptsPerAccount },
    }),
    organisations: organisationsService(store),
    users: usersService(store),
    apiTokens: apiTokensService(store),
    sso: ssoService(store, {
      publicBaseUrl: config.publicBaseUrl ?? 'http://127.0.0.1',
      sessionHours: config.sessionHours,
      allowHttpIssuers,
      defaults: { issuer: config.oidcIssuerUrl, clientId: config.oidcClientId, clientSecret: config.oidcClientSecret },
    }),
    secondFactors: secondFactorService(store, { sessionHours: config.sessionHours, codeAttempts: config.codeAttemptsPerAccount ?? 5 }),
    signInSettings: signInSettingsService(store, { allowHttpIssuers }),
    passwordResets: passwordResetService(store, { publicBaseUrl: config.publicBaseUrl ?? 'http://127.0.0.1' }),
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
  signInRoutes(app, services.accounts, services.sso, context.config);
  secondFactorRoutes(app, services.secondFactors, context.config);
  passwordResetRoutes(app, services.passwordResets);
  signInSettingsRoutes(app, services.signInSettings, context.config.publicBaseUrl);
  organisationsRoutes(app, services.organisations);
  usersRoutes(app, services.users, services.organisations);
  apiTokensRoutes(app, services.apiTokens);
  brandRoutes(app, context.store);
  accountsApi(app, services.apiTokens, services.organisations);
}

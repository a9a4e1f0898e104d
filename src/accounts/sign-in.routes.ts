import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { errorViewModel } from '../core/forms.ts';
import { SESSION_COOKIE } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { AccountsService } from './accounts.service.ts';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Only same-site relative paths are followed after sign-in, so the form cannot be used to redirect elsewhere. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : paths.home;
}

export function signInRoutes(app: FastifyInstance, accounts: AccountsService, config: Config) {
  app.get(paths.signIn, async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string };
    return reply.render('accounts/views/sign-in.njk', { title: 'Sign in', returnTo: safeReturnPath(returnTo), values: {} });
  });

  app.post(
    paths.signIn,
    { config: { rateLimit: { max: config.loginAttemptsPerWindow, timeWindow: FIFTEEN_MINUTES } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const email = (body.email ?? '').trim();
      const password = body.password ?? '';
      const returnTo = safeReturnPath(body.returnTo);
      const fieldErrors = [];
      if (!email) fieldErrors.push({ path: 'email', message: 'Enter your email address' });
      if (!password) fieldErrors.push({ path: 'password', message: 'Enter your password' });
      const result = fieldErrors.length ? undefined : await accounts.signIn(email, password);
      if (!result) {
        if (!fieldErrors.length) fieldErrors.push({ path: 'email', message: 'Enter a correct email address and password' });
        return reply.code(400).render('accounts/views/sign-in.njk', {
          title: 'Sign in',
          returnTo,
          values: { email },
          errors: errorViewModel(fieldErrors),
        });
      }
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        maxAge: config.sessionHours * 3600,
      });
      return reply.redirect(returnTo, 303);
    },
  );

  app.post(paths.signOut, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await accounts.signOut(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(paths.signIn, 303);
  });
}

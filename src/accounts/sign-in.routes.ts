import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../core/config.ts';
import { TooManyRequests } from '../core/errors.ts';
import { errorViewModel, text } from '../core/forms.ts';
import { SESSION_COOKIE } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import { clientAddress } from '../core/http/rate-limit-store.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { safeReturnPath, signInSchema } from './accounts.schemas.ts';
import type { AccountsService } from './accounts.service.ts';

const WRONG_DETAILS = 'Enter a correct email address and password';

/** "14 minutes": when a limit lifts, rounded up so the person never comes back too early. */
function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function renderSignIn(reply: FastifyReply, returnTo: unknown, email: string, errors?: FormErrors, signedOutAfterMinutes?: number) {
  return reply.render('accounts/views/sign-in.njk', { title: 'Sign in', returnTo: safeReturnPath(returnTo), values: { email }, errors, signedOutAfterMinutes });
}

/**
 * Sign-in and sign-out. Failed sign-ins are limited per client address and per account (the email tried);
 * successful ones count against neither (src/core/auth/sign-in-limits.ts).
 */
export function signInRoutes(app: FastifyInstance, accounts: AccountsService, config: Config) {
  const route = router(app);

  route.get(paths.signIn, { access: 'public' }, ({ actor, query, reply }) =>
    renderSignIn(reply, query.returnTo, '', undefined, query.signedOut === 'yes' && !actor ? config.sessionIdleMinutes : undefined),
  );

  // The timeout warning's "Stay signed in": the request itself counts as activity (src/core/http/app.ts).
  route.post(paths.staySignedIn, { access: 'signed-in', body: noBody }, ({ request, values, reply }) =>
    request.headers.accept?.includes('application/json') ? reply.code(204).send() : reply.redirect(safeReturnPath(values.returnTo), 303),
  );

  route.post(
    paths.signIn,
    {
      access: 'public',
      body: signInSchema,
      invalid: ({ values, reply }, errors) => renderSignIn(reply, values.returnTo, text(values.email).trim(), errors),
    },
    async ({ request, body, reply }) => {
      const outcome = await accounts.signIn(body.email, body.password, clientAddress(request));
      if (outcome.kind === 'too-many') {
        const retryIn = inMinutes(outcome.retryInMs);
        reply.header('retry-after', Math.ceil(outcome.retryInMs / 1000));
        if (outcome.limit === 'address') throw new TooManyRequests(`Too many attempts to sign in from your network. Try again in ${retryIn}.`);
        // The same words whether or not the email has an account, so a lock reveals nothing.
        const message = `Too many failed attempts to sign in with this email address. Try again in ${retryIn}.`;
        return renderSignIn(reply.code(429), body.returnTo, body.email, errorViewModel([{ path: 'email', message }]));
      }
      if (outcome.kind === 'refused') return renderSignIn(reply.code(400), body.returnTo, body.email, errorViewModel([{ path: 'email', message: WRONG_DETAILS }]));
      reply.setCookie(SESSION_COOKIE, outcome.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        maxAge: config.sessionHours * 3600,
      });
      return reply.redirect(body.returnTo, 303);
    },
  );

  route.post(paths.signOut, { access: 'public', body: noBody }, async ({ request, reply }) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await accounts.signOut(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(paths.signIn, 303);
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Config } from '../core/config.ts';
import { errorViewModel, text } from '../core/forms.ts';
import { SESSION_COOKIE } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { safeReturnPath } from './accounts.schemas.ts';
import type { EnrolOutcome, SecondFactorService } from './second-factor.service.ts';
import { CHALLENGE_COOKIE, inMinutes } from './sign-in.routes.ts';

const WRONG_CODE = 'Enter the 6-digit code from your authenticator app, or one of your recovery codes';
const WRONG_SETUP_CODE = 'Enter the 6-digit code your authenticator app shows now';
const codeSchema = z.object({ code: z.preprocess((v) => text(v).trim(), z.string().min(1, { error: 'Enter the code' }).max(40, { error: WRONG_CODE })) });

const CODE_PAGE = 'accounts/views/sign-in-code.njk';
const SETUP_PAGE = 'accounts/views/authenticator-setup.njk';
const RECOVERY_PAGE = 'accounts/views/recovery-codes.njk';

const codeError = (message: string): FormErrors => errorViewModel([{ path: 'code', message }]);
const tooMany = (ms: number) => `Too many codes tried. Try again in ${inMinutes(ms)}.`;

/**
 * The second factor: the code step of a password sign-in, setting up an authenticator at sign-in (when the
 * council requires one) or from the account page, and an administrator's reset of a person's authenticator.
 */
export function secondFactorRoutes(app: FastifyInstance, factors: SecondFactorService, config: Config) {
  const route = router(app);
  const sessionCookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, maxAge: config.sessionHours * 3600 };

  const renderCode = (reply: FastifyReply, errors?: FormErrors) => reply.render(CODE_PAGE, { title: 'Enter the code from your authenticator app', errors });

  route.get(paths.signInCode, { access: 'public' }, async ({ request, reply }) => {
    const challenge = await factors.challenge(request.cookies[CHALLENGE_COOKIE]);
    if (challenge?.kind !== 'code') return reply.redirect(paths.signIn, 303);
    return renderCode(reply);
  });

  route.post(
    paths.signInCode,
    { access: 'public', body: codeSchema, invalid: ({ reply }, errors) => renderCode(reply, errors) },
    async ({ request, body, reply }) => {
      const outcome = await factors.verifyCode(request.cookies[CHALLENGE_COOKIE], body.code);
      if (outcome.kind === 'expired') return reply.redirect(paths.signIn, 303);
      if (outcome.kind === 'too-many') {
        reply.header('retry-after', Math.ceil(outcome.retryInMs / 1000));
        return renderCode(reply.code(429), codeError(tooMany(outcome.retryInMs)));
      }
      if (outcome.kind === 'wrong') return renderCode(reply.code(400), codeError(WRONG_CODE));
      reply.clearCookie(CHALLENGE_COOKIE, { path: paths.signIn });
      reply.setCookie(SESSION_COOKIE, outcome.sessionToken, sessionCookie);
      return reply.redirect(safeReturnPath(outcome.returnTo), 303);
    },
  );

  // Setting up an authenticator at sign-in, when the council requires a second factor and the person has none.
  const renderSetupAtSignIn = async (request: { cookies: Record<string, string | undefined> }, reply: FastifyReply, errors?: FormErrors) => {
    const setup = await factors.enrolmentAtSignIn(request.cookies[CHALLENGE_COOKIE]);
    if (!setup) return reply.redirect(paths.signIn, 303);
    return reply.render(SETUP_PAGE, { title: 'Set up an authenticator app', setup, action: paths.signInAuthenticator, atSignIn: true, errors });
  };

  const afterSetup = (reply: FastifyReply, outcome: Exclude<EnrolOutcome, { kind: 'expired' }>, retry: (errors: FormErrors) => unknown) => {
    if (outcome.kind === 'too-many') {
      reply.code(429).header('retry-after', Math.ceil(outcome.retryInMs / 1000));
      return retry(codeError(tooMany(outcome.retryInMs)));
    }
    if (outcome.kind === 'wrong') {
      reply.code(400);
      return retry(codeError(WRONG_SETUP_CODE));
    }
    return undefined;
  };

  route.get(paths.signInAuthenticator, { access: 'public' }, ({ request, reply }) => renderSetupAtSignIn(request, reply));

  route.post(
    paths.signInAuthenticator,
    { access: 'public', body: codeSchema, invalid: ({ request, reply }, errors) => renderSetupAtSignIn(request, reply, errors) },
    async ({ request, body, reply }) => {
      const outcome = await factors.confirmAtSignIn(request.cookies[CHALLENGE_COOKIE], body.code);
      if (outcome.kind === 'expired') return reply.redirect(paths.signIn, 303);
      const refused = afterSetup(reply, outcome, (errors) => renderSetupAtSignIn(request, reply, errors));
      if (refused !== undefined || outcome.kind !== 'enrolled') return refused;
      reply.clearCookie(CHALLENGE_COOKIE, { path: paths.signIn });
      if (outcome.sessionToken) reply.setCookie(SESSION_COOKIE, outcome.sessionToken, sessionCookie);
      return reply.render(RECOVERY_PAGE, { title: 'Your recovery codes', codes: outcome.recoveryCodes, continueTo: safeReturnPath(outcome.returnTo) });
    },
  );

  // The signed-in person's own authenticator.
  const renderOwn = async (actor: Parameters<SecondFactorService['ownStatus']>[0], reply: FastifyReply, errors?: FormErrors) => {
    const status = await factors.ownStatus(actor);
    if (status.enrolled) return reply.render('accounts/views/account/authenticator.njk', { title: 'Authenticator app', section: 'account', status });
    return reply.render(SETUP_PAGE, { title: 'Set up an authenticator app', section: 'account', setup: status.setup, action: paths.account.authenticator, atSignIn: false, errors });
  };

  route.get(paths.account.authenticator, { access: 'signed-in' }, ({ actor, reply }) => renderOwn(actor, reply));

  route.post(
    paths.account.authenticator,
    { access: 'signed-in', body: codeSchema, invalid: ({ actor, reply }, errors) => renderOwn(actor, reply, errors) },
    async ({ actor, body, reply }) => {
      const outcome = await factors.confirmOwn(actor, body.code);
      if (outcome.kind === 'expired') return reply.redirect(paths.account.authenticator, 303);
      const refused = afterSetup(reply, outcome, (errors) => renderOwn(actor, reply, errors));
      if (refused !== undefined || outcome.kind !== 'enrolled') return refused;
      return reply.render(RECOVERY_PAGE, { title: 'Your recovery codes', section: 'account', codes: outcome.recoveryCodes, continueTo: paths.account.authenticator });
    },
  );

  route.post(paths.admin.resetSecondFactor(':id'), { access: 'accounts.manage', ids: ['id'], notFound: 'User', body: noBody }, async ({ actor, ids, reply }) => {
    await factors.reset(actor, ids.id);
    return reply.redirect(withQuery(paths.admin.user(ids.id), { done: 'authenticator' }), 303);
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Config } from '../core/config.ts';
import { TooManyRequests } from '../core/errors.ts';
import { errorViewModel, text } from '../core/forms.ts';
import { SESSION_COOKIE } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import { clientAddress } from '../core/http/rate-limit-store.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { safeReturnPath, signInSchema } from './accounts.schemas.ts';
import type { AccountsService } from './accounts.service.ts';
import type { SsoRefusal, SsoService } from './sso.service.ts';

const WRONG_DETAILS = 'Enter a correct email address and password';
const USE_SSO = 'Your council signs its staff in with their council account: enter your email address under ‘Sign in with your council account’';
const NO_SSO = 'Your organisation does not sign in with its own accounts here. Sign in with your email address and password';
/** The sign-in in progress at the issuer (its `state`), and the one waiting for a second factor. */
export const SSO_STATE_COOKIE = 'co_sso_state';
export const CHALLENGE_COOKIE = 'co_sign_in';

/** What a refused single sign-on says: the person can act on it, or knows whom to ask. */
const SSO_REFUSALS: Record<SsoRefusal, { title: string; body: string }> = {
  failed: { title: 'We could not sign you in', body: 'Your sign-in could not be checked, or it took too long. Start again from the sign-in page.' },
  'no-role': {
    title: 'Your council account does not give you access to Care Oversight',
    body: 'None of your groups in your council’s directory gives a role in Care Oversight. Ask your council’s IT service desk to add you to the right group, then sign in again.',
  },
  'other-organisation': {
    title: 'Your email address belongs to an account of another organisation',
    body: 'You cannot sign in to this council with it. Ask your administrator.',
  },
  'no-account': {
    title: 'You do not have an account yet',
    body: 'Your council has not allowed accounts to be created when people first sign in. Ask your administrator to add you.',
  },
  disabled: { title: 'Your account has been disabled', body: 'Ask your administrator if you think this is wrong.' },
  'unverified-email': {
    title: 'We could not sign you in',
    body: 'Your council account did not give a verified email address. Ask your council’s IT service desk.',
  },
  'not-configured': { title: 'Single sign-on is not set up', body: 'Sign in with your email address and password, or ask your administrator.' },
};

/** "14 minutes": when a limit lifts, rounded up so the person never comes back too early. */
export function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The sign-in page, whose single sign-on form may lead (by a redirect) to any council's identity provider. */
async function renderSignIn(reply: FastifyReply, sso: SsoService, returnTo: unknown, email: string, errors?: FormErrors, signedOutAfterMinutes?: number) {
  const origins = await sso.formActionOrigins();
  const policy = reply.getHeader('content-security-policy');
  if (origins.length && typeof policy === 'string') {
    reply.header('content-security-policy', policy.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`));
  }
  return reply.render('accounts/views/sign-in.njk', { title: 'Sign in', returnTo: safeReturnPath(returnTo), values: { email }, errors, signedOutAfterMinutes });
}

/** An error on the single sign-on form's email field (its own id, beside the password form's). */
const ssoEmailError = (message: string): FormErrors => {
  const view = errorViewModel([{ path: 'ssoEmail', message }]);
  return { ...view, errorList: view.errorList.map((e) => ({ ...e, href: '#sso-email' })) };
};

const ssoStartQuery = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().min(1, { error: 'Enter your email address' }).email({ error: 'Enter an email address in the correct format, like name@example.gov.uk' })),
  returnTo: z.unknown().optional(),
});

/**
 * Sign-in and sign-out. Failed sign-ins are limited per client address and per account (the email tried);
 * successful ones count against neither (src/core/auth/sign-in-limits.ts). A password sign-in may go on to
 * a second factor (second-factor.routes.ts); a council's staff may sign in with their council account
 * (single sign-on: the email's domain sends them to their council's issuer).
 */
export function signInRoutes(app: FastifyInstance, accounts: AccountsService, sso: SsoService, config: Config) {
  const route = router(app);
  const cookie = (maxAge: number, path = '/') => ({ path, httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, maxAge });

  route.get(paths.signIn, { access: 'public' }, ({ actor, query, reply }) =>
    renderSignIn(reply, sso, query.returnTo, query.email ?? '', undefined, query.signedOut === 'yes' && !actor ? config.sessionIdleMinutes : undefined),
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
      invalid: ({ values, reply }, errors) => renderSignIn(reply, sso, values.returnTo, text(values.email).trim(), errors),
    },
    async ({ request, body, reply }) => {
      const outcome = await accounts.signIn(body.email, body.password, clientAddress(request), body.returnTo);
      if (outcome.kind === 'too-many') {
        const retryIn = inMinutes(outcome.retryInMs);
        reply.header('retry-after', Math.ceil(outcome.retryInMs / 1000));
        if (outcome.limit === 'address') throw new TooManyRequests(`Too many attempts to sign in from your network. Try again in ${retryIn}.`);
        // The same words whether or not the email has an account, so a lock reveals nothing.
        const message = `Too many failed attempts to sign in with this email address. Try again in ${retryIn}.`;
        return renderSignIn(reply.code(429), sso, body.returnTo, body.email, errorViewModel([{ path: 'email', message }]));
      }
      if (outcome.kind === 'refused') return renderSignIn(reply.code(400), sso, body.returnTo, body.email, errorViewModel([{ path: 'email', message: WRONG_DETAILS }]));
      if (outcome.kind === 'use-sso') return renderSignIn(reply.code(400), sso, body.returnTo, body.email, errorViewModel([{ path: 'email', message: USE_SSO }]));
      if (outcome.kind === 'second-factor') {
        reply.setCookie(CHALLENGE_COOKIE, outcome.challengeToken, cookie(600, paths.signIn));
        return reply.redirect(outcome.step === 'code' ? paths.signInCode : paths.signInAuthenticator, 303);
      }
      reply.setCookie(SESSION_COOKIE, outcome.sessionToken, cookie(config.sessionHours * 3600));
      return reply.redirect(body.returnTo, 303);
    },
  );

  // Single sign-on starts from the email address: its domain names the council, whose issuer it goes to.
  route.get(
    paths.sso.start,
    {
      access: 'public',
      query: ssoStartQuery,
      rateLimit: { max: 30, timeWindow: 60_000 },
      invalid: ({ query, reply }, errors) => renderSignIn(reply, sso, query.returnTo, text(query.email).trim(), ssoEmailError(errors.errorList[0]?.text ?? NO_SSO)),
    },
    async ({ query, reply }) => {
      const returnTo = safeReturnPath(query.returnTo);
      const orgId = await sso.councilFor(query.email);
      if (!orgId) return renderSignIn(reply.code(400), sso, returnTo, query.email, ssoEmailError(NO_SSO));
      const { url, state } = await sso.start(orgId, query.email, returnTo);
      reply.setCookie(SSO_STATE_COOKIE, state, cookie(600, paths.sso.start));
      return reply.redirect(url, 303);
    },
  );

  route.get(paths.sso.callback, { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } }, async ({ request, reply }) => {
    const state = request.cookies[SSO_STATE_COOKIE];
    reply.clearCookie(SSO_STATE_COOKIE, { path: paths.sso.start });
    const outcome = await sso.finish(state, new URL(request.url, config.publicBaseUrl));
    if (outcome.kind === 'refused') {
      const refusal = SSO_REFUSALS[outcome.reason];
      return reply.code(403).render('accounts/views/sso-refused.njk', { title: refusal.title, refusal });
    }
    reply.setCookie(SESSION_COOKIE, outcome.sessionToken, cookie(config.sessionHours * 3600));
    return reply.redirect(safeReturnPath(outcome.returnTo), 303);
  });

  route.post(paths.signOut, { access: 'public', body: noBody }, async ({ request, reply }) => {
    const token = request.cookies[SESSION_COOKIE];
    const method = token ? await accounts.signOut(token) : undefined;
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // A single sign-on session ends at the issuer too, where it supports RP-initiated logout. Browsers apply a
    // page's CSP form-action to a redirect after its form, so this page goes on to the issuer by itself instead.
    const atIssuer = method === 'sso' && request.actor ? await sso.endSessionUrl(request.actor.orgId) : undefined;
    if (atIssuer) {
      request.actor = undefined; // signed out now: the page shows no account bar
      return reply.render('accounts/views/signed-out.njk', { title: 'You have signed out', endSessionUrl: atIssuer });
    }
    return reply.redirect(paths.signIn, 303);
  });
}

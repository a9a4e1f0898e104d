import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Actor, RequestUnitOfWork, Store } from '../db/database.ts';
import { findActorBySession, findActorByToken } from '../auth/identity.repository.ts';
import { readBrand, type Brand } from '../brand/brand.ts';
import { sha256 } from '../auth/secrets.ts';
import { Unauthenticated } from '../errors.ts';
import { registerErrorHandling } from './error-handling.ts';
import { offGovukStylesheet } from './govuk-stylesheet.ts';
import { paths } from './paths.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { createViews, govukDir, mojDir, srcDir } from './views.ts';

export const SESSION_COOKIE = 'co_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    /** The council's brand for the page's header and footer (pages only). */
    brand: Brand | undefined;
    /** Which kind of caller: API clients get problem documents, browsers get pages. */
    isApi: boolean;
    /** The request's one transaction as its actor (src/core/http/route.ts opens it; onSend ends it). */
    unitOfWork: RequestUnitOfWork | undefined;
    unitOfWorkFailed: boolean;
    /** A file upload's CSRF token, from its first part (src/core/http/route.ts checks it before the handler). */
    multipartCsrf: string | undefined;
    /** The request came with a session cookie whose session has ended. */
    sessionEnded: boolean;
  }
  interface FastifyInstance {
    readonly store: Store;
  }
  interface FastifyReply {
    render(template: string, model?: Record<string, unknown>): FastifyReply;
  }
}

export interface AppContext {
  readonly config: Config;
  readonly store: Store;
}

/** Builds the HTTP app with its shared plumbing; each capability adds its routes through `routes`. */
export async function createHttpApp(context: AppContext, routes: (app: FastifyInstance) => Promise<void> | void) {
  const { config, store } = context;
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: config.env === 'production',
    bodyLimit: 25 * 1024 * 1024,
  });
  const views = createViews();

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.cookieSecure && config.env === 'production' ? [] : null,
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, {
    root: [path.resolve(srcDir, '../public'), path.join(govukDir, 'govuk'), path.join(govukDir, 'govuk/assets'), mojDir, path.join(mojDir, 'assets')],
    prefix: '/assets/',
    // Not GOV.UK's own images (the crown, the crest) or typeface: a council's service may not use them.
    allowedPath: (pathName) => /\.(css|js|mjs|map|woff2?|png|svg|ico|json)$/.test(pathName) && !/^\/?(images|fonts)\//.test(pathName),
    maxAge: config.env === 'production' ? '1d' : 0,
  });
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(store) });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'co_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure },
    // A file upload's token is its form's first field, read by the route pipeline (never the URL: issue 15).
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf ?? request.multipartCsrf,
  });

  app.decorate('store', store);
  // Every page and API route goes through the pipeline (src/core/http/route.ts); one written any other way
  // would skip its checks, so the app refuses to start with it. Only the health check and static files are bare.
  app.addHook('onRoute', (route) => {
    const bare = route.url === paths.healthz || route.url.startsWith('/assets/') || [route.method].flat().every((m) => m === 'HEAD');
    if (!bare && !route.config?.pipeline) {
      throw new Error(`${String(route.method)} ${route.url} is not registered through the route pipeline (router(app) in src/core/http/route.ts)`);
    }
  });
  app.decorateRequest('actor', undefined);
  app.decorateRequest('brand', undefined);
  app.decorateRequest('multipartCsrf', undefined);
  app.decorateRequest('sessionEnded', false);
  app.decorateRequest('isApi', false);
  app.decorateRequest('unitOfWork', undefined);
  app.decorateRequest('unitOfWorkFailed', false);
  // The request's writes are committed before the reply leaves, so what it reports is what is stored; a
  // handler that failed has its transaction rolled back. (Ending twice is harmless: the error reply comes here too.)
  app.addHook('onSend', async (request) => {
    const unit = request.unitOfWork;
    if (unit) await (request.unitOfWorkFailed ? unit.rollback() : unit.commit());
  });
  // A client that went away before the reply still frees the connection.
  app.addHook('onResponse', async (request) => {
    await request.unitOfWork?.rollback();
  });
  app.addHook('onRequest', async (request) => {
    request.isApi = request.url.startsWith('/api/');
    request.actor = await resolveActor(request, store, config.sessionIdleMinutes);
    // Pages' frame (header and footer): not for the API, static files or the health check.
    // Every page's frame: one statement outside any transaction (src/core/brand/brand.ts), cheaper than keeping it.
    if (!request.isApi && !request.url.startsWith('/assets/') && request.url !== paths.healthz) request.brand = await readBrand(store.db, request.actor);
  });
  // CSRF is checked once the form body is parsed; the API is Bearer-only, so carries no ambient credentials.
  // A file upload's is checked by the route pipeline when it reads the form's first part (route.ts).
  app.addHook('preValidation', (request, reply, done) => {
    if (request.isApi || ['GET', 'HEAD', 'OPTIONS'].includes(request.method) || isMultipart(request)) return done();
    app.csrfProtection(request, reply, done);
  });

  app.decorateReply('render', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
    const html = views.render(template, {
      ...model,
      actor: this.request.actor,
      brand: this.request.brand,
      // Signed in with a session (not a token): the page warns before it ends (the timeout warning in app.js).
      sessionIdleSeconds: this.request.actor && this.request.cookies[SESSION_COOKIE] ? config.sessionIdleMinutes * 60 : undefined,
      csrfToken: this.generateCsrf(),
      cspNonce: this.cspNonce?.script,
      currentPath: this.request.url,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  registerErrorHandling(app);
  app.get(paths.healthz, () => ({ status: 'ok' }));
  // GOV.UK Frontend's stylesheet without GOV.UK's own typeface (see govuk-stylesheet.ts).
  const stylesheet = offGovukStylesheet();
  app.get('/assets/govuk-frontend.min.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', config.env === 'production' ? 'public, max-age=86400' : 'no-cache').send(stylesheet),
  );
  await routes(app);
  return app;
}

async function resolveActor(request: FastifyRequest, store: Store, idleMinutes: number): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // One statement as the system, outside any transaction, as for a session below.
    const actor = match ? await findActorByToken(store.db, sha256(match[1]!)) : undefined;
    if (!actor) throw new Unauthenticated('The API token is missing, malformed, revoked or unknown');
    return actor;
  }
  if (request.isApi) return undefined;
  const session = request.cookies[SESSION_COOKIE];
  if (!session) return undefined;
  // One statement as the system (no row-level security), outside any transaction: one round trip, not three.
  const actor = await findActorBySession(store.db, sha256(session), idleMinutes);
  // A session cookie whose session has ended (idle too long, expired, signed out elsewhere): the sign-in page says so.
  request.sessionEnded = !actor;
  return actor;
}

/** For pages: the signed-in actor, or a redirect to sign in. For the API: the token's actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}

export function isMultipart(request: FastifyRequest): boolean {
  return request.headers['content-type']?.toLowerCase().startsWith('multipart/form-data') ?? false;
}

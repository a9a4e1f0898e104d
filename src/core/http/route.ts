import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type Permission } from '../auth/permissions.ts';
import type { Actor } from '../db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated, type FieldError } from '../errors.ts';
import { errorViewModel, foldDateInputs, toFieldErrors } from '../forms.ts';
import { isUuid } from '../ids.ts';
import { isMultipart } from './app.ts';

/**
 * The one way to write a route, page or API. Each route declares who may call it, which path parameters
 * are record ids, and the schemas of its query and body; the pipeline then, in this order:
 *
 *   1. requires a signed-in user (unless the route is public): 401 for the API, the sign-in page for people;
 *   2. checks the permission, before anything the caller sent is looked at, so a refusal never depends on it;
 *   3. checks the ids (anything else is a page that does not exist: 404);
 *   4. refuses text PostgreSQL cannot store (NUL, lone surrogates), naming the field;
 *   5. parses the query and the body with their zod schemas (GOV.UK date inputs folded first);
 *   6. runs the handler inside the request's unit of work: one transaction as the user, committed before
 *      the reply is sent, rolled back if the handler fails.
 *
 * Field errors (a schema's, or Invalid thrown by a service) become a problem document on the API and, on a
 * page that says how (`invalid`), the form shown again with the GOV.UK error summary and what was typed.
 */

/** Who may call a route: one permission (or any of several), any signed-in user, or anyone. */
export type Access = Permission | readonly Permission[] | 'signed-in' | 'public';

/** The posted form as typed, without its CSRF token: for showing a form again. */
export type FormValues = Record<string, unknown>;

/** GOV.UK error summary and inline messages. */
export type FormErrors = ReturnType<typeof errorViewModel>;

export interface RouteContext<Ids extends string = never, Q = Record<string, string>, B = undefined, A extends Access = Access> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly actor: A extends 'public' ? Actor | undefined : Actor;
  readonly ids: Readonly<Record<Ids, string>>;
  readonly query: Q;
  readonly body: B;
  /** What was posted, as typed (dates still in their parts): for showing a form again. */
  readonly values: FormValues;
}

export type InvalidHandler<Ids extends string, Q, A extends Access> = (
  context: RouteContext<Ids, Q, undefined, A>,
  errors: FormErrors,
) => unknown;

interface RouteOptions<Ids extends string, QS extends z.ZodType | undefined, A extends Access> {
  readonly access: A;
  /** Path parameters that are record ids (`:id`): anything that is not one is a 404. */
  readonly ids?: readonly Ids[];
  /** What the ids name, for the 404's message (`'Service'`: "Service not found"), as the service would say it. */
  readonly notFound?: string;
  /** The query string's schema; without one, the handler gets each parameter's first value as text. */
  readonly query?: QS;
  /**
   * Pages: shows the form (or search form) again with the errors, status 400 already set. Without it, field
   * errors get the error page. The API always answers with a problem document.
   */
  readonly invalid?: InvalidHandler<Ids, Query<QS>, A>;
  /** Where the error summary links for a field the form lays out in its own way (the first of a row, say). */
  readonly errorHref?: (path: string) => string | undefined;
  /**
   * At most `max` requests per address in `timeWindow` milliseconds (public forms and searches), checked before
   * anything else, on this route's own counter in the database (src/core/http/rate-limit-store.ts).
   */
  readonly rateLimit?: { readonly max: number; readonly timeWindow: number };
}

interface BodyOptions<Ids extends string, QS extends z.ZodType | undefined, BS extends z.ZodType | typeof multipart, A extends Access>
  extends RouteOptions<Ids, QS, A> {
  /** The body's schema (`noBody` for a button with nothing to send, `multipart` for a file upload). */
  readonly body: BS;
  /** GOV.UK date inputs posted as `name-day`, `name-month`, `name-year`, folded into one ISO date. */
  readonly dates?: readonly string[];
}

type Query<QS> = QS extends z.ZodType ? z.output<QS> : Record<string, string>;
type Body<BS> = BS extends z.ZodType ? z.output<BS> : BS extends typeof multipart ? Parts : undefined;
type Handler<Ids extends string, Q, B, A extends Access> = (context: RouteContext<Ids, Q, B, A>) => unknown;

/** For a form whose only field is its button. */
export const noBody = z.object({}).loose();
/**
 * For a file upload: the handler reads the parts itself (its `body`), after the pipeline has checked the
 * form's CSRF token, which must be its first field (`<input type="hidden" name="_csrf">` before the others),
 * so that the token never travels in the address.
 */
export const multipart = Symbol('multipart');

/** A file upload's parts after its CSRF token. */
export type Parts = AsyncIterable<Multipart>;

/**
 * The one file of an upload form, read whole (for files small enough to hold: a few thousand rows at most);
 * other fields are passed over, and further files drained. The pipeline has already checked the form's token.
 */
export async function readWholeFile(parts: Parts): Promise<{ name: string; content: Buffer; truncated: boolean } | undefined> {
  let file: { name: string; content: Buffer; truncated: boolean } | undefined;
  for await (const part of parts) {
    if (part.type === 'field') continue;
    if (!part.filename || file) {
      for await (const _ of part.file) void _;
      continue;
    }
    const content = await part.toBuffer().catch(() => Buffer.alloc(0));
    file = { name: part.filename, content, truncated: part.file.truncated };
  }
  return file;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route the pipeline registers; the app refuses routes without it. */
    pipeline?: true;
  }
}

export interface Router {
  get<A extends Access, Ids extends string = never, QS extends z.ZodType | undefined = undefined>(
    path: string,
    options: RouteOptions<Ids, QS, A>,
    handler: Handler<Ids, Query<QS>, undefined, A>,
  ): void;
  post<A extends Access, BS extends z.ZodType | typeof multipart, Ids extends string = never, QS extends z.ZodType | undefined = undefined>(
    path: string,
    options: BodyOptions<Ids, QS, BS, A>,
    handler: Handler<Ids, Query<QS>, Body<BS>, A>,
  ): void;
  put<A extends Access, BS extends z.ZodType, Ids extends string = never, QS extends z.ZodType | undefined = undefined>(
    path: string,
    options: BodyOptions<Ids, QS, BS, A>,
    handler: Handler<Ids, Query<QS>, Body<BS>, A>,
  ): void;
  patch<A extends Access, BS extends z.ZodType, Ids extends string = never, QS extends z.ZodType | undefined = undefined>(
    path: string,
    options: BodyOptions<Ids, QS, BS, A>,
    handler: Handler<Ids, Query<QS>, Body<BS>, A>,
  ): void;
  delete<A extends Access, Ids extends string = never, QS extends z.ZodType | undefined = undefined>(
    path: string,
    options: RouteOptions<Ids, QS, A>,
    handler: Handler<Ids, Query<QS>, undefined, A>,
  ): void;
}

/** The routes of a capability, registered through the pipeline. */
export function router(app: FastifyInstance): Router {
  const register =
    (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
    (path: string, options: RouteOptions<string, z.ZodType | undefined, Access> & Partial<BodyOptions<string, z.ZodType | undefined, z.ZodType | typeof multipart, Access>>, handler: Handler<string, unknown, unknown, Access>) => {
      app.route({
        method,
        url: path,
        config: { pipeline: true, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
        handler: (request, reply) => runRoute(app, request, reply, options, handler),
      });
    };
  return { get: register('GET'), post: register('POST'), put: register('PUT'), patch: register('PATCH'), delete: register('DELETE') } as Router;
}

async function runRoute(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: RouteOptions<string, z.ZodType | undefined, Access> & Partial<BodyOptions<string, z.ZodType | undefined, z.ZodType | typeof multipart, Access>>,
  handler: Handler<string, unknown, unknown, Access>,
): Promise<unknown> {
  const actor = request.actor;
  if (options.access !== 'public') {
    if (!actor) throw new Unauthenticated();
    if (options.access !== 'signed-in') {
      const allowed = typeof options.access === 'string' ? [options.access as Permission] : (options.access);
      if (!allowed.some((p) => can(actor, p))) throw new Forbidden();
    }
  }
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const ids: Record<string, string> = {};
  for (const name of options.ids ?? []) {
    const value = params[name];
    if (!isUuid(value)) throw new NotFound(options.notFound);
    ids[name] = value;
  }

  const rawQuery = firstValues(request.query);
  const values = formValues(request.body);
  const context = { request, reply, actor, ids, query: rawQuery as unknown, body: undefined as unknown, values };
  const dates = options.dates ?? [];
  const showInvalid = (errors: readonly FieldError[]) => {
    if (request.isApi || !options.invalid) throw new Invalid(errors);
    reply.code(400);
    return options.invalid(context as RouteContext<string, unknown, undefined, Access>, formErrors(errors, dates, options.errorHref));
  };

  const work = async () => {
    if (options.body === multipart) context.body = request.isApi ? request.parts() : await checkedParts(app, request, reply);
    // Only an upload's route reads (and checks the token of) a multipart body: any other route refuses one.
    else if (isMultipart(request) && !request.isApi) throw Object.assign(new Error('Missing csrf secret'), { code: 'FST_CSRF_MISSING_SECRET', statusCode: 403 });
    const unstorable = unstorableText({ ...params, ...(request.query as object) }, '') ?? (options.body === multipart ? undefined : unstorableText(request.body, ''));
    if (unstorable) return showInvalid([unstorable]);
    if (options.query) {
      const parsed = options.query.safeParse(request.query ?? {});
      if (!parsed.success) return showInvalid(toFieldErrors(parsed.error));
      context.query = parsed.data;
    }
    if (options.body && options.body !== multipart) {
      const input = isPlainObject(request.body) ? { ...request.body } : (request.body ?? {});
      if (isPlainObject(input)) {
        delete input._csrf;
        for (const name of dates) foldDateInputs(input, name);
      }
      const parsed = options.body.safeParse(input);
      if (!parsed.success) return showInvalid(toFieldErrors(parsed.error));
      context.body = parsed.data;
    }
    try {
      return await handler(context);
    } catch (error) {
      const errors = fieldErrors(error);
      if (errors && !request.isApi && options.invalid) return showInvalid(errors);
      throw error;
    }
  };

  if (!actor) return work();
  const unit = app.store.openRequest(actor);
  request.unitOfWork = unit;
  try {
    return await unit.run(work);
  } catch (error) {
    request.unitOfWorkFailed = true;
    throw error;
  }
}

/** Reads an upload's first part, its CSRF token, and checks it; the rest are the handler's to read. */
async function checkedParts(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<Parts> {
  const parts = request.parts()[Symbol.asyncIterator]();
  const first = await parts.next();
  request.multipartCsrf = !first.done && first.value.type === 'field' && first.value.fieldname === '_csrf' && typeof first.value.value === 'string' ? first.value.value : undefined;
  await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())));
  return { [Symbol.asyncIterator]: () => parts };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function firstValues(query: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[key] = first;
  }
  return values;
}

function formValues(body: unknown): FormValues {
  if (!isPlainObject(body)) return {};
  const values = { ...body };
  delete values._csrf;
  return values;
}

/** Field errors a form can show inline: validation failures, and conflicts that name their field. */
export function fieldErrors(error: unknown): readonly FieldError[] | undefined {
  if (error instanceof Invalid) return error.errors;
  if (error instanceof Conflict && error.field) return [{ path: error.field, message: error.message }];
  return undefined;
}

/** The error summary and inline messages, with links that land on the first input of a GOV.UK date input. */
export function formErrors(errors: readonly FieldError[], dates: readonly string[] = [], href?: (path: string) => string | undefined): FormErrors {
  const view = errorViewModel(errors);
  return {
    ...view,
    errorList: view.errorList.map((item, index) => {
      const path = errors[index]!.path;
      const custom = href?.(path);
      if (custom) return { ...item, href: custom };
      return dates.includes(path) ? { ...item, href: `#${path}-day` } : item;
    }),
  };
}

/**
 * The first piece of text PostgreSQL cannot store: a NUL character, or half of a surrogate pair (which
 * would be stored as U+FFFD, silently changing what was sent).
 */
export function unstorableText(value: unknown, path: string): FieldError | undefined {
  if (typeof value === 'string') {
    const field = path || 'body';
    if (value.includes('\u0000')) return { path: field, message: `${label(field)} must not contain a NUL character (U+0000)` };
    if (!value.isWellFormed()) return { path: field, message: `${label(field)} must be valid Unicode text (it contains half of a surrogate pair)` };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableText(item, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = unstorableText(key, path ? `${path}.${key}` : key);
      if (keyProblem) return keyProblem;
      const found = unstorableText(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

const label = (path: string) => {
  const last = path.split('.').at(-1) ?? path;
  return /^\d+$/.test(last) ? `Item ${Number(last) + 1} of ${path.split('.').slice(0, -1).join('.') || 'the list'}` : `‘${last}’`;
};

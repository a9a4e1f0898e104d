import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Invalid, ServiceBusy, TooManyRequests, Unauthenticated, fromDatabaseError, type FieldError } from '../errors.ts';
import { paths, withQuery } from './paths.ts';

const PAGE_TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  409: 'That change could not be made',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is busy',
};

/**
 * The one place where errors become responses: problem+json for the API, GOV.UK error pages for people,
 * never a stack trace. Unknown errors are logged with the request id and shown as a 500.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domain = toDomainError(error);
    if (domain.status >= 500) request.log.error({ err: error }, 'request failed');
    if (domain instanceof Unauthenticated && !request.isApi) {
      return reply.redirect(withQuery(paths.signIn, { returnTo: request.method === 'GET' ? request.url : undefined, signedOut: request.sessionEnded ? 'yes' : undefined }), 303);
    }
    const errors: readonly FieldError[] | undefined = domain instanceof Invalid ? domain.errors : undefined;
    const detail = domain.status >= 500 && !(domain instanceof ServiceBusy) ? undefined : domain.message;
    if (domain instanceof ServiceBusy) void reply.header('retry-after', '1');
    if (request.isApi || !acceptsHtml(request)) {
      return sendProblem(reply, domain.status, PAGE_TITLES[domain.status] ?? 'Error', detail, errors);
    }
    return reply.code(domain.status).render('core/views/error.njk', {
      title: PAGE_TITLES[domain.status] ?? 'Error',
      status: domain.status,
      detail: domain.status === 404 ? undefined : detail,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.isApi || !acceptsHtml(request)) return sendProblem(reply, 404, 'Not found', `No resource at ${request.url}`);
    return reply.code(404).render('core/views/error.njk', { title: PAGE_TITLES[404], status: 404 });
  });
}

export function sendProblem(reply: FastifyReply, status: number, title: string, detail?: string, errors?: readonly FieldError[]) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) });
}

function acceptsHtml(request: FastifyRequest) {
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

function toDomainError(error: FastifyError): DomainError {
  if (error instanceof DomainError) return error;
  const fromDb = fromDatabaseError(error);
  if (fromDb) return fromDb;
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return new Invalid([{ path: 'body', message: 'Your form has expired. Go back, reload the page and try again.' }]);
  }
  if (error.statusCode === 429) return new TooManyRequests();
  if (error.validation) {
    return new Invalid(error.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body', message: v.message ?? 'is not valid' })));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const wrapped = new Invalid([{ path: 'body', message: error.message }]);
    return error.statusCode === 400 ? wrapped : new DomainError(error.message, error.statusCode);
  }
  return new DomainError('Internal error');
}

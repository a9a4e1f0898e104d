import type { FastifyRequest } from 'fastify';
import { Invalid, NotFound } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';

/** Small helpers the assessment pages share. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in the URL; anything that is not an id is a page that does not exist. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new NotFound();
  return value;
}

/** The posted form without its CSRF token; checkbox groups stay lists. */
export function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = { ...((request.body ?? {}) as Record<string, unknown>) };
  delete body._csrf;
  return body;
}

export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = ((request.query ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The error view model for a form; undefined for errors that are not about fields (the error handler takes those). */
export function formErrors(error: unknown, dateFields: readonly string[] = []) {
  if (!(error instanceof Invalid)) return undefined;
  const view = errorViewModel(error.errors);
  return {
    ...view,
    errorList: view.errorList.map((item, index) => (dateFields.includes(error.errors[index]!.path) ? { ...item, href: `#${error.errors[index]!.path}-day` } : item)),
  };
}

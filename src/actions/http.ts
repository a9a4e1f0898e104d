import type { FastifyRequest } from 'fastify';
import { Invalid, NotFound } from '../core/errors.ts';
import { errorViewModel, foldDateInputs } from '../core/forms.ts';

/** Small helpers the action plan and visit pages share. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in the URL; anything that is not an id is a page that does not exist. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new NotFound();
  return value;
}

/** The posted form without its CSRF token, with GOV.UK date inputs folded into ISO dates. */
export function formBody(request: FastifyRequest, dateFields: readonly string[] = []): Record<string, unknown> {
  const body = { ...((request.body ?? {}) as Record<string, unknown>) };
  delete body._csrf;
  for (const field of dateFields) foldDateInputs(body, field);
  return body;
}

export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = ((request.query ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export type FormErrors = ReturnType<typeof errorViewModel>;

/** The error view model for a form, linking date errors to the day field; undefined for errors that are not about fields. */
export function formErrors(error: unknown, dateFields: readonly string[] = []): FormErrors | undefined {
  if (!(error instanceof Invalid)) return undefined;
  const view = errorViewModel(error.errors);
  return {
    ...view,
    errorList: view.errorList.map((item, i) => {
      const path = error.errors[i]!.path;
      return dateFields.includes(path) ? { ...item, href: `#${path}-day` } : item;
    }),
  };
}

/** The text of a posted field, for re-displaying a form. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
export const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

import type { FastifyRequest } from 'fastify';
import { Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';

/** Small helpers the intelligence pages share. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record id in the URL; anything that is not an id is a page that does not exist. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new NotFound();
  return value;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The posted form without its CSRF token; checkbox groups stay lists. */
export function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = { ...((request.body ?? {}) as Record<string, unknown>) };
  delete body._csrf;
  return body;
}

export function query(request: FastifyRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export function pageNumber(value: string | undefined): number {
  return value && /^\d{1,6}$/.test(value) ? Number(value) : 1;
}

/**
 * The error view model for a form, with links that land on the first input of a GOV.UK date input.
 * Returns undefined for errors that are not about fields, so the one error handler deals with them.
 */
export function formErrors(error: unknown, dateFields: readonly string[] = []) {
  if (!(error instanceof Invalid)) return undefined;
  const view = errorViewModel(error.errors);
  return {
    ...view,
    errorList: view.errorList.map((item, index) => {
      const path = (error.errors[index] as FieldError).path;
      return dateFields.includes(path) ? { ...item, href: `#${path}-day` } : item;
    }),
  };
}

/** Options for a GOV.UK select, radios or checkboxes from a label map, marking the chosen ones. */
export function choices(labels: Record<string, string>, chosen: unknown, extra: (key: string) => Record<string, unknown> = () => ({})) {
  const selected = new Set((Array.isArray(chosen) ? chosen : chosen === undefined || chosen === null ? [] : [chosen]).map(String));
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: selected.has(value), selected: selected.has(value), ...extra(value) }));
}

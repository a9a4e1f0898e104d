import type { FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { errorViewModel, text } from '../core/forms.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record id in the URL; anything that is not an id is a page that does not exist. */
export function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id?: string };
  if (!id || !UUID.test(id)) throw new NotFound();
  return id;
}

export function formBody(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== '_csrf') values[key] = text(value);
  }
  return values;
}

/** Field errors a form can show inline: validation failures, and conflicts that name their field. */
export function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  if (error instanceof Invalid) return [...error.errors];
  if (error instanceof Conflict && error.field) return [{ path: error.field, message: error.message }];
  return undefined;
}

/**
 * Runs a form's action; on a field error re-renders the form with status 400, the error summary, inline
 * messages and the values the person typed. Any other error goes to the one error handler.
 */
export async function handleForm(
  reply: FastifyReply,
  action: () => Promise<unknown>,
  form: { template: string; model: Record<string, unknown>; onSuccess: () => FastifyReply | Promise<FastifyReply> },
) {
  try {
    await action();
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return reply.code(400).render(form.template, { ...form.model, errors: errorViewModel(errors) });
  }
  return form.onSuccess();
}

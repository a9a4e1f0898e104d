import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts, text as posted, textList } from '../core/forms.ts';
import type { FormErrors, FormValues, Router } from '../core/http/route.ts';
import { ATTENDEE_ROWS } from './escalation.schemas.ts';

/**
 * The escalation forms are all "a few fields and a button", so one template renders them from field
 * descriptions; these helpers build the descriptions (showing again what the user typed after an error),
 * and `formRoute` registers a form's page and its POST through the route pipeline.
 */

export interface Field {
  readonly type: 'radios' | 'textarea' | 'date' | 'text' | 'checkboxes' | 'checkbox' | 'select' | 'attendees';
  readonly name: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly value?: unknown;
  readonly items?: readonly Record<string, unknown>[];
  readonly classes?: string;
}

export const radios = (name: string, label: string, options: Record<string, string>, values: FormValues, hint?: string): Field => ({
  type: 'radios',
  name,
  label,
  hint,
  items: Object.entries(options).map(([value, text]) => ({ value, text, checked: posted(values[name]) === value })),
});

export const textarea = (name: string, label: string, values: FormValues, hint?: string): Field => ({ type: 'textarea', name, label, hint, value: posted(values[name]) });

export const text = (name: string, label: string, values: FormValues, hint?: string, classes?: string): Field => ({
  type: 'text',
  name,
  label,
  hint,
  value: posted(values[name]),
  ...(classes ? { classes } : {}),
});

/** A GOV.UK date input: the parts typed, or the ISO date split for a first display. */
export const date = (name: string, label: string, values: FormValues, hint = 'For example, 27 3 2026'): Field => {
  const typed = ['day', 'month', 'year'].some((p) => values[`${name}-${p}`] !== undefined);
  const parts = typed
    ? { day: posted(values[`${name}-day`]), month: posted(values[`${name}-month`]), year: posted(values[`${name}-year`]) }
    : dateParts(posted(values[name]));
  return { type: 'date', name, label, hint, value: parts };
};

export const checkboxes = (name: string, label: string, options: readonly { value: string; text: string; hint?: string }[], values: FormValues, hint?: string): Field => {
  const chosen = new Set(textList(values[name]));
  return {
    type: 'checkboxes',
    name,
    label,
    hint,
    items: options.map((o) => ({ value: o.value, text: o.text, ...(o.hint ? { hint: { text: o.hint } } : {}), checked: chosen.has(o.value) })),
  };
};

export const checkbox = (name: string, label: string, values: FormValues, hint?: string): Field => ({
  type: 'checkbox',
  name,
  label,
  hint,
  items: [{ value: 'yes', text: label, checked: values[name] === 'yes' || values[name] === true }],
});

export const select = (name: string, label: string, options: readonly { value: string; text: string }[], values: FormValues, hint?: string): Field => ({
  type: 'select',
  name,
  label,
  hint,
  items: options.map((o) => ({ value: o.value, text: o.text, selected: posted(values[name]) === o.value })),
});

/** Rows of attendee fields (name, organisation type, organisation): blank rows are ignored. */
export const attendees = (values: FormValues, types: Record<string, string>): Field => ({
  type: 'attendees',
  name: 'attendees',
  label: 'Who attended',
  hint: 'Council staff, the provider, CQC, health and other placing councils. Leave unused rows blank.',
  items: Array.from({ length: ATTENDEE_ROWS }, (_, i) => ({
    index: i + 1,
    name: posted(values[`attendeeName${i + 1}`]),
    organisation: posted(values[`attendeeOrganisation${i + 1}`]),
    typeItems: [{ value: '', text: 'Select' }, ...Object.entries(types).map(([value, t]) => ({ value, text: t, selected: posted(values[`attendeeType${i + 1}`]) === value }))],
  })),
});

/** Errors about attendees (the list, or a field of one of them) link to the name of the row they are about. */
function attendeeErrorHref(path: string): string | undefined {
  const attendee = /^attendees(?:\.(\d+))?/.exec(path);
  return attendee ? `#attendeeName${Number(attendee[1] ?? 0) + 1}` : undefined;
}

interface FormPage {
  readonly title: string;
  readonly caption?: string | undefined;
  readonly action: string;
  readonly submitText: string;
  readonly backLink: string;
  readonly intro?: string | undefined;
  readonly warning?: string | undefined;
  readonly fields: readonly Field[];
}

function renderForm(reply: FastifyReply, page: FormPage, errors?: FormErrors) {
  return reply.render('escalation/views/form.njk', { ...page, section: 'escalation', errors });
}

/**
 * A form page about one record (`:id` in its path): GET shows it, POST runs the change and redirects to
 * where `submit` says, or shows the form again with the errors and what was typed.
 */
export function formRoute<Body>(
  route: Router,
  path: string,
  options: {
    /** Checked before the form is shown, not only when it is sent. */
    access: Permission;
    body: z.ZodType<Body, unknown>;
    /** The GOV.UK date inputs of the form. */
    dates?: readonly string[];
    page: (actor: Actor, id: string, values: FormValues) => Promise<Omit<FormPage, 'action'>>;
    initial?: (actor: Actor, id: string) => FormValues | Promise<FormValues>;
    submit: (actor: Actor, id: string, body: Body) => Promise<string>;
  },
) {
  const show = async (reply: FastifyReply, actor: Actor, id: string, values: FormValues, errors?: FormErrors) =>
    renderForm(reply, { ...(await options.page(actor, id, values)), action: reply.request.url.split('?')[0]! }, errors);
  route.get(path, { access: options.access, ids: ['id'] }, async ({ actor, ids, reply }) => show(reply, actor, ids.id, options.initial ? await options.initial(actor, ids.id) : {}));
  route.post(
    path,
    {
      access: options.access,
      ids: ['id'],
      body: options.body,
      dates: options.dates ?? [],
      errorHref: attendeeErrorHref,
      invalid: ({ actor, ids, values, reply }, errors) => show(reply, actor, ids.id, values, errors),
    },
    async ({ actor, ids, body, reply }) => reply.redirect(await options.submit(actor, ids.id, body), 303),
  );
}

const NOTICES: Record<string, string> = {
  opened: 'Concerns procedure opened',
  escalated: 'Case escalated',
  'de-escalated': 'Case de-escalated',
  closed: 'Case closed',
  meeting: 'Meeting recorded',
  decision: 'Decision recorded',
  action: 'Action added',
  'action-done': 'Action marked as done',
  suspended: 'New placements suspended',
  lifted: 'Suspension lifted',
  'partly-lifted': 'Suspension lifted in part',
  reinstated: 'Suspension reinstated',
  'review-date': 'Review date changed',
  started: 'Contractual process started',
  ended: 'Contractual process ended',
};

/** The notice a record's page shows after a form sent there with `?done=…`. */
export const doneNotice = (query: Readonly<Record<string, string>>) => NOTICES[query.done ?? ''];

import type { FastifyReply, FastifyRequest } from 'fastify';
import { Invalid } from '../core/errors.ts';
import { dateParts, errorViewModel, foldDateInputs } from '../core/forms.ts';

/**
 * The escalation forms are all "a few fields and a button", so one template renders them from field
 * descriptions; these helpers build the descriptions and re-display what the user typed after an error.
 */

export type Values = Record<string, unknown>;

export interface Field {
  readonly type: 'radios' | 'textarea' | 'date' | 'text' | 'checkboxes' | 'checkbox' | 'select' | 'attendees';
  readonly name: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly value?: unknown;
  readonly items?: readonly Record<string, unknown>[];
  readonly classes?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

export const radios = (name: string, label: string, options: Record<string, string>, values: Values, hint?: string): Field => ({
  type: 'radios',
  name,
  label,
  hint,
  items: Object.entries(options).map(([value, text]) => ({ value, text, checked: str(values[name]) === value })),
});

export const textarea = (name: string, label: string, values: Values, hint?: string): Field => ({ type: 'textarea', name, label, hint, value: str(values[name]) });

export const text = (name: string, label: string, values: Values, hint?: string, classes?: string): Field => ({
  type: 'text',
  name,
  label,
  hint,
  value: str(values[name]),
  ...(classes ? { classes } : {}),
});

/** A GOV.UK date input: the parts typed, or the ISO date split for a first display. */
export const date = (name: string, label: string, values: Values, hint = 'For example, 27 3 2026'): Field => {
  const typed = ['day', 'month', 'year'].some((p) => values[`${name}-${p}`] !== undefined);
  const parts = typed
    ? { day: str(values[`${name}-day`]), month: str(values[`${name}-month`]), year: str(values[`${name}-year`]) }
    : dateParts(str(values[name]));
  return { type: 'date', name, label, hint, value: parts };
};

export const checkboxes = (name: string, label: string, options: readonly { value: string; text: string; hint?: string }[], values: Values, hint?: string): Field => {
  const chosen = new Set(list(values[name]));
  return {
    type: 'checkboxes',
    name,
    label,
    hint,
    items: options.map((o) => ({ value: o.value, text: o.text, ...(o.hint ? { hint: { text: o.hint } } : {}), checked: chosen.has(o.value) })),
  };
};

export const checkbox = (name: string, label: string, values: Values, hint?: string): Field => ({
  type: 'checkbox',
  name,
  label,
  hint,
  items: [{ value: 'yes', text: label, checked: values[name] === 'yes' || values[name] === true }],
});

export const select = (name: string, label: string, options: readonly { value: string; text: string }[], values: Values, hint?: string): Field => ({
  type: 'select',
  name,
  label,
  hint,
  items: options.map((o) => ({ value: o.value, text: o.text, selected: str(values[name]) === o.value })),
});

export const ATTENDEE_ROWS = 8;

/** Rows of attendee fields (name, organisation type, organisation): blank rows are ignored. */
export const attendees = (values: Values, types: Record<string, string>): Field => ({
  type: 'attendees',
  name: 'attendees',
  label: 'Who attended',
  hint: 'Council staff, the provider, CQC, health and other placing councils. Leave unused rows blank.',
  items: Array.from({ length: ATTENDEE_ROWS }, (_, i) => ({
    index: i + 1,
    name: str(values[`attendeeName${i + 1}`]),
    organisation: str(values[`attendeeOrganisation${i + 1}`]),
    typeItems: [{ value: '', text: 'Select' }, ...Object.entries(types).map(([value, t]) => ({ value, text: t, selected: str(values[`attendeeType${i + 1}`]) === value }))],
  })),
});

/** The attendee rows of a posted meeting form, as the API's `attendees` list. */
export function attendeesFromForm(body: Values): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let i = 1; i <= ATTENDEE_ROWS; i++) {
    const name = str(body[`attendeeName${i}`]).trim();
    const organisationType = str(body[`attendeeType${i}`]).trim();
    const organisation = str(body[`attendeeOrganisation${i}`]).trim();
    if (!name && !organisationType && !organisation) continue;
    rows.push({ name, organisationType, ...(organisation ? { organisation } : {}) });
  }
  return rows;
}

/** The posted form without its CSRF token, with each named date input folded into one ISO field. */
export function formBody(request: FastifyRequest, dateFields: readonly string[] = []): Values {
  const body = { ...((request.body ?? {}) as Values) };
  delete body._csrf;
  for (const name of dateFields) foldDateInputs(body, name);
  return body;
}

/** Error summary links that land on the first input of a date or attendee row. */
export function formErrors(error: unknown, dateFields: readonly string[] = []) {
  if (!(error instanceof Invalid)) return undefined;
  const view = errorViewModel(error.errors);
  return {
    ...view,
    errorList: view.errorList.map((item, index) => {
      const path = error.errors[index]!.path;
      if (dateFields.includes(path)) return { ...item, href: `#${path}-day` };
      const attendee = /^attendees(?:\.(\d+))?/.exec(path);
      if (attendee) return { ...item, href: `#attendeeName${Number(attendee[1] ?? 0) + 1}` };
      return item;
    }),
  };
}

export interface FormPage {
  readonly title: string;
  readonly caption?: string | undefined;
  readonly action: string;
  readonly submitText: string;
  readonly backLink: string;
  readonly intro?: string | undefined;
  readonly warning?: string | undefined;
  readonly fields: readonly Field[];
}

export function renderForm(reply: FastifyReply, page: FormPage, errors?: ReturnType<typeof formErrors>) {
  return reply.code(errors ? 400 : 200).render('escalation/views/form.njk', { ...page, section: 'escalation', errors });
}

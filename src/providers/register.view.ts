import { dateParts, text } from '../core/forms.ts';
import { CATEGORY_LABELS, CONTRACT_KIND_LABELS, CONTRACT_KINDS, SERVICE_CATEGORIES } from './categories.ts';
import type { NamedRef } from './register.ts';

/** View-model helpers shared by the register's pages: GOV.UK macro items built from domain values. */

type Values = Record<string, unknown>;

const str = text;

export function selectItems(choices: readonly NamedRef[], selected: unknown, emptyText: string) {
  return [
    { value: '', text: emptyText, selected: !selected },
    ...choices.map((c) => ({ value: c.id, text: c.name, selected: c.id === selected })),
  ];
}

export function categoryRadios(selected: unknown) {
  return SERVICE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c], checked: c === selected }));
}

export function categoryOptions(selected: unknown, emptyText: string) {
  return [{ value: '', text: emptyText, selected: !selected }, ...SERVICE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c], selected: c === selected }))];
}

export function contractKindRadios(selected: unknown) {
  return CONTRACT_KINDS.map((k) => ({ value: k, text: CONTRACT_KIND_LABELS[k], checked: k === selected }));
}

/** Form values for re-display: everything as text, yes/no for booleans. */
export function formValues(values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === '_csrf') continue;
    out[key] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : Array.isArray(value) ? str(value[0]) : str(value);
  }
  return out;
}

/** The three boxes of a GOV.UK date input, from the posted parts or from a stored ISO date. */
export function dateItems(values: Values, name: string, hasError: boolean) {
  const posted = ['day', 'month', 'year'].some((p) => values[`${name}-${p}`] !== undefined);
  const parts = posted
    ? { day: str(values[`${name}-day`]), month: str(values[`${name}-month`]), year: str(values[`${name}-year`]) }
    : dateParts(typeof values[name] === 'string' ? (values[name]) : undefined);
  const error = hasError ? ' govuk-input--error' : '';
  return [
    { name: 'day', classes: `govuk-input--width-2${error}`, value: parts.day },
    { name: 'month', classes: `govuk-input--width-2${error}`, value: parts.month },
    { name: 'year', classes: `govuk-input--width-4${error}`, value: parts.year },
  ];
}

const NOTICES: Record<string, string> = {
  'service-created': 'Service added to the register',
  'service-updated': 'Service details saved',
  'contract-added': 'Contract added',
  'contract-updated': 'Contract saved',
  'provider-created': 'Provider added to the register',
  'provider-updated': 'Provider details saved',
};

export function noticeFrom(query: unknown): string | undefined {
  const key = (query as { notice?: unknown } | undefined)?.notice;
  return typeof key === 'string' ? NOTICES[key] : undefined;
}

import { z } from 'zod';
import { Invalid, type FieldError } from './errors.ts';

/** Building blocks for zod schemas of forms and API bodies, with GOV.UK-style messages. */

/** A checkbox group or repeated field as a list: absent or blank is none, one value is a list of one. */
export const asList = (value: unknown): unknown[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? (value as unknown[]) : [value]);

/** A posted value as text, for showing a form again: '' for nothing, a list's first value, numbers as written. */
export const text = (value: unknown): string => {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : typeof first === 'number' || typeof first === 'boolean' ? String(first) : '';
};

/** A posted form as texts, field by field, for showing it again. */
export const textValues = (values: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, text(value)]));

/** A posted value as a list of texts (a checkbox group), for showing a form again. */
export const textList = (value: unknown): string[] => asList(value).map(text).filter((v) => v !== '');

/** A list's page number from the query: a whole number from 1; anything else (or a repeated parameter) is page 1. */
export const pageNumber = () =>
  z.preprocess((v) => (typeof v === 'string' && /^\d{1,5}$/.test(v) && Number(v) > 0 ? Number(v) : 1), z.number());

export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

export const requiredText = (message: string, max = 200) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: message }).max(max, { error: `${message.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max} characters or fewer` }),
  );

export const optionalText = (label: string, max = 200) =>
  z.preprocess(blankToUndefined, z.string().max(max, { error: `${label} must be ${max} characters or fewer` }).optional());

export const optionalWholeNumber = (label: string, max = 100000) =>
  z.preprocess(
    (v) => {
      const value = blankToUndefined(v);
      return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    },
    z
      .number({ error: `${label} must be a whole number` })
      .int({ error: `${label} must be a whole number` })
      .min(0, { error: `${label} must be 0 or more` })
      .max(max, { error: `${label} must be ${max} or fewer` })
      .optional(),
  );

export const optionalAmount = (label: string) =>
  z.preprocess(
    (v) => {
      const value = blankToUndefined(v);
      if (typeof value !== 'string') return value;
      const cleaned = value.replace(/[£,\s]/g, '');
      return /^\d+(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : value;
    },
    z.number({ error: `${label} must be an amount in pounds, like 125000 or 125000.50` }).min(0).max(1e12).optional(),
  );

export const checkbox = () =>
  z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean());

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** Normalises a UK postcode to capitals with one space, or returns undefined when it is not one. */
export function normalisePostcode(input: string): string | undefined {
  const match = POSTCODE.exec(input.trim().toUpperCase().replace(/\s+/g, ' '));
  return match ? `${match[1]} ${match[2]}` : undefined;
}

export const postcode = () =>
  z.preprocess(
    (v) => {
      const value = blankToUndefined(v);
      return typeof value === 'string' ? (normalisePostcode(value) ?? value) : value;
    },
    z.string({ error: 'Enter a postcode' }).regex(POSTCODE, { error: 'Enter a real postcode, like SG13 8DQ' }),
  );

export const cqcLocationId = () =>
  z.preprocess(
    blankToUndefined,
    z.string().regex(/^1-\d{3,12}$/, { error: 'Enter a CQC location ID in the correct format, like 1-123456789' }).optional(),
  );

export const uuid = (message: string) => z.preprocess(blankToUndefined, z.string({ error: message }).uuid({ error: message }));
export const optionalUuid = (message: string) => z.preprocess(blankToUndefined, z.string().uuid({ error: message }).optional());

/** An ISO date (yyyy-mm-dd) that really exists. */
export const isoDate = (label: string, required = true) => {
  const schema = z
    .string({ error: `Enter ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${capitalise(label)} must be a real date` })
    .refine(isRealDate, { error: `${capitalise(label)} must be a real date` });
  return required ? z.preprocess(blankToUndefined, schema) : z.preprocess(blankToUndefined, schema.optional());
};

/** An ISO date a form cannot do without (isoDate's output type also allows undefined). */
export const requiredDate = (label: string) => isoDate(label) as unknown as z.ZodType<string>;

function capitalise(text: string) {
  return text.replace(/^./, (c) => c.toUpperCase());
}

function isRealDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2200 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * GOV.UK date inputs post three fields (`startsOn-day`, `-month`, `-year`); this folds them into one ISO
 * string so the schema can check it, leaving a recognisably wrong value when parts are missing.
 */
export function foldDateInputs(body: Record<string, unknown>, name: string): void {
  const parts = ['day', 'month', 'year'].map((p) => text(body[`${name}-${p}`]).trim());
  const [day, month, year] = parts as [string, string, string];
  if (!day && !month && !year) {
    body[name] = body[name] ?? '';
    return;
  }
  body[name] =
    /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
      ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
      : 'incomplete';
}

/** Splits an ISO date for re-displaying a GOV.UK date input. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' };
}

/** A GOV.UK date input's three fields as they were posted, for showing the form again. */
export function postedDateParts(values: Record<string, unknown>, name: string): { day: string; month: string; year: string } {
  return { day: text(values[`${name}-day`]), month: text(values[`${name}-month`]), year: text(values[`${name}-year`]) };
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'body';
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({ path, message: issue.message });
  }
  return errors;
}

/** Parses input with a schema or throws Invalid with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Invalid(toFieldErrors(result.error));
  return result.data;
}

/** The view model GOV.UK's error summary and inline errors need. */
export function errorViewModel(errors: readonly FieldError[]) {
  const fieldErrors: Record<string, { text: string }> = {};
  for (const e of errors) fieldErrors[e.path] = { text: e.message };
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.path.replace(/\./g, '-')}` })),
    fieldErrors,
  };
}

/** Items for a GOV.UK select, radios or checkboxes from a label map, marking the chosen ones (one value or a list). */
export function choices(labels: Record<string, string>, chosen: unknown, extra: (key: string) => Record<string, unknown> = () => ({})) {
  const selected = new Set((Array.isArray(chosen) ? chosen : chosen === undefined || chosen === null ? [] : [chosen]).map(String));
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: selected.has(value), selected: selected.has(value), ...extra(value) }));
}

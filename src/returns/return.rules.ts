import type { FieldError } from '../core/errors.ts';
import { deadline, type Period } from './periods.ts';
import { questionsOf, type Question, type ReturnTemplate } from './template.ts';

/**
 * The rules of a quarterly return: reading answers by each question's type and bounds (the same rules for
 * the pages, where everything arrives as text, and the API, where numbers and booleans arrive as JSON),
 * flagging figures beyond the council's thresholds, and a period's status. Pure: "today" is a parameter.
 */
export type AnswerValue = number | boolean | string;
export type Answers = Readonly<Record<string, AnswerValue>>;

export const RETURN_STATUSES = ['draft', 'submitted', 'queried', 'accepted'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
/** A period's status for one service: its live return's, or `missing` (not yet received) / `late` (past the deadline). */
export type PeriodStatus = Exclude<ReturnStatus, 'draft'> | 'missing' | 'late';

export interface ReturnFlag {
  readonly key: string;
  readonly value: AnswerValue;
  readonly threshold: number | boolean;
  readonly message: string;
}

type Read = { readonly value: AnswerValue | undefined } | { readonly error: string };

const blank = (raw: unknown) => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

function toNumber(raw: unknown, money: boolean): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.trim().replace(/,/g, '').replace(money ? /^£/ : /^$/, '').replace(/%$/, '');
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
}

function inBounds(q: Question, n: number, what: string): string | undefined {
  const unit = q.type === 'money' ? '£' : '';
  if (q.min !== undefined && q.max !== undefined && q.type === 'percentage' && (n < q.min || n > q.max)) return `${what} must be between ${q.min} and ${q.max}`;
  if (q.min !== undefined && n < q.min) return `${what} must be ${unit}${q.min} or more`;
  if (q.max !== undefined && n > q.max) return `${what} must be ${unit}${q.max} or ${q.type === 'whole_number' ? 'fewer' : 'less'}`;
  return undefined;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One answer, read by its question: the value, nothing (left blank), or the GOV.UK error message. */
export function readAnswer(q: Question, raw: unknown): Read {
  if (blank(raw)) return { value: undefined };
  switch (q.type) {
    case 'whole_number': {
      const n = toNumber(raw, false);
      const what = `The number of ${q.name}`;
      if (n === undefined || !Number.isInteger(n)) return { error: `${what} must be a whole number` };
      const bad = inBounds(q, n, what);
      return bad ? { error: bad } : { value: n };
    }
    case 'percentage':
    case 'money': {
      const n = toNumber(raw, q.type === 'money');
      const what = capitalise(`the ${q.name}`);
      if (n === undefined) return { error: q.type === 'money' ? `${what} must be an amount of money, like 1250.50` : `${what} must be a number, like 12.5` };
      if (q.type === 'money' && Math.round(n * 100) !== n * 100) return { error: `${what} must be in pounds and pence, like 1250.50` };
      const bad = inBounds(q, n, what);
      return bad ? { error: bad } : { value: n };
    }
    case 'yes_no': {
      if (raw === true || raw === 'yes') return { value: true };
      if (raw === false || raw === 'no') return { value: false };
      return { error: `Select ${q.name}` };
    }
    case 'date': {
      const ok = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) && new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw);
      return ok ? { value: raw } : { error: `${capitalise(`the ${q.name}`)} must be a real date` };
    }
    case 'choice':
      return typeof raw === 'string' && (q.options ?? []).includes(raw) ? { value: raw } : { error: `Select ${q.name}` };
    case 'text': {
      if (typeof raw !== 'string') return { error: `${capitalise(`the ${q.name}`)} must be text` };
      const max = q.max ?? 2000;
      return raw.trim().length > max ? { error: `${capitalise(`the ${q.name}`)} must be ${max} characters or fewer` } : { value: raw.trim() };
    }
  }
}

function missingMessage(q: Question): string {
  if (q.type === 'yes_no' || q.type === 'choice') return `Select ${q.name}`;
  if (q.type === 'whole_number') return `Enter the number of ${q.name}`;
  return `Enter the ${q.name}`;
}

/**
 * A set of answers read against a template, every error at once in the template's order. `complete`: every
 * required question must be answered (a submission); otherwise blanks are allowed (a draft saved to come
 * back to). Only `questions` are read when given (one page of the return).
 */
export function checkAnswers(
  template: Pick<ReturnTemplate, 'sections'>,
  raw: Readonly<Record<string, unknown>>,
  options: { readonly complete: boolean; readonly questions?: readonly Question[] },
): { answers: Record<string, AnswerValue>; errors: FieldError[] } {
  const questions = options.questions ?? questionsOf(template);
  const known = new Set(questionsOf(template).map((q) => q.key));
  const answers: Record<string, AnswerValue> = {};
  const errors: FieldError[] = [];
  for (const q of questions) {
    const read = readAnswer(q, raw[q.key]);
    if ('error' in read) errors.push({ path: q.key, message: read.error });
    else if (read.value !== undefined) answers[q.key] = read.value;
    else if (options.complete && q.required) errors.push({ path: q.key, message: missingMessage(q) });
  }
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) errors.push({ path: key, message: `“${key}” is not a question on this return` });
  }
  return { answers, errors };
}

/** The figures beyond the template's thresholds, in its order. */
export function flagsFor(template: Pick<ReturnTemplate, 'sections'>, answers: Answers): ReturnFlag[] {
  const flags: ReturnFlag[] = [];
  for (const q of questionsOf(template)) {
    const value = answers[q.key];
    const flag = q.flag;
    if (value === undefined || !flag) continue;
    if (typeof value === 'number' && flag.above !== undefined && value > flag.above) flags.push({ key: q.key, value, threshold: flag.above, message: flag.message });
    else if (typeof value === 'number' && flag.below !== undefined && value < flag.below) flags.push({ key: q.key, value, threshold: flag.below, message: flag.message });
    else if (typeof value === 'boolean' && flag.equals !== undefined && value === flag.equals) flags.push({ key: q.key, value, threshold: flag.equals, message: flag.message });
  }
  return flags;
}

/** A service's status for a period, from its live return (the newest version), if any. */
export function periodStatus(live: { readonly status: ReturnStatus; readonly version: number } | undefined, period: Period, today: string, deadlineMonths?: number): PeriodStatus {
  if (live && live.status !== 'draft') return live.status;
  // A draft after the first version answers a query: the period stays queried until it is sent.
  if (live && live.version > 1) return 'queried';
  return today > deadline(period, deadlineMonths) ? 'late' : 'missing';
}

/**
 * What submitting (or saving a draft) does to a period, given its newest version: start version 1, carry on
 * with the draft, start the next version after a query, or refuse (already submitted or accepted).
 */
export function nextVersion(newest: { readonly status: ReturnStatus; readonly version: number } | undefined):
  | { readonly kind: 'new'; readonly version: number }
  | { readonly kind: 'draft' }
  | { readonly kind: 'refuse'; readonly message: string } {
  if (!newest) return { kind: 'new', version: 1 };
  if (newest.status === 'draft') return { kind: 'draft' };
  if (newest.status === 'queried') return { kind: 'new', version: newest.version + 1 };
  return {
    kind: 'refuse',
    message: newest.status === 'accepted' ? 'The council has already accepted the return for this quarter' : 'The return for this quarter has been sent and is waiting for the council',
  };
}

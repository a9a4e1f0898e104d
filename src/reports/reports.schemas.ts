import { z } from 'zod';
import { today } from '../core/clock.ts';
import { blankToUndefined } from '../core/forms.ts';
import { SERVICE_CATEGORIES } from '../providers/index.ts';
import { previousQuarter, quarterOf, type Quarter, type QuarterNumber } from './quarter.ts';

const category = z.preprocess(blankToUndefined, z.enum(SERVICE_CATEGORIES, { error: 'Select a service category from the list' }).optional());

/** `?year=2017&quarter=4&category=&format=`: the financial year by the year it starts in; both or neither. */
export const quarterlyQuery = z
  .object({
    year: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Enter the financial year as a number, like 2017' }).int({ error: 'Enter the financial year as a whole number, like 2017' }).min(2000, { error: 'Enter a financial year from 2000' }).max(2100, { error: 'Enter a financial year before 2100' }).optional()),
    quarter: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select a quarter from 1 to 4' }).int({ error: 'Select a quarter from 1 to 4' }).min(1, { error: 'Select a quarter from 1 to 4' }).max(4, { error: 'Select a quarter from 1 to 4' }).optional()),
    category,
    format: z.preprocess(blankToUndefined, z.enum(['json', 'html', 'csv', 'xlsx', 'pdf'], { error: 'Choose a format: csv, xlsx or pdf' }).optional()),
  })
  .refine((q) => (q.year === undefined) === (q.quarter === undefined), { error: 'Give both the financial year and the quarter, or neither', path: ['quarter'] });

export type QuarterlyQuery = z.output<typeof quarterlyQuery>;

/** The quarter asked for; without one, the last quarter that has ended. */
export function askedQuarter(query: { year?: number; quarter?: number }): Quarter {
  if (query.year !== undefined && query.quarter !== undefined) return { year: query.year, quarter: query.quarter as QuarterNumber };
  return previousQuarter(quarterOf(today()));
}

/** The figures a drill-down lists. */
export const FIGURES = [
  'assessmentsPublished',
  'reportsCompleted',
  'visits',
  'actionPlansOpen',
  'actionPlansDrafted',
  'suspensionsStarted',
  'suspensionsLifted',
  'suspensionsInForce',
  'concernsCases',
] as const;
export type Figure = (typeof FIGURES)[number];

export const recordsQuery = z.object({
  year: z.coerce.number({ error: 'Enter the financial year' }).int().min(2000).max(2100),
  quarter: z.coerce.number({ error: 'Select a quarter' }).int().min(1).max(4),
  category: z.enum(SERVICE_CATEGORIES, { error: 'Select a service category from the list' }),
  figure: z.preprocess(blankToUndefined, z.enum(FIGURES).optional()),
});

export const commentaryQuery = z.object({
  year: z.coerce.number({ error: 'Enter the financial year' }).int().min(2000).max(2100),
  quarter: z.coerce.number({ error: 'Select a quarter' }).int().min(1).max(4),
  category: z.enum(SERVICE_CATEGORIES, { error: 'Select a service category from the list' }),
});

export const COMMENTARY_MAX = 3000;

export const commentaryBody = z.object({
  body: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: 'Enter the commentary' }).min(1, { error: 'Enter the commentary' }).max(COMMENTARY_MAX, { error: `Commentary must be ${COMMENTARY_MAX} characters or fewer` }),
  ),
});

import { z } from 'zod';
import { listQueryShape, orderOf } from '../core/http/lists.ts';
import { asList, isoDate, optionalText, requiredText, uuid } from '../core/forms.ts';
import { SERVICE_CATEGORIES } from '../providers/index.ts';
import { EVIDENCE_SOURCES } from './labels.ts';
import { SCORING_METHODS } from './scoring.ts';

/** Every form and API body of assessments and frameworks, with GOV.UK-worded messages. */

export const startSchema = z.object({
  serviceId: uuid('Select a service'),
  frameworkId: uuid('Select a framework'),
  kind: z.enum(['full', 'self'], { error: 'Select the kind of assessment' }),
  visitedOn: isoDate('the date of the visit', false),
});

/** The start page's form: the service and the kind come from the page, not the form. */
export const startFormSchema = startSchema.pick({ frameworkId: true, visitedOn: true });

/** The assessments list's filters: anything not offered is no filter. */
/** The list's columns to sort by: newest first by default. */
export const ASSESSMENT_SORT_DEFAULT = { sort: 'date', order: 'desc' } as const;

export const listQuerySchema = z
  .object({
    status: z.enum(['draft', 'completed', 'published']).optional().catch(undefined),
    kind: z.enum(['full', 'self']).optional().catch(undefined),
    ...listQueryShape(['date', 'service'] as const, ASSESSMENT_SORT_DEFAULT),
  })
  .transform((q) => ({ ...q, order: orderOf(q, ASSESSMENT_SORT_DEFAULT) }));

const nullableText = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v), z.string().max(max, { error: `${label} must be ${max} characters or fewer` }).nullable().optional());

export const answerItemSchema = z.object({
  questionId: uuid('Enter the ID of a question of this assessment’s framework'),
  answer: z.string({ error: 'Select an answer' }),
  evidence: nullableText('Evidence', 5000),
  evidenceSource: z.preprocess((v) => (v === '' ? null : v), z.enum(EVIDENCE_SOURCES, { error: 'Select where the evidence came from' }).nullable().optional()),
  confidential: z.boolean({ error: 'Confidential must be true or false' }).optional(),
});

export const answersSchema = z.object({
  answers: z.array(answerItemSchema, { error: 'Give the answers as a list' }).max(1000),
});

/**
 * A domain's page of the web form: fields named by question (`answer-<questionId>`, `evidence-…`, `source-…`,
 * `confidential-…`), which the service checks question by question, and where to go next (`then`).
 */
export const domainFormSchema = z.record(z.string(), z.unknown());

export const completeSchema = z.object({
  visitedOn: isoDate('the date of the visit', false),
  /** For a report written up in the past; today when not given. */
  completedOn: isoDate('the date the assessment was completed', false),
});

/** The API's publish body: the day of publication, for a report published in the past (today when not given). */
export const publishSchema = z.object({
  publishedOn: isoDate('the date the report was published', false),
});

export const commentSchema = z.object({
  body: requiredText('Enter your comment', 5000),
  domainId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid({ error: 'Select a domain' }).optional()),
});

/** Publishing while the provider may still comment needs `publishEarly=yes` (the service page checks when). */
export const publishFormSchema = z.object({
  publishEarly: z.string().optional().catch(undefined),
  publishedOn: isoDate('the date the report was published', false),
});

export const correctionSchema = z.object({
  reason: requiredText('Enter why the published report needs correcting', 2000),
});

export const settingsSchema = z.object({
  factualAccuracyDays: z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: 'Enter the number of days, like 14' })
      .int({ error: 'Enter a whole number of days, like 14' })
      .min(0, { error: 'The number of days must be 0 or more' })
      .max(90, { error: 'The number of days must be 90 or fewer' }),
  ),
});

const categories = z.preprocess(
  asList,
  z.array(z.enum(SERVICE_CATEGORIES, { error: 'Select a service category from the list' })).min(1, { error: 'Select at least one service category' }),
);

export const versionDetailsSchema = z.object({
  name: requiredText('Enter the framework’s name'),
  description: optionalText('Description', 2000),
  categories,
  requiresImprovementLabel: z.enum(['Requires improvement', 'Adequate'], { error: 'Select what to call the band between 65% and 78%' }),
  changeNote: optionalText('What changed', 2000),
});

export const newFrameworkSchema = versionDetailsSchema.extend({
  scoring: z.enum(SCORING_METHODS, { error: 'Select how the framework is scored' }),
});

/** Moving a domain, standard or question up or down its list. */
export const moveSchema = z.object({ direction: z.enum(['up', 'down']).catch('down') });

export const domainSchema = z.object({
  name: requiredText('Enter the domain’s name'),
  description: optionalText('Description', 2000),
});

export const standardSchema = z.object({
  name: requiredText('Enter the standard', 300),
});

export const questionSchema = z.object({
  text: requiredText('Enter the question', 1000),
  guidance: optionalText('Guidance', 4000),
  weight: z.preprocess(
    (v) => {
      if (v === undefined || v === '') return 1;
      if (typeof v === 'string' && /^\d+(\.\d{1,2})?$/.test(v.trim())) return Number(v.trim());
      return v;
    },
    z
      .number({ error: 'Weight must be a number like 1, 1.5 or 2, with up to 2 decimal places' })
      .gt(0, { error: 'Weight must be more than 0' })
      .max(100, { error: 'Weight must be 100 or less' })
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-9, { error: 'Weight must have no more than 2 decimal places' }),
  ),
});

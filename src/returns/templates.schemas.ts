import { z } from 'zod';
import { QUESTION_TYPES } from './template.ts';

/** The forms that edit a return template, with GOV.UK-worded messages. */

const optionalNumber = (what: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim().replace(/,/g, '') : v), z.coerce.number({ error: `The ${what} must be a number` }).optional());

/** One question: its words, type (for a new one), whether required, bounds, choices and flag. */
export const questionFormSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,59}$/, { error: 'Enter a key of small letters, digits and underscores, starting with a letter, like night_staff_vacant' })
    .optional(),
  label: z.string({ error: 'Enter the question' }).trim().min(1, { error: 'Enter the question' }).max(300, { error: 'The question must be 300 characters or fewer' }),
  hint: z.string().trim().max(500, { error: 'The help text must be 500 characters or fewer' }).optional(),
  type: z.enum(QUESTION_TYPES, { error: 'Select the type of answer' }).optional(),
  required: z.enum(['yes', 'no'], { error: 'Select whether an answer is required' }),
  min: optionalNumber('smallest answer'),
  max: optionalNumber('largest answer'),
  options: z.string().max(2000, { error: 'The choices must be 2000 characters or fewer' }).optional(),
});
export type QuestionForm = z.output<typeof questionFormSchema>;

export const sectionFormSchema = questionFormSchema.extend({
  title: z.string({ error: 'Enter the title of the section' }).trim().min(1, { error: 'Enter the title of the section' }).max(200, { error: 'The title must be 200 characters or fewer' }),
});

export const detailsFormSchema = z.object({
  name: z.string({ error: 'Enter the name of the return' }).trim().min(1, { error: 'Enter the name of the return' }).max(200, { error: 'The name must be 200 characters or fewer' }),
  categories: z.preprocess((v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string())),
});

/** POST /api/v1/return-templates. */
export const templateApiSchema = z.object({
  key: z.string({ error: 'Give the template’s key' }).regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'A key is small letters, digits and underscores, starting with a letter' }),
  name: z.string({ error: 'Give the template’s name' }).trim().min(1).max(200),
  categories: z.array(z.string()),
  sections: z.array(z.unknown()),
});

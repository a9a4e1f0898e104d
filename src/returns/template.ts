import { z } from 'zod';

/**
 * A return template as the rules use it: sections of typed questions. Templates are stored as JSON (the
 * defaults in migration 20261206T0100_returns); this schema reads them, so a template the rules cannot
 * understand fails loudly instead of accepting anything.
 */
export const QUESTION_TYPES = ['whole_number', 'percentage', 'money', 'yes_no', 'date', 'choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const flagSchema = z.object({
  above: z.number().optional(),
  below: z.number().optional(),
  equals: z.boolean().optional(),
  message: z.string(),
});

const questionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string(),
  /** The figure in words, for error messages: "care staff posts filled". */
  name: z.string(),
  hint: z.string().optional(),
  type: z.enum(QUESTION_TYPES),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.string()).optional(),
  /** The council's threshold: a value beyond it is flagged. */
  flag: flagSchema.optional(),
});

const sectionsSchema = z.array(z.object({ title: z.string(), questions: z.array(questionSchema) }));

export type Question = z.output<typeof questionSchema>;
export type Section = z.output<typeof sectionsSchema>[number];
export type Flag = z.output<typeof flagSchema>;

export interface ReturnTemplate {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly categories: readonly string[];
  readonly sections: readonly Section[];
  readonly appliesFrom: { readonly year: number; readonly quarter: number };
}

export function parseSections(json: unknown): Section[] {
  return sectionsSchema.parse(json);
}

export function questionsOf(template: Pick<ReturnTemplate, 'sections'>): Question[] {
  return template.sections.flatMap((s) => s.questions);
}

/** The template that applies to a service of a category in a quarter: its newest version applying by then. */
export function templateFor<T extends ReturnTemplate>(templates: readonly T[], category: string, period: { year: number; quarter: number }): T | undefined {
  const from = (t: ReturnTemplate) => t.appliesFrom.year * 4 + t.appliesFrom.quarter;
  return templates
    .filter((t) => t.categories.includes(category) && from(t) <= period.year * 4 + period.quarter)
    .sort((a, b) => from(b) - from(a) || b.version - a.version)[0];
}

import type { FieldError } from '../core/errors.ts';
import { quarterOf, type Period } from './periods.ts';
import { parseSections, type Question, type Section } from './template.ts';

/**
 * Editing a return template: every change makes a new version (the old one stays, with the returns answered
 * on it), applying from the quarter in progress, so the next return due is the first answered on it and every
 * quarter already ended keeps the version it had. Pure: "today" is a parameter.
 */
export interface TemplateDraft {
  readonly name: string;
  readonly categories: readonly string[];
  readonly sections: readonly Section[];
}

/** The quarter a version saved today applies from: the one in progress (its return is the next due). */
export function appliesFromFor(today: string): Period {
  return quarterOf(today);
}

/** A question's figure in words for error messages, from its label: "Care staff posts filled" → "care staff posts filled". */
export function nameFromLabel(label: string): string {
  const trimmed = label.trim().replace(/[?.]$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/** What no schema can see: keys once each, bounds in order, choices with options, nothing empty. */
export function templateProblems(draft: TemplateDraft, validCategories: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!draft.name.trim()) errors.push({ path: 'name', message: 'Enter the name of the return' });
  if (!draft.categories.length) errors.push({ path: 'categories', message: 'Select the kinds of service the return is for' });
  for (const c of draft.categories)
    if (!validCategories.includes(c)) errors.push({ path: 'categories', message: `“${c}” is not a kind of service` });
  if (!draft.sections.length) errors.push({ path: 'sections', message: 'A return must have at least one section' });
  const seen = new Set<string>();
  draft.sections.forEach((section, s) => {
    if (!section.title.trim()) errors.push({ path: `sections.${s}.title`, message: 'Enter the title of the section' });
    section.questions.forEach((q, i) => {
      const path = `sections.${s}.questions.${i}`;
      if (seen.has(q.key)) errors.push({ path: `${path}.key`, message: `The key “${q.key}” is already used by another question` });
      seen.add(q.key);
      errors.push(...questionProblems(q).map((e) => ({ ...e, path: `${path}.${e.path}` })));
    });
  });
  return errors;
}

/** One question's own problems, with paths of its fields (the question form's). */
export function questionProblems(q: Question): FieldError[] {
  const errors: FieldError[] = [];
  if (!q.label.trim()) errors.push({ path: 'label', message: 'Enter the question' });
  if (q.min !== undefined && q.max !== undefined && q.min > q.max)
    errors.push({ path: 'max', message: 'The largest answer must be the same as or more than the smallest' });
  if (q.type === 'choice' && !(q.options ?? []).length) errors.push({ path: 'options', message: 'Enter the choices, one on each line' });
  if (q.type === 'percentage' && ((q.min ?? 0) < 0 || (q.max ?? 100) > 100))
    errors.push({ path: 'max', message: 'A percentage’s bounds must be between 0 and 100' });
  return errors;
}

/** The sections with one question changed (its key and type stay: answers are kept by key). */
export function replaceQuestion(sections: readonly Section[], key: string, change: (q: Question) => Question): Section[] {
  return sections.map((s) => ({
    ...s,
    questions: s.questions.map((q) => (q.key === key ? { ...change(q), key: q.key, type: q.type } : q)),
  }));
}

export function addQuestion(sections: readonly Section[], sectionIndex: number, question: Question): Section[] {
  return sections.map((s, i) => (i === sectionIndex ? { ...s, questions: [...s.questions, question] } : s));
}

/** The sections without a question (a section left empty goes too). */
export function removeQuestion(sections: readonly Section[], key: string): Section[] {
  return sections.map((s) => ({ ...s, questions: s.questions.filter((q) => q.key !== key) })).filter((s) => s.questions.length);
}

export function addSection(sections: readonly Section[], title: string, first: Question): Section[] {
  return [...sections, { title, questions: [first] }];
}

/** Sections as given on the API, read by the same schema as stored templates (a FieldError list if unreadable). */
export function readSections(json: unknown): { sections: Section[] } | { errors: FieldError[] } {
  // A question's `name` (its figure in words for error messages) may be left out: it comes from its label.
  const named = Array.isArray(json)
    ? json.map((s: unknown) => {
        const section = s as { questions?: unknown };
        if (!Array.isArray(section?.questions)) return s;
        return {
          ...section,
          questions: section.questions.map((q: unknown) => {
            const question = q as { name?: unknown; label?: unknown };
            return question && typeof question === 'object' && question.name === undefined && typeof question.label === 'string'
              ? { ...question, name: nameFromLabel(question.label) }
              : q;
          }),
        };
      })
    : json;
  try {
    return { sections: parseSections(named) };
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues ?? [];
    return { errors: issues.map((i) => ({ path: ['sections', ...i.path].join('.'), message: i.message })) };
  }
}

import { categoryLabel, CATEGORY_LABELS } from '../providers/index.ts';
import { paths } from '../core/http/paths.ts';
import { periodLabel } from './periods.ts';
import { nameFromLabel } from './template-edit.rules.ts';
import type { Question, QuestionType, ReturnTemplate } from './template.ts';
import type { TemplateVersions } from './templates.service.ts';
import type { QuestionForm } from './templates.schemas.ts';

/** View models and form mapping for editing return templates. */

export const TYPE_LABELS: Record<QuestionType, string> = {
  whole_number: 'Whole number',
  percentage: 'Percentage',
  money: 'Money',
  yes_no: 'Yes or no',
  date: 'Date',
  choice: 'One of a list of choices',
  text: 'Text',
};

/** A question from its form: the name for error messages comes from the label; choices one a line. */
export function questionFromForm(form: QuestionForm, key: string, type: QuestionType, keep?: Question): Question {
  const options = (form.options ?? '').split(/\r?\n/).map((o) => o.trim()).filter(Boolean);
  return {
    key,
    label: form.label,
    name: nameFromLabel(form.label),
    ...(form.hint ? { hint: form.hint } : {}),
    type,
    required: form.required === 'yes',
    ...(form.min !== undefined && type !== 'yes_no' && type !== 'choice' ? { min: form.min } : {}),
    ...(form.max !== undefined && type !== 'yes_no' && type !== 'choice' ? { max: form.max } : {}),
    ...(type === 'choice' ? { options } : {}),
    ...(keep?.flag ? { flag: keep.flag } : {}),
  };
}

/** What the question form shows for a saved question. */
export function questionValues(q: Question): Record<string, string> {
  return {
    key: q.key,
    label: q.label,
    hint: q.hint ?? '',
    type: q.type,
    required: q.required ? 'yes' : 'no',
    min: q.min === undefined ? '' : String(q.min),
    max: q.max === undefined ? '' : String(q.max),
    options: (q.options ?? []).join('\n'),
  };
}

function bounds(q: Question): string {
  if (q.type === 'text') return q.max !== undefined ? `Up to ${q.max} characters` : '';
  if (q.min !== undefined && q.max !== undefined) return `${q.min} to ${q.max}`;
  if (q.min !== undefined) return `${q.min} or more`;
  if (q.max !== undefined) return `${q.max} or less`;
  return '';
}

export function templateListItem(t: ReturnTemplate) {
  return { name: t.name, href: paths.returns.template(t.id), version: t.version, appliesFrom: periodLabel(t.appliesFrom), categories: t.categories.map(categoryLabel).join(', ') };
}

export function templatePage(v: TemplateVersions, canChange: boolean) {
  const t = v.template;
  const editable = canChange && v.newest;
  return {
    id: t.id,
    name: t.name,
    version: t.version,
    appliesFrom: periodLabel(t.appliesFrom),
    categories: t.categories.map(categoryLabel),
    editable,
    detailsHref: paths.returns.templateDetails(t.id),
    newSectionHref: paths.returns.templateNewSection(t.id),
    sections: t.sections.map((s, index) => ({
      title: s.title,
      newQuestionHref: paths.returns.templateNewQuestion(t.id, index + 1),
      rows: s.questions.map((q) => ({
        key: q.key,
        label: q.label,
        hint: q.hint ?? '',
        type: TYPE_LABELS[q.type] + (q.options?.length ? `: ${q.options.join(', ')}` : ''),
        required: q.required ? 'Required' : 'Optional',
        bounds: bounds(q),
        flag: q.flag?.message ?? '',
        changeHref: paths.returns.templateQuestion(t.id, q.key),
        removeAction: paths.returns.templateRemoveQuestion(t.id, q.key),
      })),
    })),
    versions: v.versions.map((x) => ({ version: x.version, href: paths.returns.template(x.id), appliesFrom: periodLabel(x.appliesFrom), answered: x.answered, current: x.id === t.id })),
  };
}

export const typeItems = (chosen: string | undefined) => Object.entries(TYPE_LABELS).map(([value, text]) => ({ value, text, checked: value === chosen }));
export const categoryItems = (chosen: readonly string[]) => Object.entries(CATEGORY_LABELS).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

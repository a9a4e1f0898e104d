import { categoryLabel } from '../providers/index.ts';
import { paths } from '../core/http/paths.ts';
import type { PeriodItem } from './overview.service.ts';
import { periodLabel } from './periods.ts';
import type { AnswerValue, PeriodStatus, ReturnStatus } from './return.rules.ts';
import type { ServiceReturn } from './returns.service.ts';
import type { Question, ReturnTemplate } from './template.ts';
import { figureCharts, trendPeriods } from './trend.chart.ts';

/** View models for returns' pages: a template never sees a row or a raw answer. */

export const STATUS_TAGS: Record<PeriodStatus | ReturnStatus, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  missing: { text: 'Not received', classes: 'govuk-tag--grey' },
  late: { text: 'Late', classes: 'govuk-tag--red' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--blue' },
  queried: { text: 'Queried', classes: 'govuk-tag--orange' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
};

/** An answer in words: "Yes", "12.5%", "£1,250.50", "Not answered". */
export function answerText(q: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return 'Not answered';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (q.type === 'percentage') return `${value}%`;
  if (q.type === 'money' && typeof value === 'number') return `£${value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return typeof value === 'number' ? value.toLocaleString('en-GB') : value;
}

/** What a form field shows: the posted text, else the saved answer as typed. */
export function fieldValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** One section's questions for the form macros. */
export function sectionFields(questions: readonly Question[], values: Readonly<Record<string, unknown>>) {
  return questions.map((q) => ({
    key: q.key,
    label: q.label + (q.required ? '' : ' (optional)'),
    hint: q.hint,
    type: q.type,
    value: fieldValue(values[q.key]),
    options: q.options ?? [],
  }));
}

/** The answers by section, as GOV.UK summary lists, with change links while the return is a draft. */
export function summarySections(template: ReturnTemplate, ret: ServiceReturn, changeable: boolean) {
  const flagged = new Set(ret.flags.map((f) => f.key));
  return template.sections.map((section, index) => ({
    title: section.title,
    rows: section.questions.map((q) => ({
      key: { text: q.label },
      value: { text: answerText(q, ret.answers[q.key]) + (flagged.has(q.key) ? ' (flagged)' : '') },
      ...(changeable
        ? { actions: { items: [{ href: `${paths.returns.section(ret.id, index + 1)}#${q.key}`, text: 'Change', visuallyHiddenText: q.label.toLowerCase() }] } }
        : {}),
    })),
  }));
}

export function returnHeading(ret: Pick<ServiceReturn, 'year' | 'quarter' | 'serviceName'>) {
  return `${periodLabel(ret)} return for ${ret.serviceName}`;
}

/** One row of a list of services and their returns for a period. */
export function itemView(item: PeriodItem) {
  const received = item.latest && item.latest.status !== 'draft';
  return {
    serviceId: item.serviceId,
    serviceName: item.serviceName,
    serviceHref: paths.services.show(item.serviceId),
    providerName: item.providerName,
    category: categoryLabel(item.category),
    period: periodLabel(item),
    year: item.year,
    quarter: item.quarter,
    dueOn: item.dueOn,
    status: item.status,
    tag: STATUS_TAGS[item.status],
    flags: item.flags.map((f) => f.message),
    returnHref: item.latest ? paths.returns.show(item.latest.id) : undefined,
    isDraft: item.latest?.status === 'draft',
    received,
    startHref: paths.returns.start(item.serviceId),
  };
}

/** The figures the service page follows over time (stable keys of both default templates). */
const TREND_FIGURES: readonly { key: string; label: string; percent: boolean }[] = [
  { key: 'care_posts_vacant', label: 'Care staff posts vacant', percent: false },
  { key: 'agency_hours_percent', label: 'Agency hours', percent: true },
  { key: 'staff_turnover_percent', label: 'Staff turnover', percent: true },
  { key: 'training_mandatory_percent', label: 'Mandatory training', percent: true },
  { key: 'complaints_received', label: 'Complaints', percent: false },
  { key: 'safeguarding_concerns_raised', label: 'Safeguarding concerns', percent: false },
];

/**
 * Each figure over the last eight quarters with a return sent (the newest version of each), oldest first: an
 * accessible table, one row per figure, a flagged value marked in words.
 */
export function trendTable(sent: readonly ServiceReturn[]) {
  const periods = trendPeriods(sent);
  if (periods.length < 2) return undefined;
  return {
    charts: figureCharts(periods, TREND_FIGURES),
    head: periods.map((r) => periodLabel(r)),
    rows: TREND_FIGURES.filter((f) => periods.some((r) => r.answers[f.key] !== undefined)).map((f) => ({
      label: f.label,
      cells: periods.map((r) => {
        const value = r.answers[f.key];
        const flagged = r.flags.some((x) => x.key === f.key);
        return value === undefined ? '–' : `${String(value)}${f.percent ? '%' : ''}${flagged ? ' (flagged)' : ''}`;
      }),
    })),
  };
}

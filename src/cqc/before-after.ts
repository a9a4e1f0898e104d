import { effectiveDate, inOrder, type StoredPublication } from './history.ts';
import { KEY_QUESTIONS, KEY_QUESTION_LABELS, RATING_LABELS, type KeyQuestion, type RatingValue } from './ratings.ts';

/**
 * The "before and after" comparison councils make (seed 002, Appendix A): for a chosen date, each
 * service's ratings per key question from before it and since, the date of the publication since, how
 * many key questions Required improvement on each side, and which services CQC has not rated since.
 * A publication without a date counts from the day it was first seen.
 */
export interface ReportService {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly categoryLabel: string;
  readonly cqcLocationId: string | null;
}

export type Side = Partial<Record<KeyQuestion, RatingValue>>;

export interface ReportRow {
  readonly service: ReportService;
  readonly before: Side;
  /** When the latest publication before the date was made (or first seen, when undated). */
  readonly beforeOn: string | null;
  readonly after: Side;
  readonly afterOn: string | null;
  /** true when a date above is the day first seen, because CQC gave none. */
  readonly beforeUndated: boolean;
  readonly afterUndated: boolean;
}

export interface ReportGroup {
  readonly category: string;
  readonly label: string;
  /** Services CQC has rated since the date. */
  readonly rated: ReportRow[];
  /** Services with ratings only from before the date. */
  readonly notRatedSince: ReportRow[];
  /** Services with no CQC rating at all (not registered, not linked, or never rated). */
  readonly neverRated: ReportRow[];
  readonly counts: {
    readonly requiresImprovementBefore: number;
    readonly requiresImprovementAfter: number;
    readonly servicesRequiringImprovementBefore: number;
    readonly servicesRequiringImprovementAfter: number;
    readonly inadequateBefore: number;
    readonly inadequateAfter: number;
  };
}

export interface BeforeAfterReport {
  readonly date: string;
  readonly groups: ReportGroup[];
  readonly totals: ReportGroup['counts'] & { readonly services: number; readonly ratedSince: number; readonly notRatedSince: number; readonly neverRated: number };
}

/** The five key questions: what the seed counts ("13 ratings of Requires Improvement"). */
export const QUESTIONS: readonly KeyQuestion[] = ['safe', 'effective', 'caring', 'responsive', 'wellLed'];

function side(publications: readonly StoredPublication[]): { values: Side; on: string | null; undated: boolean } {
  const values: Side = {};
  for (const p of publications) for (const kq of KEY_QUESTIONS) if (p.values[kq]) values[kq] = p.values[kq];
  const last = publications.at(-1);
  return { values, on: last ? effectiveDate(last) : null, undated: last ? last.publishedOn === null : false };
}

export function reportRow(service: ReportService, history: readonly StoredPublication[], date: string): ReportRow {
  const ordered = inOrder(history);
  const before = side(ordered.filter((p) => effectiveDate(p) < date));
  const after = side(ordered.filter((p) => effectiveDate(p) >= date));
  return { service, before: before.values, beforeOn: before.on, beforeUndated: before.undated, after: after.values, afterOn: after.on, afterUndated: after.undated };
}

const count = (side: Side, value: RatingValue) => QUESTIONS.filter((kq) => side[kq] === value).length;

export function beforeAndAfter(services: readonly ReportService[], histories: ReadonlyMap<string, readonly StoredPublication[]>, date: string): BeforeAfterReport {
  const groups = new Map<string, { label: string; rated: ReportRow[]; notRatedSince: ReportRow[]; neverRated: ReportRow[] }>();
  for (const service of [...services].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))) {
    const row = reportRow(service, service.cqcLocationId ? (histories.get(service.cqcLocationId) ?? []) : [], date);
    const group = groups.get(service.category) ?? { label: service.categoryLabel, rated: [], notRatedSince: [], neverRated: [] };
    groups.set(service.category, group);
    if (row.afterOn) group.rated.push(row);
    else if (row.beforeOn) group.notRatedSince.push(row);
    else group.neverRated.push(row);
  }
  const result: ReportGroup[] = [...groups].map(([category, g]) => ({
    category,
    ...g,
    counts: {
      requiresImprovementBefore: g.rated.reduce((n, r) => n + count(r.before, 'requires_improvement'), 0),
      requiresImprovementAfter: g.rated.reduce((n, r) => n + count(r.after, 'requires_improvement'), 0),
      servicesRequiringImprovementBefore: g.rated.filter((r) => count(r.before, 'requires_improvement') > 0).length,
      servicesRequiringImprovementAfter: g.rated.filter((r) => count(r.after, 'requires_improvement') > 0).length,
      inadequateBefore: g.rated.reduce((n, r) => n + count(r.before, 'inadequate'), 0),
      inadequateAfter: g.rated.reduce((n, r) => n + count(r.after, 'inadequate'), 0),
    },
  }));
  result.sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
  const sum = (key: keyof ReportGroup['counts']) => result.reduce((n, g) => n + g.counts[key], 0);
  return {
    date,
    groups: result,
    totals: {
      services: services.length,
      ratedSince: result.reduce((n, g) => n + g.rated.length, 0),
      notRatedSince: result.reduce((n, g) => n + g.notRatedSince.length, 0),
      neverRated: result.reduce((n, g) => n + g.neverRated.length, 0),
      requiresImprovementBefore: sum('requiresImprovementBefore'),
      requiresImprovementAfter: sum('requiresImprovementAfter'),
      servicesRequiringImprovementBefore: sum('servicesRequiringImprovementBefore'),
      servicesRequiringImprovementAfter: sum('servicesRequiringImprovementAfter'),
      inadequateBefore: sum('inadequateBefore'),
      inadequateAfter: sum('inadequateAfter'),
    },
  };
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${(/^[=+\-@]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"` : value);
const label = (value: RatingValue | undefined) => (value ? RATING_LABELS[value] : '');

/** The report as CSV: one line per service, before and after side by side, for a spreadsheet or committee paper. */
export function reportCsv(report: BeforeAfterReport): string {
  const head = [
    'Service',
    'Category',
    'CQC location ID',
    'Status',
    ...KEY_QUESTIONS.map((kq) => `Before: ${KEY_QUESTION_LABELS[kq]}`),
    'Before: published',
    ...KEY_QUESTIONS.map((kq) => `After: ${KEY_QUESTION_LABELS[kq]}`),
    'After: published',
  ];
  const lines = [head.map(csvCell).join(',')];
  const dated = (on: string | null, undated: boolean) => (on ? (undated ? `${on} (first seen; CQC gave no date)` : on) : '');
  for (const group of report.groups) {
    const rows: [ReportRow, string][] = [
      ...group.rated.map((r): [ReportRow, string] => [r, 'Rated since']),
      ...group.notRatedSince.map((r): [ReportRow, string] => [r, 'Not rated since']),
      ...group.neverRated.map((r): [ReportRow, string] => [r, 'No CQC rating']),
    ];
    for (const [row, status] of rows) {
      lines.push(
        [
          row.service.name,
          group.label,
          row.service.cqcLocationId ?? '',
          status,
          ...KEY_QUESTIONS.map((kq) => label(row.before[kq])),
          dated(row.beforeOn, row.beforeUndated),
          ...KEY_QUESTIONS.map((kq) => label(row.after[kq])),
          dated(row.afterOn, row.afterUndated),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

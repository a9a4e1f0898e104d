import { dateErrors } from './assessment.rules.ts';
import type { Band } from './scoring.ts';

/**
 * Past results brought in from PAMMS or the East of England workbook (issue 14): one row per assessment.
 * This file reads a row's cells into a result or the reasons it cannot be one, without the database;
 * import.ts then finds the service and framework and writes every row or none. docs/importing-assessments.md
 * describes the columns.
 */

/** A row's cells by column name as the file gives them: text, numbers or (from a workbook) dates. */
export type Cells = Readonly<Record<string, unknown>>;

/** What a row says, before its service and framework are looked up. */
export interface ImportRow {
  /** The row's number in the file, counting the header as row 1 (as a spreadsheet shows it). */
  readonly row: number;
  readonly cqcLocationId: string | null;
  readonly serviceId: string | null;
  readonly framework: string | null;
  readonly category: string | null;
  readonly visitedOn: string;
  readonly completedOn: string;
  readonly publishedOn: string;
  readonly overallBand: Band;
  readonly overallPercent: number | null;
  /** By the domain's number in its framework (1, 2, …). */
  readonly domains: ReadonlyMap<number, { readonly band: Band | null; readonly percent: number | null }>;
}

export interface RowError {
  readonly row: number;
  readonly reason: string;
}

/** Column names are matched without case, spaces or punctuation, so "Visit date" and "visit_date" are one. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const COLUMNS = {
  cqcLocationId: ['cqclocationid', 'locationid', 'cqcid'],
  serviceId: ['serviceid', 'careoversightid'],
  framework: ['framework'],
  category: ['category', 'servicecategory'],
  visitedOn: ['visited', 'visitedon', 'visitdate', 'dateofvisit'],
  completedOn: ['completed', 'completedon', 'completeddate', 'datecompleted'],
  publishedOn: ['published', 'publishedon', 'publisheddate', 'datepublished', 'publicationdate'],
  overallBand: ['overallband', 'overall', 'overallrating', 'band'],
  overallPercent: ['overallpercent', 'percent', 'overallscore', 'score'],
} as const;

type Column = keyof typeof COLUMNS;

const BANDS: Record<string, Band> = {
  excellent: 'excellent',
  outstanding: 'excellent',
  good: 'good',
  requiresimprovement: 'requires_improvement',
  adequate: 'requires_improvement',
  poor: 'poor',
  inadequate: 'poor',
};

/** Which of the file's columns is which; a file without the columns every row needs is refused as a whole. */
export function readHeader(names: readonly string[]): { columns: Partial<Record<Column, string>>; domains: Map<number, { band?: string; percent?: string }> } | { missing: string[] } {
  const columns: Partial<Record<Column, string>> = {};
  const domains = new Map<number, { band?: string; percent?: string }>();
  for (const name of names) {
    const key = columnKey(name);
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(key));
    if (column) {
      columns[column] ??= name;
      continue;
    }
    const domain = /^domain(\d{1,2})(band|rating|percent|score)?$/.exec(key);
    if (domain) {
      const number = Number(domain[1]);
      const entry = domains.get(number) ?? {};
      if (domain[2] === 'percent' || domain[2] === 'score') entry.percent ??= name;
      else entry.band ??= name;
      domains.set(number, entry);
    }
  }
  const missing: string[] = [];
  if (!columns.cqcLocationId && !columns.serviceId) missing.push('CQC location ID or service ID');
  if (!columns.visitedOn) missing.push('visited');
  if (!columns.publishedOn) missing.push('published');
  if (!columns.overallBand) missing.push('overall band');
  return missing.length ? { missing } : { columns, domains };
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'text' in value) return String(value.text).trim();
  if (typeof value === 'object' && 'result' in value) return text(value.result);
  return typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** A date cell: a workbook's date, 2018-03-27, or 27/03/2018 (day first, as in England). */
export function isoDateOf(value: unknown): string | undefined {
  let y: number, m: number, d: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    [y, m, d] = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()];
  } else {
    const t = text(value);
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    else if (uk) [y, m, d] = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
    else return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1990 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

function bandOf(value: unknown): Band | null | undefined {
  const t = columnKey(text(value));
  if (!t) return null;
  return BANDS[t];
}

function percentOf(value: unknown): number | null | undefined {
  if (typeof value === 'number') return value >= 0 && value <= 100 ? value : undefined;
  const t = text(value).replace(/%$/, '').trim();
  if (!t) return null;
  if (!/^\d{1,3}(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 100 ? n : undefined;
}

/** Whether every cell of a row is empty (a spreadsheet's trailing rows): such rows are passed over. */
export function isBlank(cells: Cells): boolean {
  return Object.values(cells).every((v) => text(v) === '');
}

/** A row's cells as a result, or every reason it cannot be one (dates in the future or out of order among them). */
export function readRow(
  row: number,
  cells: Cells,
  header: { columns: Partial<Record<Column, string>>; domains: ReadonlyMap<number, { band?: string; percent?: string }> },
  today: string,
): { result: ImportRow } | { errors: RowError[]; cqcLocationId: string | null; serviceId: string | null } {
  const reasons: string[] = [];
  const cell = (c: Column) => (header.columns[c] ? cells[header.columns[c]] : undefined);
  const cqcLocationId = text(cell('cqcLocationId')) || null;
  const serviceId = text(cell('serviceId')) || null;
  if (!cqcLocationId && !serviceId) reasons.push('give the service’s CQC location ID or its Care Oversight service ID');

  const date = (c: Column, label: string, required: boolean) => {
    const raw = cell(c);
    if (text(raw) === '') {
      if (required) reasons.push(`enter the date ${label}`);
      return undefined;
    }
    const iso = isoDateOf(raw);
    if (!iso) reasons.push(`the date ${label} must be a real date, like 2018-03-27 or 27/03/2018`);
    return iso;
  };
  const visitedOn = date('visitedOn', 'of the visit', true);
  const givenCompletedOn = date('completedOn', 'the assessment was completed', false);
  const publishedOn = date('publishedOn', 'the report was published', true);
  // A file that gives no completion date has its reports completed the day they were published.
  const completedOn = givenCompletedOn ?? publishedOn;
  // The same rules as a date entered on the complete and publish forms.
  const entered = (['visitedOn', 'completedOn', 'publishedOn'] as const).filter((f) => (f === 'completedOn' ? givenCompletedOn : f === 'visitedOn' ? visitedOn : publishedOn));
  for (const e of dateErrors({ visitedOn, completedOn, publishedOn }, entered, today)) reasons.push(e.message.replace(/^The/, 'the'));

  const overallBand = bandOf(cell('overallBand'));
  if (overallBand === null) reasons.push('enter the overall band');
  else if (overallBand === undefined) reasons.push(`the overall band must be Excellent, Good, Requires improvement (or Adequate) or Poor, not “${text(cell('overallBand'))}”`);
  const overallPercent = percentOf(cell('overallPercent'));
  if (overallPercent === undefined) reasons.push('the overall percent must be a number from 0 to 100');

  const domains = new Map<number, { band: Band | null; percent: number | null }>();
  for (const [number, columns] of [...header.domains].sort(([a], [b]) => a - b)) {
    const band = columns.band ? bandOf(cells[columns.band]) : null;
    const percent = columns.percent ? percentOf(cells[columns.percent]) : null;
    if (band === undefined) reasons.push(`domain ${number}’s band must be Excellent, Good, Requires improvement (or Adequate) or Poor`);
    if (percent === undefined) reasons.push(`domain ${number}’s percent must be a number from 0 to 100`);
    if (band === undefined || percent === undefined) continue;
    if (band !== null || percent !== null) domains.set(number, { band, percent });
  }

  if (reasons.length || !visitedOn || !completedOn || !publishedOn || !overallBand || overallPercent === undefined) {
    // The service is still looked up, so that one reading of the file reports everything wrong with the row.
    return { errors: reasons.map((reason) => ({ row, reason })), cqcLocationId, serviceId };
  }
  return {
    result: {
      row,
      cqcLocationId,
      serviceId,
      framework: text(cell('framework')) || null,
      category: text(cell('category')) || null,
      visitedOn,
      completedOn,
      publishedOn,
      overallBand,
      overallPercent,
      domains,
    },
  };
}

/** Two rows of one file for the same service and publication date are the same result given twice. */
export function duplicateRows(rows: readonly ImportRow[], serviceOf: (row: ImportRow) => string | undefined): RowError[] {
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const service = serviceOf(r);
    if (!service) continue;
    const key = `${service}|${r.publishedOn}`;
    const first = seen.get(key);
    if (first !== undefined) errors.push({ row: r.row, reason: `the same service’s result published on ${r.publishedOn} is already in row ${first}` });
    else seen.set(key, r.row);
  }
  return errors;
}

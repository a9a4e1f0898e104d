/**
 * What a committee paper is made of, whatever it is written as (CSV, XLSX, PDF): the council, the title,
 * the period, the day it was made, and blocks of headings, paragraphs, tables and charts. Reports and dashboards
 * build one of these from their view of the records; the writers beside this file turn it into a file.
 * Cells are typed by their column, so a spreadsheet gets numbers as numbers and dates as dates.
 */

/** How a column's cells are written: text, a whole number, a percentage (a number with one decimal place), a day. */
export type ColumnKind = 'text' | 'number' | 'percent' | 'date';

export interface Column {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Relative width on paper (defaults: text 3, others 1). */
  readonly width?: number;
}

/** A cell: text for text columns, a number for number and percent columns, a yyyy-mm-dd day for date columns; null is blank. */
export type Cell = string | number | null;

export interface Table {
  readonly title: string;
  /** The spreadsheet tab's name (defaults to the title, shortened to what Excel allows). */
  readonly sheetName?: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Said instead of an empty table on paper ("No services were suspended"). */
  readonly empty?: string;
  /**
   * Where the table goes: `paper` only in the PDF (a narrow view for A4), `data` only in the workbook and
   * CSV (a wide table of every figure); everywhere when not given.
   */
  readonly only?: 'paper' | 'data';
}

export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly table: Table }
  /**
   * A chart drawn as SVG for pages; on paper and in workbooks its title and description (what it shows, in
   * words) stand for it, and the figures it draws belong in a table beside it.
   */
  | { readonly kind: 'chart'; readonly title: string; readonly svg: string; readonly description: string };

export interface ExportDocument {
  readonly council: string;
  readonly title: string;
  /** "Q4 2017/18: 1 January to 31 March 2018" */
  readonly period: string;
  /** The day the paper was made, yyyy-mm-dd. */
  readonly madeOn: string;
  /** Printed above the title, e.g. "Exempt: not for publication (Local Government Act 1972, Schedule 12A)". */
  readonly marking?: string;
  readonly blocks: readonly Block[];
}

/** The document's tables that go into a workbook or CSV (all but the paper-only ones). */
export const tablesOf = (doc: ExportDocument): Table[] => doc.blocks.flatMap((b) => (b.kind === 'table' && b.table.only !== 'paper' ? [b.table] : []));

/** A file name from a document's words: `quarterly-summary-q4-2017-18`. */
export function fileSlug(...parts: readonly string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** "31 March 2018" from a yyyy-mm-dd day. */
export function longDate(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** How a cell reads on paper and on the page: 46.4 as "46.4%", a day as "31 March 2018", blank as "". */
export function cellText(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  if (kind === 'percent' && typeof value === 'number') return `${value.toFixed(1)}%`;
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return longDate(value);
  return String(value);
}

/** The content type and file extension of each format. */
export const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
} as const;
export type ExportFormat = keyof typeof FORMATS;

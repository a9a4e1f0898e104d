import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { pageNumber } from '../forms.ts';

/**
 * Long lists people work with: a page at a time (with the total), sorted by a column the person picks
 * (`?sort=&order=`, plain links that work without JavaScript), and the whole filtered list as CSV for a
 * spreadsheet. The paging itself belongs to the list's owner (its repository's LIMIT/OFFSET, or its service
 * for a list its rules compute); this file only reads the query and builds what the templates show.
 */

export type SortOrder = 'asc' | 'desc';

export const PAGE_SIZE = 50;

export interface ListQuery<C extends string> {
  readonly page: number;
  readonly sort: C;
  readonly order: SortOrder;
}

/**
 * `page`, `sort` and `order` for a list sortable by `columns`. Like the filters beside them, anything unknown
 * falls back to the default rather than refusing: a stale bookmark still shows the list.
 */
export function listQueryShape<const C extends string>(columns: readonly C[], defaults: { readonly sort: C; readonly order: SortOrder }) {
  return {
    page: pageNumber(),
    sort: z.preprocess((v) => (typeof v === 'string' && (columns as readonly string[]).includes(v) ? v : defaults.sort), z.string()) as unknown as z.ZodType<C>,
    order: z.preprocess((v) => (v === 'asc' || v === 'desc' ? v : undefined), z.enum(['asc', 'desc']).optional()),
  };
}

/** The order to use: the one asked for, else the column's natural one (the default column's own, else ascending). */
export function orderOf<C extends string>(query: { sort: C; order?: SortOrder | undefined }, defaults: { readonly sort: C; readonly order: SortOrder }): SortOrder {
  return query.order ?? (query.sort === defaults.sort ? defaults.order : 'asc');
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
}

/** The page to show of `total` rows: a page past the end shows the last one. */
export function pageWindow(total: number, page: number, pageSize = PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  return { page: current, pageCount, pageSize, limit: pageSize, offset: (current - 1) * pageSize };
}

/** One page of a list its owner computed whole (when the order comes from rules, not SQL). */
export function pageOf<T>(items: readonly T[], page: number, pageSize = PAGE_SIZE): Page<T> {
  const w = pageWindow(items.length, page, pageSize);
  return { items: items.slice(w.offset, w.offset + w.pageSize), total: items.length, page: w.page, pageSize, pageCount: w.pageCount };
}

/** Compares two values for sorting: nulls last whichever the order, text by its lower case. */
export function compareValues(a: string | number | null | undefined, b: string | number | null | undefined, order: SortOrder): number {
  const aMissing = a === null || a === undefined || a === '';
  const bMissing = b === null || b === undefined || b === '';
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  return order === 'asc' ? c : -c;
}

/**
 * GOV.UK pagination's parameters, or undefined for a list of one page. A page with several paged lists names
 * each one's navigation (`landmarkLabel`), so the landmarks stay distinct.
 */
export function paginationView(page: { readonly page: number; readonly pageCount: number }, href: (page: number) => string, landmarkLabel?: string) {
  if (page.pageCount <= 1) return undefined;
  const numbers = Array.from({ length: page.pageCount }, (_, i) => i + 1).filter((n) => n === 1 || n === page.pageCount || Math.abs(n - page.page) <= 2);
  return {
    ...(landmarkLabel ? { landmarkLabel } : {}),
    previous: page.page > 1 ? { href: href(page.page - 1) } : undefined,
    next: page.page < page.pageCount ? { href: href(page.page + 1) } : undefined,
    items: numbers.flatMap((n, i) => [...(i > 0 && n - numbers[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: href(n), current: n === page.page }]),
  };
}

/** "Showing 51 to 100 of 230": what the page holds. */
export function pageSummary(page: Page<unknown>) {
  return { from: page.total ? (page.page - 1) * page.pageSize + 1 : 0, to: (page.page - 1) * page.pageSize + page.items.length, total: page.total };
}

export interface SortColumn<C extends string> {
  readonly key: C;
  readonly text: string;
  readonly numeric?: boolean;
  /** The order a first click sorts by: numbers highest first unless said otherwise, text A to Z. */
  readonly firstOrder?: SortOrder;
}

/**
 * A table's header cells: each sortable column a link that sorts by it (the other way round when it is
 * already the sort), with aria-sort saying which is in use (the MoJ sortable table pattern, served by us).
 */
export function sortHeaders<C extends string>(columns: readonly (SortColumn<C> | { readonly text: string; readonly numeric?: boolean })[], current: { sort: C; order: SortOrder }, href: (sort: C, order: SortOrder) => string) {
  return columns.map((column) => {
    if (!('key' in column)) return { text: column.text, numeric: !!column.numeric };
    const active = column.key === current.sort;
    const order: SortOrder = active ? (current.order === 'asc' ? 'desc' : 'asc') : (column.firstOrder ?? (column.numeric ? 'desc' : 'asc'));
    return {
      text: column.text,
      numeric: !!column.numeric,
      href: href(column.key, order),
      ariaSort: active ? (current.order === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  });
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV cell. Quotes what needs quoting, and defuses text a spreadsheet would run as a formula (a leading
 * =, +, -, @, tab or carriage return) by prefixing an apostrophe.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Sends a CSV download; never cached, as it holds the council's records. */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(csvDocument(header, rows));
}

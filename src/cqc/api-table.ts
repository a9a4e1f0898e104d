import { mapApiLocation } from './api-json.ts';
import { readNested } from './python-literal.ts';
import type { SourceItem } from './records.ts';

/**
 * API location records flattened into a table by data tools: a spreadsheet, or pandas' `to_csv` of the
 * API's locations (`json_normalize` or not). Columns carry the API's own field names (`locationId`,
 * `postalCode`, `inspectionDirectorate`, `currentRatings`) or dotted paths into them
 * (`currentRatings.overall.rating`, `gacServiceTypes.0.name`); nested values are written as JSON or as
 * Python literals. Each row is put back together as the API record it came from and read as one, so a
 * table and the API mean the same.
 */
export interface ApiTableLayout {
  readonly name: 'api-table';
  readonly width: number;
  readonly hasHeader: true;
  /** The header as written. */
  readonly header: readonly string[];
  /** Each column's path into the record. */
  readonly paths: readonly (readonly string[])[];
  /** The record's top-level fields that have a column. */
  readonly fields: ReadonlySet<string>;
}

const CAMEL_OR_DOTTED = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$|^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+|\[\d+\])+$/;

/** Names that would reach into JavaScript's objects themselves rather than the record. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits `a.b[0].c` into its steps; a column whose path is not a record's is left out. */
function pathOf(header: string): string[] {
  const steps = header
    .trim()
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  return steps.some((s) => UNSAFE.has(s)) ? [] : steps;
}

/**
 * A header is the API's when it names `locationId` as the API does (not "Location ID") and another column
 * in the API's camelCase or as a dotted path.
 */
export function recogniseApiTable(cells: readonly string[]): ApiTableLayout | undefined {
  const trimmed = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
  const id = trimmed.findIndex((c) => /^locationid$/i.test(c));
  if (id < 0) return undefined;
  if (!trimmed.some((c, i) => i !== id && CAMEL_OR_DOTTED.test(c))) return undefined;
  const paths = trimmed.map((c) => (/^locationid$/i.test(c) ? ['locationId'] : pathOf(c)));
  return { name: 'api-table', width: cells.length, hasHeader: true, header: trimmed, paths, fields: new Set(paths.map((p) => p[0] ?? '').filter(Boolean)) };
}

class CellError extends Error {}

/** A cell's value: nested values read, blanks and Python's and pandas' words for nothing left out. */
function cellValue(header: string, text: string): unknown {
  const value = text.trim();
  if (value === '' || /^(None|nan|NaN|null)$/.test(value)) return undefined;
  if (!/^[[{]/.test(value)) return value;
  try {
    return readNested(value);
  } catch (error) {
    throw new CellError(`${header}: not JSON or a Python literal (${(error as Error).message})`);
  }
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Sets a value at a path, making the objects and lists on the way; a whole nested cell and its dotted parts merge. */
function put(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Container = record;
  path.forEach((step, i) => {
    const slots = node as Record<string, unknown>;
    if (i === path.length - 1) {
      slots[step] = isContainer(slots[step]) && isContainer(value) ? Object.assign(slots[step], value) : value;
      return;
    }
    if (!isContainer(slots[step])) slots[step] = /^\d+$/.test(path[i + 1]!) ? [] : {};
    node = slots[step] as Container;
  });
}

/** One data row: the record it flattens, read as the API's. */
export function mapApiTableRow(layout: ApiTableLayout, cells: readonly string[], row: number): SourceItem {
  const record: Record<string, unknown> = {};
  try {
    cells.forEach((text, i) => {
      const path = layout.paths[i];
      if (!path?.length) return;
      const value = cellValue(layout.header[i]!, text);
      if (value !== undefined) put(record, path, value);
    });
  } catch (error) {
    if (error instanceof CellError) return { kind: 'reject', row, reason: error.message };
    throw error;
  }
  return mapApiLocation(record, row, { columns: layout.fields });
}

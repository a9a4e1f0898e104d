import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { explainHeader, mapRow, recogniseDirectory2016, recogniseLayout, type Layout } from './layouts.ts';
import type { SourceItem } from './records.ts';
import { lazyRequire } from '../core/lazy.ts';

const excel = lazyRequire<typeof ExcelJS>('exceljs');

/** How many rows at the top of a sheet may come before its header (titles, notes, blank lines). */
const HEADER_SEARCH_ROWS = 20;

export class UnrecognisedLayout extends Error {}

export interface TabularOptions {
  readonly where?: string;
  readonly ragged?: boolean;
  /** Told the header once it is found (an import that takes nothing lists the columns it had). */
  readonly onHeader?: (cells: readonly string[]) => void;
}

/**
 * Finds a layout from the first rows and maps every row after it. Rows are numbered as a spreadsheet shows
 * them (the header is row 1 when it is the first line).
 */
export async function* tabularItems(rows: AsyncIterable<{ row: number; cells: string[] }>, options: TabularOptions = {}): AsyncGenerator<SourceItem> {
  let layout: Layout | undefined;
  let seen = 0;
  // the fullest of the rows searched: what the header would have been
  let candidate: readonly string[] = [];
  const filled = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;
  for await (const { row, cells } of rows) {
    if (!layout) {
      seen += 1;
      if (filled(cells) > filled(candidate)) candidate = cells;
      layout = recogniseLayout(cells);
      if (layout) {
        options.onHeader?.(cells);
        continue;
      }
      layout = recogniseDirectory2016(cells);
      if (!layout) {
        if (seen >= HEADER_SEARCH_ROWS) break;
        continue;
      }
    }
    // Spreadsheets store no trailing empty cells, so a short row there is not a broken one.
    if (options.ragged) {
      while (cells.length < layout.width) cells.push('');
      while (cells.length > layout.width && cells[cells.length - 1] === '') cells.pop();
    }
    yield mapRow(layout, cells, row);
  }
  if (!layout) {
    throw new UnrecognisedLayout(`${options.where ?? 'the file'} has no CQC header row and is not CQC's 2016 directory layout: ${explainHeader(candidate)}`);
  }
}

/** Rows of a CSV file, streamed; a quoting error ends the readable part of the file and is reported. */
export async function* csvRows(stream: Readable, onFatal: (row: number, reason: string) => void): AsyncGenerator<{ row: number; cells: string[] }> {
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: false }));
  let last = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      last = info.records;
      yield { row: info.records, cells: record };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    onFatal(last + 1, `the CSV cannot be read from here on (${message.slice(0, 160)})`);
  } finally {
    stream.destroy();
  }
}

type CellValue = ExcelJS.CellValue;

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * Rows of every worksheet of an XLSX workbook, streamed. Each sheet is tried on its own: CQC's workbooks
 * carry notes and provider sheets beside the locations sheet, and only sheets with a known layout count.
 */
export async function* xlsxItems(stream: Readable, onHeader?: (cells: readonly string[]) => void): AsyncGenerator<SourceItem> {
  const workbook = new (excel().stream.xlsx.WorkbookReader)(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  const why: string[] = [];
  let sheets = 0;
  for await (const sheet of workbook) {
    sheets += 1;
    const rows = (async function* () {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as CellValue[];
        // row.values is 1-based and sparse
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] ?? null).trim());
        yield { row: row.number, cells };
      }
    })();
    try {
      for await (const item of tabularItems(rows, { where: `worksheet ${sheets}`, ragged: true, ...(onHeader ? { onHeader } : {}) })) {
        found = true;
        yield item;
      }
      found = true;
    } catch (error) {
      if (!(error instanceof UnrecognisedLayout)) throw error;
      why.push(error.message);
      // drain the rest of this sheet so the reader can move on to the next one
      for await (const _ of rows) void _;
    }
  }
  if (!found) {
    throw new UnrecognisedLayout(`no worksheet of the workbook has a CQC header row (such as "Location ID" and "Location Name"): ${why.slice(0, 3).join('; ') || 'it has no worksheets'}`);
  }
}

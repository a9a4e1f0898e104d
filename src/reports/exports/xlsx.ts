import type ExcelJS from 'exceljs';
import { longDate, tablesOf, type Cell, type Column, type ExportDocument, type Table } from './document.ts';
import { lazyRequire } from '../../core/lazy.ts';

const excel = lazyRequire<typeof ExcelJS>('exceljs');

/**
 * A document as an Excel workbook: an "About" sheet (council, title, period, the day it was made, and the
 * document's paragraphs), then a sheet per table, each with its header row bold and frozen. Numbers are
 * numbers (percentages with one decimal place), days are dates, text is text (a workbook's text is never
 * run as a formula, so it needs no defusing).
 */
export async function documentXlsx(doc: ExportDocument): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'Care Oversight';
  workbook.title = doc.title;
  workbook.subject = doc.period;
  workbook.company = doc.council;
  workbook.created = excelDate(doc.madeOn);
  workbook.modified = excelDate(doc.madeOn);

  const names = new Set<string>();
  const notes = doc.blocks.flatMap((b): Cell[][] => {
    switch (b.kind) {
      case 'heading':
        return [['', b.text]];
      case 'paragraph':
        return [['Note', b.text]];
      case 'chart':
        return [['Chart', `${b.title}: ${b.description}`]];
      case 'table':
        return [];
    }
  });
  const about: Table = {
    title: 'About',
    columns: [
      { header: 'About this paper', kind: 'text' },
      { header: '', kind: 'text', width: 6 },
    ],
    rows: [
      ['Council', doc.council],
      ['Title', doc.title],
      ['Period', doc.period],
      ['Made on', longDate(doc.madeOn)],
      ...(doc.marking ? [['Marking', doc.marking]] : []),
      ...notes,
    ],
  };
  addSheet(workbook, about, uniqueSheetName('About', names));
  for (const table of tablesOf(doc)) addSheet(workbook, table, uniqueSheetName(table.sheetName ?? table.title, names));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, table: Table, name: string) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, i) => ({
    header: column.header,
    key: `c${i}`,
    width: columnWidth(column, table.rows.map((r) => r[i] ?? null)),
    style: styleOf(column),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((column, i) => cellValue(column, row[i] ?? null)));
}

function styleOf(column: Column): Partial<ExcelJS.Style> {
  switch (column.kind) {
    case 'number':
      return { numFmt: '0' };
    case 'percent':
      return { numFmt: '0.0' };
    case 'date':
      return { numFmt: 'd mmmm yyyy' };
    case 'text':
      return { alignment: { wrapText: true, vertical: 'top' } };
  }
}

function cellValue(column: Column, value: Cell): ExcelJS.CellValue {
  if (value === null) return null;
  if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return excelDate(value);
  if ((column.kind === 'number' || column.kind === 'percent') && typeof value === 'number') return value;
  return String(value);
}

/** A day as the Date Excel stores for it (midnight UTC, so no time zone moves it to the day before). */
function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

function columnWidth(column: Column, values: readonly Cell[]): number {
  if (column.kind === 'date') return Math.max(16, column.header.length + 2);
  const longest = Math.max(column.header.length, ...values.map((v) => (v === null ? 0 : String(v).length)));
  return Math.min(column.kind === 'text' ? 80 : 20, Math.max(8, longest + 2));
}

/** Excel allows 31 characters in a sheet's name, none of [ ] : * ? / \, and no two alike (ignoring case). */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1).trimEnd()} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

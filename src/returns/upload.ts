import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { lazyRequire } from '../core/lazy.ts';
import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { DomainError, Invalid } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { submitIn } from './returns.service.ts';

// loaded the first time a workbook is read or written, not when the app starts (core/lazy.ts)
const excel = lazyRequire<typeof ExcelJS>('exceljs');

/**
 * Many services' returns in one file (a provider group with 40 branches): CSV, or the first worksheet of an
 * XLSX workbook, with a header row of `service_id`, `year`, `quarter` and one column per question key
 * (docs/returns.md); a blank cell is no answer, so one file can hold care homes' and home care's columns side
 * by side, and `service_name` is ignored. All or nothing: every row is
 * checked as the API checks a return, and any row that cannot be taken refuses the whole file, each such row
 * reported by its number (the header is row 1).
 */
export interface RowError {
  readonly row: number;
  readonly message: string;
}

export type UploadResult = { readonly submitted: number } | { readonly rejected: readonly RowError[] };

type Cell = string | number | boolean | null | undefined;

/** A file's header and rows, each row keyed by its header. */
export async function readTable(content: Buffer): Promise<{ header: string[]; rows: Record<string, Cell>[] }> {
  if (content.subarray(0, 2).toString('latin1') !== 'PK') {
    let records: string[][];
    try {
      records = parseCsv(content, { bom: true, relax_column_count: true, skip_empty_lines: true });
    } catch {
      throw new Invalid([{ path: 'file', message: 'The selected file must be a CSV or XLSX file' }]);
    }
    const [header = [], ...rows] = records;
    return { header: header.map((h) => h.trim()), rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? '']))) };
  }
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new Invalid([{ path: 'file', message: 'The selected file must be a CSV or XLSX file' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = String(cell.text ?? '').trim()));
  const rows: Record<string, Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cellValue(row.getCell(i + 1).value)])));
  }
  return { header, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return '';
}

const isBlank = (row: Record<string, Cell>) => Object.values(row).every((v) => v === '' || v === null || v === undefined);
const ignored = new Set(['service_id', 'service_name', 'year', 'quarter']);

/** A spreadsheet's yes/no: "Yes", "no", TRUE. */
function answerCell(value: Cell): unknown {
  if (typeof value === 'string' && /^(yes|no|true|false)$/i.test(value.trim())) return /^(yes|true)$/i.test(value.trim()) ? 'yes' : 'no';
  return value;
}

export function uploadService(store: Store) {
  return {
    async upload(actor: Actor, content: Buffer): Promise<UploadResult> {
      authorise(actor, 'returns.submit');
      const table = await readTable(content);
      const missing = ['service_id', 'year', 'quarter'].filter((c) => !table.header.includes(c));
      if (missing.length) throw new Invalid([{ path: 'file', message: `The selected file must have a column called ${missing.join(', ')}` }]);
      const rows = table.rows.map((cells, i) => ({ cells, row: i + 2 })).filter((r) => !isBlank(r.cells));
      if (!rows.length) throw new Invalid([{ path: 'file', message: 'The selected file has no returns in it' }]);
      const rejected: RowError[] = [];
      const refused = new Error('refused');
      try {
        await store.asUser(actor, async (tx) => {
          const seen = new Map<string, number>();
          for (const { cells, row } of rows) {
            const serviceId = String(cells.service_id ?? '').trim();
            const year = Number(cells.year);
            const quarter = Number(cells.quarter);
            if (!isUuid(serviceId)) {
              rejected.push({ row, message: 'Enter the service’s id (service_id) from your list of services' });
              continue;
            }
            if (!Number.isInteger(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4 || year < 2000 || year > 2100) {
              rejected.push({ row, message: 'Enter the financial year (like 2026) and the quarter (1 to 4)' });
              continue;
            }
            const key = `${serviceId}:${year}:${quarter}`;
            if (seen.has(key)) {
              rejected.push({ row, message: `The same service and quarter as row ${seen.get(key)}` });
              continue;
            }
            seen.set(key, row);
            const answers = Object.fromEntries(Object.entries(cells).filter(([k, v]) => k !== '' && !ignored.has(k) && v !== '' && v !== null && v !== undefined).map(([k, v]) => [k, answerCell(v)]));
            try {
              await submitIn(tx, actor, serviceId, { year, quarter, answers });
            } catch (error) {
              if (error instanceof Invalid) for (const e of error.errors) rejected.push({ row, message: `${e.path.replace(/^answers\./, '')}: ${e.message}` });
              else if (error instanceof DomainError && error.status < 500) rejected.push({ row, message: error.status === 404 ? `No service of yours has the id ${serviceId}` : error.message });
              else throw error;
            }
          }
          // All or nothing: any rejected row undoes every row written before it.
          if (rejected.length) throw refused;
        });
      } catch (error) {
        if (error !== refused) throw error;
        return { rejected };
      }
      return { submitted: rows.length };
    },
  };
}

export type UploadService = ReturnType<typeof uploadService>;

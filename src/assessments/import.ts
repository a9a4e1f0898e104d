import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { CATEGORY_LABELS, isServiceCategory } from '../providers/index.ts';
import * as repo from './import.repository.ts';
import * as frameworksRepo from './frameworks.repository.ts';
import type { FrameworkVersion } from './frameworks.ts';
import { columnKey, duplicateRows, isBlank, readHeader, readRow, type Cells, type ImportRow, type RowError } from './import.rows.ts';
import { lazyRequire } from '../core/lazy.ts';

const excel = lazyRequire<typeof ExcelJS>('exceljs');

/**
 * Bringing past results in from PAMMS or the East of England workbook (issue 14): a CSV or XLSX file of one
 * row per assessment becomes published full assessments marked "imported", in one transaction. Any row
 * that cannot be taken refuses the whole file (all or nothing, like the CQC import), and every such row is
 * reported by its number. The command line runs it as the system for the council named; the upload page
 * runs it as the commissioner or administrator who uploads.
 */

export interface AssessmentsImportSummary {
  readonly file: string;
  readonly rowsRead: number;
  readonly imported: number;
  readonly rejected: readonly RowError[];
  /** true when a rejected row made the whole file change nothing. */
  readonly refused: boolean;
}

/** A file's header and rows: CSV (UTF-8, a header row) or the first worksheet of an XLSX workbook. */
export async function readTable(content: Buffer, name: string): Promise<{ header: string[]; rows: Cells[] }> {
  const isXlsx = content.subarray(0, 2).toString('latin1') === 'PK' || /\.xlsx$/i.test(name);
  if (!isXlsx) {
    const records: string[][] = parseCsv(content, { bom: true, relax_column_count: true, skip_empty_lines: true });
    const [header = [], ...rows] = records;
    return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
  }
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new Invalid([{ path: 'file', message: 'the file is neither CSV nor an XLSX workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = String(cell.text ?? '').trim()));
  const rows: Cells[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  }
  return { header, rows };
}

export interface ImportAssessmentsOptions {
  readonly councilId: string;
  /** The file's name, kept with each result ("imported from"). */
  readonly source: string;
  readonly content: Buffer;
  readonly today: string;
}

/** Reads, checks and (when every row is good) writes; inside the caller's transaction. */
async function importInto(tx: Tx, by: { userId: string | null; orgId: string }, options: ImportAssessmentsOptions): Promise<AssessmentsImportSummary> {
  const source = path.basename(options.source).slice(0, 200) || 'import';
  const table = await readTable(options.content, source);
  const header = readHeader(table.header);
  if ('missing' in header) {
    throw new Invalid([{ path: 'file', message: `the file has no column for ${header.missing.join(', ')} (see the column format in docs/importing-assessments.md)` }]);
  }
  const rejected: RowError[] = [];
  const rows: ImportRow[] = [];
  const unread: { row: number; cqcLocationId: string | null; serviceId: string | null }[] = [];
  let rowsRead = 0;
  table.rows.forEach((cells, i) => {
    if (isBlank(cells)) return;
    rowsRead++;
    const read = readRow(i + 2, cells, header, options.today);
    if ('errors' in read) {
      rejected.push(...read.errors);
      unread.push({ row: i + 2, cqcLocationId: read.cqcLocationId, serviceId: read.serviceId });
    } else rows.push(read.result);
  });

  const named = [...rows, ...unread];
  const services = await repo.servicesForImport(
    tx,
    options.councilId,
    named.flatMap((r) => (r.serviceId && isUuid(r.serviceId) ? [r.serviceId.toLowerCase()] : [])),
    named.flatMap((r) => (r.cqcLocationId ? [r.cqcLocationId] : [])),
  );
  const byId = new Map(services.map((s) => [s.id, s]));
  const byCqc = new Map(services.filter((s) => s.cqc_location_id).map((s) => [s.cqc_location_id!, s]));
  const notFound = (r: { serviceId: string | null; cqcLocationId: string | null }) =>
    r.serviceId ? `no service of this council has the ID ${r.serviceId}` : `no service of this council has the CQC location ID ${r.cqcLocationId}`;
  for (const r of unread) {
    if ((r.serviceId || r.cqcLocationId) && !(r.serviceId ? byId.get(r.serviceId.toLowerCase()) : byCqc.get(r.cqcLocationId!))) {
      rejected.push({ row: r.row, reason: notFound(r) });
    }
  }
  const versions = (await Promise.all((await frameworksRepo.currentVersionIds(tx, options.councilId)).map((id) => frameworksRepo.loadVersion(tx, id)))).filter(
    (v): v is FrameworkVersion => v !== undefined,
  );

  const serviceOf = (r: ImportRow) => (r.serviceId ? byId.get(r.serviceId.toLowerCase()) : r.cqcLocationId ? byCqc.get(r.cqcLocationId) : undefined);
  const results: repo.ImportedResult[] = [];
  for (const r of rows) {
    const reasons: string[] = [];
    const service = serviceOf(r);
    if (!service) {
      reasons.push(notFound(r));
    } else if (r.serviceId && r.cqcLocationId && service.cqc_location_id !== r.cqcLocationId) {
      reasons.push(`the service with the ID ${r.serviceId} has the CQC location ID ${service.cqc_location_id ?? '(none)'}, not ${r.cqcLocationId}`);
    }
    const framework = service ? frameworkFor(r, service.category, versions) : undefined;
    if (typeof framework === 'string') reasons.push(framework);
    if (service && framework && typeof framework !== 'string') {
      for (const number of r.domains.keys()) {
        if (number < 1 || number > framework.domains.length) reasons.push(`${framework.name} has no domain ${number}`);
      }
    }
    if (reasons.length || !service || !framework || typeof framework === 'string') {
      rejected.push(...reasons.map((reason) => ({ row: r.row, reason })));
      continue;
    }
    results.push({
      councilId: options.councilId,
      serviceId: service.id,
      frameworkVersionId: framework.id,
      visitedOn: r.visitedOn,
      completedOn: r.completedOn,
      publishedOn: r.publishedOn,
      overallBand: r.overallBand,
      overallPercent: r.overallPercent,
      domainScores: framework.domains.map((d) => {
        const given = r.domains.get(d.number);
        return { domainId: d.id, band: given?.band ?? null, ...(given?.percent === null || given?.percent === undefined ? {} : { percent: given.percent }) };
      }),
      importedFrom: source,
    });
  }
  rejected.push(...duplicateRows(rows, (r) => serviceOf(r)?.id));
  const already = await repo.importedResults(tx, [...new Set(results.map((r) => r.serviceId))]);
  const done = new Map(already.map((a) => [`${a.service_id}|${a.published_on}`, a.imported_from]));
  for (const r of rows) {
    const service = serviceOf(r);
    const from = service && done.get(`${service.id}|${r.publishedOn}`);
    if (from !== undefined) rejected.push({ row: r.row, reason: `this service’s result published on ${r.publishedOn} was already imported (from ${from ?? 'another file'})` });
  }

  rejected.sort((a, b) => a.row - b.row);
  if (rejected.length || !rowsRead) return { file: source, rowsRead, imported: 0, rejected, refused: rejected.length > 0 };
  await repo.insertImported(tx, results, by);
  return { file: source, rowsRead, imported: results.length, rejected: [], refused: false };
}

/** The council's framework a row names (by name or by category), or else the one for the service's category; or why there is none. */
function frameworkFor(r: ImportRow, serviceCategory: string, versions: readonly FrameworkVersion[]): FrameworkVersion | string {
  if (r.framework) {
    const named = versions.find((v) => columnKey(v.name) === columnKey(r.framework!));
    return named ?? `the council has no published framework called “${r.framework}”`;
  }
  let category = serviceCategory;
  if (r.category) {
    const given = Object.entries(CATEGORY_LABELS).find(([key, label]) => columnKey(key) === columnKey(r.category!) || columnKey(label) === columnKey(r.category!));
    if (!given || !isServiceCategory(given[0])) return `“${r.category}” is not a service category`;
    category = given[0];
  }
  const fitting = versions.filter((v) => v.categories.includes(category));
  if (fitting.length === 1) return fitting[0]!;
  const label = isServiceCategory(category) ? CATEGORY_LABELS[category].toLowerCase() : category;
  return fitting.length ? `more than one framework fits ${label}: name it in the framework column` : `the council has no published framework for ${label}`;
}

/** The upload page's service: a commissioner or administrator brings in their own council's past results. */
export function assessmentsImportService(store: Store) {
  return {
    async importFile(actor: Actor, file: { readonly name: string; readonly content: Buffer }): Promise<AssessmentsImportSummary> {
      authorise(actor, 'assessments.import');
      return importAssessmentsAs(store, actor, { source: file.name, content: file.content, today: today() });
    },
  };
}

export type AssessmentsImportService = ReturnType<typeof assessmentsImportService>;

/** As the commissioner or administrator, for their own council. */
export async function importAssessmentsAs(store: Store, actor: Actor, options: Omit<ImportAssessmentsOptions, 'councilId'>): Promise<AssessmentsImportSummary> {
  return store.asUser(actor, (tx) => importInto(tx, { userId: actor.userId, orgId: actor.orgId }, { ...options, councilId: actor.orgId }));
}

/** The command line: as the system, for the council with the code given. */
export async function importAssessmentsFile(store: Store, options: { file: string; org: string; today: string }): Promise<AssessmentsImportSummary> {
  const content = await readFile(options.file);
  return store.asSystem(async (tx) => {
    const council = await repo.organisationByCode(tx, options.org);
    if (!council) throw new Invalid([{ path: 'org', message: `no organisation has the code ${options.org}` }]);
    if (council.kind !== 'council') throw new Invalid([{ path: 'org', message: `${options.org} is not a council` }]);
    return importInto(tx, { userId: null, orgId: council.id }, { councilId: council.id, source: options.file, content, today: options.today });
  });
}

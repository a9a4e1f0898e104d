import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { importItems, type ImportOptions, type ImportSummary } from './import.ts';
import { openSource } from './source.ts';
import { UnrecognisedLayout } from './source-tabular.ts';

export interface FileRejection {
  readonly row: number;
  readonly reason: string;
  /** Set when a folder was imported. */
  readonly file?: string;
}

/** The summary the command line prints and the upload page shows (API.md's fields first). */
export interface FilesSummary {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  ratingsAdded: number;
  rejected: FileRejection[];
  skipped: number;
  ratingsChanged: number;
  servicesCreated: number;
  /** With --org: locations in the area that could not become services, counted by reason. */
  servicesNotCreated: Record<string, number>;
  /** Files whose rows were all refused because one was rejected (without keepGoodRows). */
  refusedFiles: string[];
  /** Files in a folder that are not CQC data. */
  skippedFiles: { file: string; reason: string }[];
}

type FileOptions = Omit<ImportOptions, 'source' | 'format'>;

export function emptySummary(): FilesSummary {
  return { rowsRead: 0, created: 0, updated: 0, unchanged: 0, ratingsAdded: 0, rejected: [], skipped: 0, ratingsChanged: 0, servicesCreated: 0, servicesNotCreated: {}, refusedFiles: [], skippedFiles: [] };
}

export function addSummary(total: FilesSummary, one: ImportSummary, file?: string): void {
  for (const key of ['rowsRead', 'created', 'updated', 'unchanged', 'ratingsAdded', 'skipped', 'ratingsChanged', 'servicesCreated'] as const) {
    total[key] += one[key];
  }
  for (const [reason, n] of Object.entries(one.servicesNotCreated)) total.servicesNotCreated[reason] = (total.servicesNotCreated[reason] ?? 0) + n;
  total.rejected.push(...one.rejected.map((r) => (file ? { file, ...r } : r)));
  if (one.refused && file) total.refusedFiles.push(file);
}

/** Imports one file, each in its own transaction. An unreadable layout is the file's problem, not a row's. */
export async function importFile(store: Store, filePath: string, options: FileOptions & { displayName?: string }): Promise<ImportSummary> {
  const source = await openSource(filePath);
  try {
    return await importItems(store, source.items, { ...options, source: options.displayName ?? path.basename(filePath), format: source.format });
  } catch (error) {
    if (error instanceof UnrecognisedLayout) throw new Invalid([{ path: 'file', message: `${options.displayName ?? path.basename(filePath)}: ${error.message}` }]);
    throw error;
  }
}

/** A file, or every file of a folder in name order (hidden files left out). */
export async function importPath(store: Store, target: string, options: FileOptions): Promise<FilesSummary> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new Invalid([{ path: 'path', message: `${target} does not exist` }]);
  const total = emptySummary();
  if (!info.isDirectory()) {
    const one = await importFile(store, target, options);
    addSummary(total, one);
    if (one.refused) total.refusedFiles.push(path.basename(target));
    return total;
  }
  const names = (await readdir(target, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    try {
      addSummary(total, await importFile(store, path.join(target, name), options), name);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      total.skippedFiles.push({ file: name, reason: error.errors.map((e) => e.message).join('; ') });
    }
  }
  return total;
}

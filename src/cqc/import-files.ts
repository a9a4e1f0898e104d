import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { joinProviders, type ApiRecords } from './api-records.ts';
import { readSavedPull } from './api-pull.ts';
import { importItems, type ImportOptions, type ImportSummary } from './import.ts';
import { hasScopeColumn } from './layouts.ts';
import { SKIP } from './records.ts';
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
  /** With --org: locations that did not become services, counted by reason (out of the area, deregistered…). */
  servicesNotCreated: Record<string, number>;
  /** Files whose rows were all refused because one was rejected (without keepGoodRows). */
  refusedFiles: string[];
  /** Files in a folder that are not CQC data. */
  skippedFiles: { file: string; reason: string }[];
  /** `skipped`, counted by reason. */
  skippedReasons: Record<string, number>;
  /** Providers added to a register under their CQC id alone, their names to be completed. */
  providersAwaitingName: number;
  /** Providers whose names this import completed. */
  providerNamesCompleted: number;
  /** Files that had rows but gave nothing, and why: the import fails. */
  nothingTaken: { file: string; reason: string }[];
}

/** One file's import, and why it gave nothing when it did. */
export type FileImport = ImportSummary & { readonly nothingTaken?: string | undefined };

type FileOptions = Omit<ImportOptions, 'source' | 'format'>;

export function emptySummary(): FilesSummary {
  return {
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    ratingsAdded: 0,
    rejected: [],
    skipped: 0,
    ratingsChanged: 0,
    servicesCreated: 0,
    servicesNotCreated: {},
    refusedFiles: [],
    skippedFiles: [],
    skippedReasons: {},
    providersAwaitingName: 0,
    providerNamesCompleted: 0,
    nothingTaken: [],
  };
}

const COUNTS = ['rowsRead', 'created', 'updated', 'unchanged', 'ratingsAdded', 'skipped', 'ratingsChanged', 'servicesCreated', 'providersAwaitingName', 'providerNamesCompleted'] as const;

/** Adds one source's import to the total; `inFolder` names the file on each of its rejected rows. */
export function addSummary(total: FilesSummary, one: FileImport, file: string, inFolder = false): void {
  for (const key of COUNTS) total[key] += one[key];
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [reason, n] of Object.entries(from)) into[reason] = (into[reason] ?? 0) + n;
  };
  add(total.servicesNotCreated, one.servicesNotCreated);
  add(total.skippedReasons, one.skippedReasons);
  total.rejected.push(...one.rejected.map((r) => (inFolder ? { file, ...r } : r)));
  if (one.refused) total.refusedFiles.push(file);
  if (one.nothingTaken) total.nothingTaken.push({ file, reason: one.nothingTaken });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Why a source with rows gave nothing (every row skipped or rejected), or undefined when it gave something.
 * A table's columns are listed, and when no column says what kind of service a location is, that is said.
 */
export function nothingTaken(one: ImportSummary, header?: readonly string[]): string | undefined {
  if (one.rowsRead === 0 || one.refused || one.created + one.updated + one.unchanged > 0) return undefined;
  const why = [
    ...Object.entries(one.skippedReasons).map(([reason, n]) => `${n} skipped: ${reason}`),
    ...(one.rejected.length ? [`${one.rejected.length} rejected (see "rejected")`] : []),
  ];
  let reason = `none of its ${plural(one.rowsRead, 'row')} gave a CQC location to import (${why.join('; ')})`;
  if (header) {
    if (one.skippedReasons[SKIP.unknownScope] && !hasScopeColumn(header)) {
      reason +=
        '; it has no column saying what kind of service each location is (such as "inspectionDirectorate", "type", "inspectionCategories" or "gacServiceTypes", or "Primary inspection category" or "Service types")';
    }
    const seen = header.map((c) => c.trim()).filter(Boolean);
    reason += `; the columns it has are ${seen.slice(0, 40).map((c) => `"${c.slice(0, 40)}"`).join(', ')}${seen.length > 40 ? ` and ${seen.length - 40} more` : ''}`;
  }
  return reason;
}

interface ImportFileOptions extends FileOptions {
  readonly displayName?: string;
  /** Provider records saved beside the file (a folder's saved API pull): their names join its locations. */
  readonly providers?: Pick<ApiRecords, 'provider'> | undefined;
}

/** Imports one file, in its own transaction. An unreadable layout is the file's problem, not a row's. */
export async function importFile(store: Store, filePath: string, options: ImportFileOptions): Promise<FileImport> {
  const { displayName, providers, ...rest } = options;
  const name = displayName ?? path.basename(filePath);
  const source = await openSource(filePath);
  try {
    const items = providers ? joinProviders(source.items, providers) : source.items;
    const one = await importItems(store, items, { ...rest, source: name, format: source.format });
    return { ...one, nothingTaken: nothingTaken(one, source.header()) };
  } catch (error) {
    if (error instanceof UnrecognisedLayout) throw new Invalid([{ path: 'file', message: `${name}: ${error.message}` }]);
    throw error;
  }
}

/** Refuses a file whose layout the import cannot read, by reading only as far as its first row. */
export async function checkLayout(filePath: string, name: string): Promise<void> {
  const source = await openSource(filePath);
  const items = source.items[Symbol.asyncIterator]();
  try {
    await items.next();
  } catch (error) {
    if (error instanceof UnrecognisedLayout) throw new Invalid([{ path: 'file', message: `${name}: ${error.message}` }]);
    throw error;
  } finally {
    await items.return?.();
  }
}

/** A folder's files, subfolders included (hidden ones left out), as paths relative to it, in name order. */
async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((rel) => !rel.split(path.sep).some((part) => part.startsWith('.')))
    .sort();
}

/** What a saved pull's locations are called in the summary. */
export const SAVED_PULL = 'the saved CQC API records';

/**
 * A file, or a whole folder: a saved pull of the CQC API in it is read as one source (api-pull.ts), then
 * every other file on its own, in name order, with the pull's provider records joined to its locations.
 */
export async function importPath(store: Store, target: string, options: FileOptions): Promise<FilesSummary> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new Invalid([{ path: 'path', message: `${target} does not exist` }]);
  const total = emptySummary();
  if (!info.isDirectory()) {
    addSummary(total, await importFile(store, target, options), path.basename(target));
    return total;
  }
  const { pull, rest } = await readSavedPull(target, await folderFiles(target));
  if (pull.size) {
    const one = await importItems(store, pull.items(), { ...options, source: `${path.basename(target)}: saved CQC API records`, format: 'api' });
    addSummary(total, { ...one, nothingTaken: nothingTaken(one) }, SAVED_PULL, true);
  }
  for (const name of rest) {
    try {
      addSummary(total, await importFile(store, path.join(target, name), { ...options, displayName: name, providers: pull.hasProviders ? pull : undefined }), name, true);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      total.skippedFiles.push({ file: name, reason: error.errors.map((e) => e.message).join('; ') });
    }
  }
  return total;
}

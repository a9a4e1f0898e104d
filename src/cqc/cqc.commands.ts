import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { organisationByCode } from './cqc.repository.ts';
import { importPath, type FilesSummary } from './import-files.ts';
import { syncFromApi } from './sync.ts';

/**
 * The operator's CQC jobs, as the command line runs them (`import cqc`, `cqc sync`): typed options in, the
 * summary out. The command line parses the arguments and prints; these run as the system.
 */

/** With --org and --local-authority: the council whose register gains that area's missing services. */
export interface CouncilArea {
  /** The council's organisation code. */
  readonly org: string;
  /** Its area as CQC names it (Rutland, East Sussex). */
  readonly localAuthority: string;
}

export interface ImportCqcOptions {
  /** A file, or a folder (subfolders included, a saved API pull among its files). */
  readonly path: string;
  readonly keepGoodRows: boolean;
  readonly council?: CouncilArea | undefined;
  /** Told how many rows have been read after each batch. */
  readonly onProgress?: ((rowsRead: number) => void) | undefined;
}

export async function importCqc(store: Store, options: ImportCqcOptions): Promise<FilesSummary> {
  return importPath(store, options.path, {
    keepGoodRows: options.keepGoodRows,
    council: await councilOf(store, options.council),
    today: today(),
    onBatch: options.onProgress,
  });
}

export interface SyncCqcOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** Read the changes feed from here (by default, where the last sync ended). */
  readonly since?: Date | undefined;
  /** List every adult social care location instead of reading the changes feed. */
  readonly full?: boolean | undefined;
  readonly keepGoodRows: boolean;
  readonly council?: CouncilArea | undefined;
}

export async function syncCqc(store: Store, options: SyncCqcOptions): Promise<FilesSummary> {
  return syncFromApi(store, {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    since: options.since,
    full: options.full,
    keepGoodRows: options.keepGoodRows,
    council: await councilOf(store, options.council),
    today: today(),
  });
}

async function councilOf(store: Store, council: CouncilArea | undefined) {
  if (!council) return undefined;
  const row = await store.asSystem((tx) => organisationByCode(tx, council.org));
  if (!row) throw new Invalid([{ path: 'org', message: `no organisation has the code ${council.org}` }]);
  if (row.kind !== 'council') throw new Invalid([{ path: 'org', message: `${council.org} is not a council` }]);
  return { id: row.id, localAuthority: council.localAuthority.trim() };
}

import { statSync } from 'node:fs';
import path from 'node:path';
import { checkBackup, exportBackup, restoreBackup, type Progress } from '../backup/index.ts';
import { loadConfig } from '../core/config.ts';
import { openStore, type Store } from '../core/db/database.ts';
import { parseFlags, UsageError } from './args.ts';

/**
 * `export FILE [--org CODE]` and `restore FILE`: a backup of the whole database or of one council, and its
 * restore into an empty database. Each prints one JSON line; long runs report progress on stderr.
 */
const EXPORT_USAGE = 'usage: care-oversight export FILE [--org ORG_CODE]';
const RESTORE_USAGE = 'usage: care-oversight restore FILE';

export async function exportCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const progress = progressOnStderr();
  const { flags, positionals } = parseFlags(args, { org: { type: 'string' } }, 1);
  const file = positionals[0];
  if (!file) throw new UsageError(EXPORT_USAGE);
  const folder = path.dirname(path.resolve(file));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${file}: no folder ${folder} to write it in`);
  const summary = await exportBackup(await store(), { file, council: flags.org ? { code: flags.org } : undefined, onProgress: progress });
  console.log(JSON.stringify(summary));
  return 0;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const progress = progressOnStderr();
  const { positionals } = parseFlags(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError(RESTORE_USAGE);
  // The whole file is checked before the database is opened, so a damaged file leaves no trace.
  const checked = await checkBackup(file);
  const config = loadConfig();
  // Opened without migrating: the restore migrates an empty database to the backup's schema version itself.
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const summary = await restoreBackup(store, { file, checked, onProgress: progress });
    console.log(JSON.stringify(summary));
    return 0;
  } finally {
    await store.close();
  }
}

/** A line on stderr at most every second, and none for a command that is over within its first second. */
function progressOnStderr(): (progress: Progress) => void {
  const started = Date.now();
  let last = started;
  return (progress) => {
    const now = Date.now();
    const finished = progress.tablesDone === progress.tables;
    if (now - last < 1000 && !(finished && last !== started)) return;
    last = now;
    const rows = progress.rows.toLocaleString('en-GB');
    process.stderr.write(`${progress.phase}: ${progress.tablesDone} of ${progress.tables} tables, ${rows} rows${finished ? '' : ` (${progress.table})`}\n`);
  };
}

import type { Config } from '../core/config.ts';
import type { Store } from '../core/db/database.ts';
import { DomainError } from '../core/errors.ts';
import { stat } from 'node:fs/promises';
import { estimateRows, importCqc, syncCqc, type CouncilArea, type FilesSummary } from '../cqc/index.ts';
import { parseFlags, UsageError } from './args.ts';

/**
 * `import cqc PATH` and `cqc sync`: CQC open data from files or from the CQC API. Both print one JSON line,
 * the summary; a source with a rejected row and no --keep-good-rows changes nothing and exits 1, and so
 * does a file that has rows but gives nothing to import.
 */
const IMPORT_USAGE = 'usage: care-oversight import cqc PATH [--org ORG_CODE --local-authority NAME] [--keep-good-rows] [--progress]';
const SYNC_USAGE = 'usage: care-oversight cqc sync [--since YYYY-MM-DDTHH:MM:SSZ | --full] [--org ORG_CODE --local-authority NAME] [--keep-good-rows]';

class ImportRefused extends DomainError {
  constructor(message: string) {
    super(message, 422);
  }
}

export async function importCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'cqc') throw new UsageError(IMPORT_USAGE);
  const { flags, positionals } = parseFlags(
    rest,
    { org: { type: 'string' }, 'local-authority': { type: 'string' }, 'keep-good-rows': { type: 'boolean' }, progress: { type: 'boolean' } },
    1,
  );
  const target = positionals[0];
  if (!target) throw new UsageError(IMPORT_USAGE);
  const council = councilFlags(flags.org, flags['local-authority']);
  // Progress on stderr with --progress, or whenever someone is watching a terminal (stdout stays the summary).
  const progress = flags.progress || process.stderr.isTTY;
  const total = progress && (await stat(target).catch(() => undefined))?.isFile() ? await estimateRows(target) : undefined;
  const summary = await importCqc(await store(), {
    path: target,
    keepGoodRows: flags['keep-good-rows'],
    council,
    onProgress: progress ? (rows) => process.stderr.write(`cqc import: ${progressLine(rows, total)}\n`) : undefined,
  });
  if (progress) process.stderr.write(`cqc import: finished, ${summary.rowsRead.toLocaleString('en-GB')} rows read\n`);
  return report(summary);
}

export async function cqcCommand(args: string[], store: () => Promise<Store>, config: Pick<Config, 'cqcApiBaseUrl' | 'cqcApiKey'>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'sync') throw new UsageError(SYNC_USAGE);
  const { flags } = parseFlags(rest, {
    since: { type: 'string' },
    full: { type: 'boolean' },
    org: { type: 'string' },
    'local-authority': { type: 'string' },
    'keep-good-rows': { type: 'boolean' },
  });
  let since: Date | undefined;
  if (flags.since !== undefined) {
    since = new Date(flags.since);
    if (Number.isNaN(since.getTime())) throw new UsageError('--since must be a timestamp, like 2026-01-01T00:00:00Z');
  }
  if (since && flags.full) throw new UsageError('--since and --full cannot be used together');
  const council = councilFlags(flags.org, flags['local-authority']);
  const summary = await syncCqc(await store(), {
    baseUrl: config.cqcApiBaseUrl,
    apiKey: config.cqcApiKey,
    since,
    full: flags.full,
    keepGoodRows: flags['keep-good-rows'],
    council,
  });
  return report(summary);
}

/** "500 rows read of about 20,000 (2%)", or "500 rows read" when the file's size in rows is not known. */
export function progressLine(rows: number, total: number | undefined): string {
  if (!total) return `${rows} rows read`;
  return `${rows} rows read of about ${Math.max(rows, total).toLocaleString('en-GB')} (${Math.min(100, Math.floor((rows / total) * 100))}%)`;
}

function councilFlags(org: string | undefined, localAuthority: string | undefined): CouncilArea | undefined {
  if ((org || localAuthority) && (!org || !localAuthority?.trim())) {
    throw new UsageError('--org and --local-authority go together: the council, and its area as CQC names it');
  }
  return org && localAuthority ? { org, localAuthority } : undefined;
}

function report(summary: FilesSummary): number {
  console.log(JSON.stringify(summary));
  if (summary.refusedFiles.length) {
    const rows = summary.rejected.length;
    throw new ImportRefused(
      `${rows} row${rows === 1 ? '' : 's'} rejected, so ${summary.refusedFiles.join(', ')} changed nothing (see "rejected"; --keep-good-rows keeps the good rows)`,
    );
  }
  if (summary.nothingTaken.length) {
    throw new ImportRefused(summary.nothingTaken.map((n) => `nothing was imported from ${n.file}: ${n.reason}`).join('; '));
  }
  return 0;
}

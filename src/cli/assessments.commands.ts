import { importAssessmentsFile } from '../assessments/index.ts';
import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { DomainError } from '../core/errors.ts';
import { parseFlags, UsageError } from './args.ts';

/**
 * `import assessments FILE --org CODE`: past results from PAMMS or the East of England workbook (CSV or
 * XLSX, one row per assessment; docs/importing-assessments.md). Prints one JSON line, the summary; a file
 * with a rejected row imports nothing and exits 1, naming the rows.
 */
const USAGE = 'usage: care-oversight import assessments FILE --org ORG_CODE';

class ImportRefused extends DomainError {
  constructor(message: string) {
    super(message, 422);
  }
}

export async function importAssessmentsCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const { flags, positionals } = parseFlags(args, { org: { type: 'string' } }, 1);
  const file = positionals[0];
  if (!file || !flags.org) throw new UsageError(USAGE);
  const summary = await importAssessmentsFile(await store(), { file, org: flags.org, today: today() });
  console.log(JSON.stringify(summary));
  if (summary.refused) {
    const rows = new Set(summary.rejected.map((r) => r.row)).size;
    throw new ImportRefused(`${rows} row${rows === 1 ? '' : 's'} rejected, so ${summary.file} imported nothing (see "rejected")`);
  }
  if (!summary.rowsRead) throw new ImportRefused(`${summary.file} has no rows to import`);
  return 0;
}

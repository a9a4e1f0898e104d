import { sql } from 'kysely';
import { openStore, type Tx } from '../core/db/database.ts';
import { readCatalog, type Catalog } from './catalog.ts';

/** Rows in each table. */
export async function rowCounts(tx: Tx, catalog: Catalog): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of catalog.tables) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table.name)}`.execute(tx);
    counts.set(table.name, result.rows[0]!.n);
  }
  return counts;
}

const learnt = new Map<string, Promise<Map<string, number>>>();

/**
 * The rows a database holds when it has just been migrated to `upTo` and nothing else has happened (the
 * migrations write the assessment framework templates, for one): learnt once per process from a throwaway
 * in-memory copy.
 */
export function emptyDatabaseCounts(upTo: string): Promise<Map<string, number>> {
  let counts = learnt.get(upTo);
  if (!counts) {
    counts = (async () => {
      const scratch = await openStore({ dataDir: 'memory://' });
      try {
        await scratch.migrate(upTo);
        return await scratch.db.transaction().execute(async (tx) => rowCounts(tx, await readCatalog(tx)));
      } finally {
        await scratch.close();
      }
    })();
    counts.catch(() => learnt.delete(upTo));
    learnt.set(upTo, counts);
  }
  return counts;
}

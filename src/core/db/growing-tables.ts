import { sql } from 'kysely';
import type { Tx } from './database.ts';

/**
 * For a long transaction whose few, large statements read tables it is filling (the CQC import's batches):
 * every statement is planned for its own parameters and the tables as they are now, for the rest of the
 * transaction.
 *
 * On PostgreSQL the app runs its statements as named prepared statements (prepared.ts), and after five
 * executions the server may keep one generic plan for a statement. A plan kept while a table was nearly
 * empty (a sequential scan) stays kept as the transaction fills the table: no statistics change until it
 * commits, so nothing tells the server to plan again. Measured on the CQC national import (December 2026):
 * the batch read of known ratings took 160 ms a batch on such a plan instead of about 2 ms, and the import
 * 17 s instead of 4.8 s. Planning every execution costs each statement its planning time, so this is for
 * jobs of few statements: the demo's load, thousands of small statements, took 86 s with it instead of 36 s
 * (region scale) and does without. Set locally, so it ends with the transaction; PGlite takes the same setting.
 */
export async function planForGrowingTables(tx: Tx): Promise<void> {
  await sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`.execute(tx);
}

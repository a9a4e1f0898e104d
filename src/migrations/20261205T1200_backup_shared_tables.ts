import { sql, type Kysely } from 'kysely';

/**
 * Tables that belong to no council but that a council's backup must carry, said in the catalog so the
 * backup finds them there (src/backup/scope.ts). Concern report references are unique across councils and
 * numbered from one counter per year: a council restored from its own backup goes on numbering after them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`comment on table concern_reference_counters is
    'backup: shared. One counter per year for the references of public concern reports, unique across councils.'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

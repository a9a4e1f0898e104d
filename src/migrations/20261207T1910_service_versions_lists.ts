import { sql, type Kysely } from 'kysely';

/**
 * A provider added to or removed from a council's register moves the versions of every service of that council
 * (service_versions_council_changed, 20261207T1900), so that the services list, whose filters offer every
 * provider of the council, can be kept until one of the council's services changes, whoever else commits
 * (issue 16). A provider changed already moves its own services' versions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create trigger providers_version_insert after insert on providers
  referencing new table as new_rows for each statement execute function service_versions_council_changed();
create trigger providers_version_delete after delete on providers
  referencing old table as old_rows for each statement execute function service_versions_council_changed();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

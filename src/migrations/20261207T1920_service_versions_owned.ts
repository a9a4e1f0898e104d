import { sql, type Kysely } from 'kysely';

/**
 * A service's version row refers to its service, so that a council's backup takes the versions of its own
 * services only (src/backup/scope.ts: a table without council_id follows what its rows refer to; one that refers
 * to nothing and that the application may read is taken whole, which gave every council's service ids once the
 * live status facts of each new service moved its version, 20261207T1900). A service removed takes its version
 * with it, which is as good as moving it for an answer kept under that version, so the trigger that moved it goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
drop trigger services_version_delete on services;
drop function service_versions_services_removed();
delete from service_versions v where not exists (select 1 from services s where s.id = v.service_id);
alter table service_versions add constraint service_versions_service_id_fkey foreign key (service_id) references services (id) on delete cascade;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

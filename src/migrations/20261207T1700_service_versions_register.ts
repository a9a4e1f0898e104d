import { sql, type Kysely } from 'kysely';

/**
 * Service versions (20261207T1500, 20261207T1600) moved by what the risk register shows besides a service's own
 * records, so that the register can be kept until one of the council's services changes, whoever else commits
 * (issue 16): a provider renamed (its services), a new matrix (every service of its council: the register offers
 * its bands), and the council's people (their names and teams, the register's filters) through the shared version
 * 'people', which now moves when anyone joins, leaves, is renamed, changes team or moves organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function service_versions_providers_renamed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump((select array_agg(s.id) from services s
     where s.provider_id in (select n.id from new_rows n join old_rows o on o.id = n.id where n.name is distinct from o.name)));
  return null;
end
$fn$;

create function service_versions_matrix_saved() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump((select array_agg(s.id) from services s where s.council_id in (select n.council_id from new_rows n)));
  return null;
end
$fn$;

revoke all on function service_versions_providers_renamed(), service_versions_matrix_saved() from public;

create trigger providers_version_renamed after update on providers
  referencing new table as new_rows old table as old_rows for each statement execute function service_versions_providers_renamed();
create trigger risk_matrices_version_saved after insert on risk_matrices
  referencing new table as new_rows for each statement execute function service_versions_matrix_saved();

drop trigger users_version_renamed on users;
create trigger users_version_changed after insert or delete or update of name, team, org_id on users
  for each statement execute function service_versions_people_changed();
`.execute(db);
}

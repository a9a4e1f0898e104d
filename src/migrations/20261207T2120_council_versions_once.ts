import { sql, type Kysely } from 'kysely';

/**
 * A council's version moves once a transaction, however many of its services' records the transaction changes.
 *
 * Every row that moves a service's version moved its council's at commit (20261207T1930), and cases and actions
 * their council's (20261207T2110): loading the council demo called council_versions_bump() 13,903 times, 1.8 s
 * of PostgreSQL's time in a 28 s load. No one sees a version before the transaction that set it commits, and after
 * it commits only that it differs from the one before matters, so the first bump of a council in a transaction
 * is enough: the rest find it marked (a setting local to the transaction, undone with it, or with a savepoint
 * rolled back together with the bump) and do nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function council_versions_bump(p_councils uuid[]) returns void
  language plpgsql volatile security definer set search_path = public as $fn$
declare
  v_todo uuid[];
begin
  if p_councils is null or cardinality(p_councils) = 0 then
    return;
  end if;
  select array_agg(distinct x.id order by x.id) into v_todo from unnest(p_councils) as x(id)
   where x.id is not null and current_setting('co.council_moved_' || replace(x.id::text, '-', ''), true) is distinct from 'yes';
  if v_todo is null then
    return;
  end if;
  insert into council_versions (council_id, version)
  select x.id, nextval('service_version_seq') from unnest(v_todo) as x(id) order by x.id
  on conflict (council_id) do update set version = excluded.version;
  perform set_config('co.council_moved_' || replace(x.id::text, '-', ''), 'yes', true) from unnest(v_todo) as x(id);
end
$fn$;
revoke all on function council_versions_bump(uuid[]) from public;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Each council's version: one number that moves whenever the version of one of its services moves, or a service
 * joins or leaves it, so that answers kept by council (the work list, what is due, the risk register, the services
 * list) are checked with one primary-key read rather than a digest of all the council's services' versions (issue
 * 16: for the largest council, 630 services, that digest was about 1 ms of PostgreSQL's time, twice on the work
 * list, with row-level security asked about every version).
 *
 * A service's version moves during the transaction; its council's moves when the transaction commits (a deferred
 * constraint trigger on service_versions), so a council's row is held only while committing and writers in one
 * council do not queue behind each other's open transactions. A service that leaves a council (moved, or removed)
 * moves the council it left at once. Every council has a row from here on; one made later has none until its first
 * change, and answers about it are read afresh until then (src/core/db/service-facts-cache.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table council_versions (
  council_id uuid primary key references organisations (id) on delete cascade,
  version bigint not null
);
comment on table council_versions is 'Each council''s version: moved when one of its services'' versions moves, or a service joins or leaves it.';
alter table council_versions enable row level security;
revoke all on council_versions from public;
grant select on council_versions to care_app;
-- a council's staff read their own council's version
create policy council_versions_read on council_versions for select to care_app using (council_id = (select app_org()));
insert into council_versions (council_id, version) select o.id, nextval('service_version_seq') from organisations o where o.kind = 'council' order by o.id;

create function council_versions_bump(p_councils uuid[]) returns void
  language plpgsql volatile security definer set search_path = public as $fn$
begin
  if p_councils is null or cardinality(p_councils) = 0 then
    return;
  end if;
  insert into council_versions (council_id, version)
  select x.id, nextval('service_version_seq') from (select distinct unnest(p_councils) as id) x where x.id is not null order by x.id
  on conflict (council_id) do update set version = excluded.version;
end
$fn$;

-- at commit, for each service whose version moved: the council it is in then
create function council_versions_service_moved() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform council_versions_bump((select array_agg(s.council_id) from services s where s.id = new.service_id));
  return null;
end
$fn$;

-- a service moved to another council, or removed: the council it left, at once
create function council_versions_services_left() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  if tg_op = 'DELETE' then
    perform council_versions_bump((select array_agg(distinct o.council_id) from old_rows o));
  else
    perform council_versions_bump((select array_agg(distinct o.council_id) from old_rows o join new_rows n on n.id = o.id
                                    where n.council_id is distinct from o.council_id));
  end if;
  return null;
end
$fn$;

revoke all on function council_versions_bump(uuid[]), council_versions_service_moved(), council_versions_services_left() from public;

create constraint trigger service_versions_council after insert or update on service_versions
  deferrable initially deferred for each row execute function council_versions_service_moved();
create trigger services_council_left_update after update on services
  referencing old table as old_rows new table as new_rows for each statement execute function council_versions_services_left();
create trigger services_council_left_delete after delete on services
  referencing old table as old_rows for each statement execute function council_versions_services_left();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

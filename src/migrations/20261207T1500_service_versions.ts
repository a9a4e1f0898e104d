import { sql, type Kysely } from 'kysely';

/**
 * Each service's version: a number that changes, in the same transaction, whenever a record a service's risk
 * facts come from changes, so that what the work list derives for a service can be kept until then (issue 16).
 *
 * Answers kept by the database's snapshot (snapshot-cache.ts) last until anyone commits anything. On a
 * regional database that is most views, and the work list then derived every led service's facts afresh:
 * about 100 ms and 60 ms of PostgreSQL's time a view for 344 services. Kept by service version, a view after
 * someone else's commit derives only the services whose records changed.
 *
 * service_versions holds a number a service, from one sequence (never reused, even after a rollback), written
 * by service_versions_bump(ids) from statement triggers on the tables those facts come from: risk ratings,
 * assessments, intelligence, visits, returns, suspensions, contract processes and concerns cases (a case on a
 * provider group reaches its subsidiaries' services), a service changed, and a provider moved in the hierarchy.
 * CQC's records are shared by every council, and an import changes thousands: they move one shared number,
 * shared_versions 'cqc', instead.
 *
 * The reader takes the versions in its first statement and derives the facts in later ones, so what it keeps
 * under a version is never older than that version. A unit of work that has itself written keeps nothing (its
 * numbers are not yet anyone else's). The application's role reads the versions of the services it may see.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create sequence service_version_seq;

create table service_versions (
  service_id uuid primary key,
  version bigint not null
);
comment on table service_versions is 'Each service''s version: changed whenever a record its risk facts come from changes (service_versions_bump).';
alter table service_versions enable row level security;
revoke all on service_versions from public;
grant select on service_versions to care_app;
-- the versions of the services the caller may see (the services' own row-level security decides)
create policy service_versions_read on service_versions for select to care_app
  using (exists (select 1 from services s where s.id = service_versions.service_id));

create table shared_versions (
  name text primary key,
  version bigint not null
);
comment on table shared_versions is 'A version for records every council shares (CQC''s), changed whenever they change.';
revoke all on shared_versions from public;
grant select on shared_versions to care_app;
insert into shared_versions (name, version) values ('cqc', nextval('service_version_seq'));

create function service_versions_bump(p_ids uuid[]) returns void
  language plpgsql volatile security definer set search_path = public as $fn$
begin
  if p_ids is null or cardinality(p_ids) = 0 then
    return;
  end if;
  -- in key order, so two transactions bumping the same services take their rows in the same order
  insert into service_versions (service_id, version)
  select x.id, nextval('service_version_seq') from (select distinct unnest(p_ids) as id) x where x.id is not null order by x.id
  on conflict (service_id) do update set version = excluded.version;
end
$fn$;

-- after a statement on a table whose rows name their service in service_id
create function service_versions_rows_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.service_id) into v_ids from new_rows n where n.service_id is not null;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct x.service_id) into v_ids
      from (select n.service_id from new_rows n union select o.service_id from old_rows o) x where x.service_id is not null;
  else
    select array_agg(distinct o.service_id) into v_ids from old_rows o where o.service_id is not null;
  end if;
  perform service_versions_bump(v_ids);
  return null;
end
$fn$;

-- concerns cases name a service or a provider group (which reaches its subsidiaries' services)
create function service_versions_cases_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_services uuid[];
  v_providers uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.service_id) filter (where n.service_id is not null),
           array_agg(distinct n.provider_id) filter (where n.provider_id is not null)
      into v_services, v_providers from new_rows n;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct x.service_id) filter (where x.service_id is not null),
           array_agg(distinct x.provider_id) filter (where x.provider_id is not null)
      into v_services, v_providers
      from (select n.service_id, n.provider_id from new_rows n union all select o.service_id, o.provider_id from old_rows o) x;
  else
    select array_agg(distinct o.service_id) filter (where o.service_id is not null),
           array_agg(distinct o.provider_id) filter (where o.provider_id is not null)
      into v_services, v_providers from old_rows o;
  end if;
  if v_providers is not null then
    v_services := coalesce(v_services, '{}') || service_status_group_services(v_providers);
  end if;
  perform service_versions_bump(v_services);
  return null;
end
$fn$;

-- a service changed (its category, provider, council, CQC location…), or a provider moved to another parent
create function service_versions_services_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump((select array_agg(n.id) from new_rows n));
  return null;
end
$fn$;

create function service_versions_provider_moved() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump(service_status_group_services(array[new.id]));
  return null;
end
$fn$;

-- CQC's records: one shared number
create function service_versions_cqc_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  update shared_versions set version = nextval('service_version_seq') where name = 'cqc';
  return null;
end
$fn$;

revoke all on function service_versions_bump(uuid[]), service_versions_rows_changed(), service_versions_cases_changed(),
  service_versions_services_changed(), service_versions_provider_moved(), service_versions_cqc_changed() from public;
`.execute(db);

  // one trigger an event: a trigger with transition tables answers to one kind of statement
  const triggers: [table: string, fn: string][] = [
    ['risk_ratings', 'service_versions_rows_changed'],
    ['assessments', 'service_versions_rows_changed'],
    ['intelligence', 'service_versions_rows_changed'],
    ['visits', 'service_versions_rows_changed'],
    ['returns', 'service_versions_rows_changed'],
    ['suspensions', 'service_versions_rows_changed'],
    ['contract_processes', 'service_versions_rows_changed'],
    ['concerns_cases', 'service_versions_cases_changed'],
  ];
  const events: [event: string, tables: string][] = [
    ['insert', 'new table as new_rows'],
    ['update', 'new table as new_rows old table as old_rows'],
    ['delete', 'old table as old_rows'],
  ];
  for (const [table, fn] of triggers) {
    for (const [event, tables] of events) {
      await sql`create trigger ${sql.raw(`${table}_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(tables)} for each statement execute function ${sql.raw(fn)}()`.execute(db);
    }
  }
  await sql`
create trigger services_version_update after update on services
  referencing new table as new_rows for each statement execute function service_versions_services_changed();
create trigger providers_version_moved after update of parent_provider_id on providers
  for each row when (old.parent_provider_id is distinct from new.parent_provider_id)
  execute function service_versions_provider_moved();
create trigger cqc_locations_version after insert or update or delete on cqc_locations
  for each statement execute function service_versions_cqc_changed();
create trigger cqc_ratings_version after insert or update or delete on cqc_ratings
  for each statement execute function service_versions_cqc_changed();
`.execute(db);
}

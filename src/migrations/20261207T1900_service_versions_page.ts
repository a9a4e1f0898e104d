import { sql, type Kysely } from 'kysely';

/**
 * Service versions (20261207T1500–1700) moved by everything else the service page and GET /api/v1/services/{id}
 * read, so that both can be kept until that service changes, whoever else commits (issue 16). Until now they
 * were kept by the database's snapshot: after any commit anywhere the next view read afresh, about 20 ms.
 *
 * What the page reads besides the tables that already move the versions, and what now moves them:
 * - rows that name their service through another record: comments on an assessment, approvals of a risk
 *   rating, a suspension's events, a concerns case's actions (a case on a provider group reaches its
 *   subsidiaries' services), through service_versions_parts_changed, which learns those keys;
 * - rows that name their service: its contracts, and its live status facts as kept (service_status);
 * - rows that name a council: its sharing agreements (which decide who else sees its services) and its return
 *   settings move every service of that council;
 * - a provider changed in any way (its name, its organisation, whose users see its services…) moves its services,
 *   not only a rename; a service removed moves its own version;
 * - records every council shares move a shared version: organisations ('organisations': names, kinds, who manages
 *   whom), frameworks, and their versions once published ('frameworks'; drafts are never shown on a service), and
 *   people's email, role and whether they are active as well as their name, team and organisation
 *   ('people').
 *
 * src/providers/service-page.kept.db.test.ts lists the tables the page and document read and fails on any that
 * moves no version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
insert into shared_versions (name, version) values
  ('organisations', nextval('service_version_seq')),
  ('frameworks', nextval('service_version_seq'));

-- after a statement on a table whose rows name their plan, action, assessment, risk rating, suspension or concerns case
create or replace function service_versions_parts_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_ids uuid[];
  v_keys uuid[];
  v_providers uuid[];
begin
  if tg_op = 'INSERT' then
    execute format('select array_agg(distinct n.%I) from new_rows n', tg_argv[0]) into v_keys;
  elsif tg_op = 'UPDATE' then
    execute format('select array_agg(distinct x.k) from (select n.%1$I as k from new_rows n union select o.%1$I from old_rows o) x', tg_argv[0]) into v_keys;
  else
    execute format('select array_agg(distinct o.%I) from old_rows o', tg_argv[0]) into v_keys;
  end if;
  if v_keys is null then
    return null;
  end if;
  if tg_argv[0] = 'plan_id' then
    select array_agg(distinct p.service_id) into v_ids from action_plans p where p.id = any (v_keys);
  elsif tg_argv[0] = 'action_id' then
    select array_agg(distinct p.service_id) into v_ids from actions x join action_plans p on p.id = x.plan_id where x.id = any (v_keys);
  elsif tg_argv[0] = 'assessment_id' then
    select array_agg(distinct a.service_id) into v_ids from assessments a where a.id = any (v_keys);
  elsif tg_argv[0] = 'rating_id' then
    select array_agg(distinct r.service_id) into v_ids from risk_ratings r where r.id = any (v_keys);
  elsif tg_argv[0] = 'suspension_id' then
    select array_agg(distinct s.service_id) into v_ids from suspensions s where s.id = any (v_keys);
  elsif tg_argv[0] = 'case_id' then
    select array_agg(distinct c.service_id) filter (where c.service_id is not null),
           array_agg(distinct c.provider_id) filter (where c.provider_id is not null)
      into v_ids, v_providers from concerns_cases c where c.id = any (v_keys);
    if v_providers is not null then
      v_ids := coalesce(v_ids, '{}') || service_status_group_services(v_providers);
    end if;
  else
    raise exception 'service_versions_parts_changed: no way to a service from %', tg_argv[0];
  end if;
  perform service_versions_bump(v_ids);
  return null;
end
$fn$;

-- after a statement on a table whose rows name a council (council_id): every service of it
create function service_versions_council_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_councils uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.council_id) into v_councils from new_rows n;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct x.council_id) into v_councils from (select n.council_id from new_rows n union select o.council_id from old_rows o) x;
  else
    select array_agg(distinct o.council_id) into v_councils from old_rows o;
  end if;
  perform service_versions_bump((select array_agg(s.id) from services s where s.council_id = any (v_councils)));
  return null;
end
$fn$;

-- a provider changed in any way but the time of its last change: its services
create function service_versions_providers_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump((select array_agg(s.id) from services s
     where s.provider_id in (select n.id from new_rows n join old_rows o on o.id = n.id
                              where to_jsonb(n) - 'updated_at' is distinct from to_jsonb(o) - 'updated_at')));
  return null;
end
$fn$;

create function service_versions_services_removed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_versions_bump((select array_agg(o.id) from old_rows o));
  return null;
end
$fn$;

-- a shared record changed: the shared version named
create function service_versions_shared_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  update shared_versions set version = nextval('service_version_seq') where name = tg_argv[0];
  return null;
end
$fn$;

-- a framework version published (a published one never changes nor goes): drafts show nowhere
create function service_versions_frameworks_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_shown boolean;
begin
  if tg_op = 'INSERT' then
    select exists (select 1 from new_rows n where n.status <> 'draft') into v_shown;
  elsif tg_op = 'UPDATE' then
    select exists (select 1 from new_rows n where n.status <> 'draft') or exists (select 1 from old_rows o where o.status <> 'draft') into v_shown;
  else
    select exists (select 1 from old_rows o where o.status <> 'draft') into v_shown;
  end if;
  if v_shown then
    update shared_versions set version = nextval('service_version_seq') where name = 'frameworks';
  end if;
  return null;
end
$fn$;

revoke all on function service_versions_council_changed(), service_versions_providers_changed(), service_versions_services_removed(),
  service_versions_shared_changed(), service_versions_frameworks_changed() from public;

drop trigger providers_version_renamed on providers;
drop function service_versions_providers_renamed();
create trigger providers_version_changed after update on providers
  referencing new table as new_rows old table as old_rows for each statement execute function service_versions_providers_changed();
create trigger services_version_delete after delete on services
  referencing old table as old_rows for each statement execute function service_versions_services_removed();
create trigger organisations_version_changed after insert or update or delete on organisations
  for each statement execute function service_versions_shared_changed('organisations');
create trigger frameworks_version_changed after insert or update or delete on frameworks
  for each statement execute function service_versions_shared_changed('frameworks');
drop trigger users_version_changed on users;
create trigger users_version_changed after insert or delete or update of name, team, org_id, email, role, active on users
  for each statement execute function service_versions_people_changed();
`.execute(db);

  const triggers: [table: string, fn: string, argument: string | null][] = [
    ['assessment_comments', 'service_versions_parts_changed', 'assessment_id'],
    ['risk_rating_approvals', 'service_versions_parts_changed', 'rating_id'],
    ['suspension_events', 'service_versions_parts_changed', 'suspension_id'],
    ['concerns_actions', 'service_versions_parts_changed', 'case_id'],
    ['contracts', 'service_versions_rows_changed', null],
    ['service_status', 'service_versions_rows_changed', null],
    ['sharing_agreements', 'service_versions_council_changed', null],
    ['return_settings', 'service_versions_council_changed', null],
    ['framework_versions', 'service_versions_frameworks_changed', null],
  ];
  const events: [event: string, tables: string][] = [
    ['insert', 'new table as new_rows'],
    ['update', 'new table as new_rows old table as old_rows'],
    ['delete', 'old table as old_rows'],
  ];
  for (const [table, fn, argument] of triggers) {
    for (const [event, tables] of events) {
      await sql`create trigger ${sql.raw(`${table}_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(tables)} for each statement execute function ${sql.raw(fn)}(${sql.raw(argument ? `'${argument}'` : '')})`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Each service's status facts are kept as records change, instead of derived on every search (issue 16).
 *
 * Since 20261206T1610 live_status() derived the facts of a page's services with about twelve index look-ups
 * a service (its active suspension, its open concerns case or a provider group's up the provider hierarchy,
 * its open contractual processes, its latest full assessment not superseded, its latest risk rating, open
 * section 42 enquiries, and when each last changed): 0.8 ms of PostgreSQL's time for a page of 27 on the
 * national demo. "Concerns only" (what the list page shows first) started from every active suspension and
 * open case in England: 2.1 ms, growing with the database.
 *
 * service_status holds those facts, one row a service, written by service_status_refresh(ids): it derives
 * them with the same statement as before (service_status_derive), so what a search shows is unchanged. The
 * tables the facts come from refresh the services a statement touched, once per statement (transition
 * tables), and so does anything that moves a service: its council or provider changing, a provider moving
 * in the hierarchy (its services and its subsidiaries' services, which group cases reach). The latest CQC
 * rating stays derived per search (one index look-up), so the CQC import writes no facts.
 *
 * Two transactions changing the same service's facts must not each write what they derived without the
 * other's change: service_status_refresh locks the services' rows before it derives, so the second waits for
 * the first to commit, then derives (a new statement, a new snapshot under read committed) with both.
 *
 * service_status_repair() compares every row with the facts derived afresh and refreshes any that differ: the
 * status capability runs it every six hours and logs what it had to repair, which should be nothing.
 *
 * The application's role cannot read the table: live_status() reads it as its owner, after checking the
 * sharing agreements itself. live_status() keeps `plan_cache_mode = force_generic_plan` (20261206T2000), and
 * finds one service by id (the service page's panel) with a static statement instead of one planned per call.
 * app_visible_councils() becomes PL/pgSQL, the same query, so its plan is kept instead of made on every call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function app_visible_councils(purpose text) returns setof uuid
  language plpgsql stable security definer set search_path = public as $fn$
begin
  return query
  select app_org()
   where exists (select 1 from organisations o where o.id = app_org() and o.kind = 'council')
     and app_role() in (case purpose when 'live_status' then 'placer' else 'admin' end, 'admin', 'commissioner', 'officer')
  union
  select a.council_id from sharing_agreements a
   where a.with_org_id = app_org() and a.revoked_at is null
     and app_role() in ('admin', 'commissioner', 'officer', 'placer', 'partner')
     and case purpose when 'live_status' then a.live_status when 'alerts' then a.alerts when 'enter_and_view' then a.enter_and_view else false end;
end
$fn$;

create table service_status (
  service_id uuid primary key references services (id) on delete cascade,
  council_id uuid not null,
  provider_id uuid not null,
  -- an active suspension, an open concerns case (the service's or its provider group's) or an open contractual process
  against boolean not null default false,
  suspension_id uuid,
  suspension_scope text,
  suspension_detail text,
  suspension_since date,
  suspension_review_on date,
  concerns_stage smallint,
  concerns_since date,
  contract_processes text[],
  contract_since date,
  assessment_band text,
  assessment_published_on date,
  risk_band text,
  safeguarding_enquiry_open boolean not null default false,
  -- the latest change to any of the records above (the service's own and its latest CQC rating are read with it)
  changed_at timestamptz
);
comment on table service_status is 'Each service''s live status facts, kept by service_status_refresh() as the records they come from change.';
create index service_status_against_council_idx on service_status (council_id) where against;
create index service_status_against_provider_idx on service_status (provider_id) where against;
alter table service_status enable row level security;
revoke all on service_status from public;

-- the facts of these services, derived from the records (the statement live_status() ran per search until now)
create function service_status_derive(p_ids uuid[])
  returns table (service_id uuid, council_id uuid, provider_id uuid, against boolean, suspension_id uuid,
    suspension_scope text, suspension_detail text, suspension_since date, suspension_review_on date,
    concerns_stage smallint, concerns_since date, contract_processes text[], contract_since date,
    assessment_band text, assessment_published_on date, risk_band text, safeguarding_enquiry_open boolean,
    changed_at timestamptz)
  language sql stable security definer set search_path = public as $fn$
  select f.id, f.council_id, f.provider_id,
         sus.id is not null or cc.stage is not null or cp.kinds is not null,
         sus.id, sus.scope, sus.detail, sus.scope_since, sus.review_on,
         cc.stage, cc.since,
         cp.kinds, cp.since,
         asm.overall_band, asm.published_on,
         rr.band_key,
         coalesce(sg.open, false),
         greatest(lastsus.at, cc.at, lastcp.at, asm.at, rr.at, sg.at)
    from services f
    left join lateral (
      select x.id, x.scope, x.detail, x.scope_since, x.review_on from suspensions x
       where x.service_id = f.id and x.status = 'active' limit 1
    ) sus on true
    left join lateral (select max(x.updated_at) as at from suspensions x where x.service_id = f.id) lastsus on true
    left join lateral (
      select max(stage)::smallint as stage, min(since) as since, max(at) as at from (
        select x.stage, x.opened_on as since, x.updated_at as at from concerns_cases x where x.service_id = f.id and x.status = 'open'
        union all
        select g.stage, g.opened_on, g.updated_at from (
          with recursive up(id) as (
            select f.provider_id
            union
            -- one primary-key lookup a step, however many providers the database holds
            select (select a.parent_provider_id from providers a where a.id = up.id) from up where up.id is not null
          )
          select c.stage, c.opened_on, c.updated_at from up join concerns_cases c on c.provider_id = up.id and c.status = 'open'
        ) g
        union all
        select null, null, max(x.updated_at) from concerns_cases x where x.service_id = f.id and x.status = 'closed'
      ) c
    ) cc on true
    left join lateral (
      select array_agg(x.kind order by x.kind) as kinds, min(x.started_on) as since from contract_processes x
       where x.service_id = f.id and x.status = 'open' having count(*) > 0
    ) cp on true
    left join lateral (select max(x.updated_at) as at from contract_processes x where x.service_id = f.id) lastcp on true
    left join lateral (
      select a.overall_band, a.published_on, a.published_at as at from assessments a
       where a.service_id = f.id and a.kind = 'full' and a.status = 'published'
         and not exists (select 1 from assessments c where c.supersedes_id = a.id and c.status = 'published')
       order by coalesce(a.visited_on, a.published_on) desc, a.published_at desc limit 1
    ) asm on true
    left join lateral (
      select x.band_key, x.created_at as at from risk_ratings x where x.service_id = f.id
       order by x.rated_on desc, x.created_at desc limit 1
    ) rr on true
    left join lateral (
      select max(i.updated_at) as at, bool_or(i.section42_status = 'open') as open from intelligence i
       where i.service_id = f.id and i.section42_status is not null
    ) sg on true
   where f.id = any (p_ids)
$fn$;

create function service_status_refresh(p_ids uuid[]) returns void
  language plpgsql volatile security definer set search_path = public as $fn$
begin
  if p_ids is null or cardinality(p_ids) = 0 then
    return;
  end if;
  insert into service_status (service_id, council_id, provider_id)
  select s.id, s.council_id, s.provider_id from services s where s.id = any (p_ids) order by s.id
  on conflict (service_id) do nothing;
  -- wait for any other transaction refreshing these services to commit, so that what is derived next sees its change
  perform 1 from service_status t where t.service_id = any (p_ids) order by t.service_id for update;
  update service_status t
     set council_id = d.council_id, provider_id = d.provider_id, against = d.against, suspension_id = d.suspension_id,
         suspension_scope = d.suspension_scope, suspension_detail = d.suspension_detail,
         suspension_since = d.suspension_since, suspension_review_on = d.suspension_review_on,
         concerns_stage = d.concerns_stage, concerns_since = d.concerns_since,
         contract_processes = d.contract_processes, contract_since = d.contract_since,
         assessment_band = d.assessment_band, assessment_published_on = d.assessment_published_on,
         risk_band = d.risk_band, safeguarding_enquiry_open = d.safeguarding_enquiry_open, changed_at = d.changed_at
    from service_status_derive(p_ids) d
   where t.service_id = d.service_id;
end
$fn$;

-- the services whose kept facts differ from what the records say, refreshed; how many (a safety net, run on a timer)
create function service_status_repair() returns integer
  language plpgsql volatile security definer set search_path = public as $fn$
declare
  v_ids uuid[];
begin
  select array_agg(d.service_id) into v_ids
    from service_status_derive(array(select s.id from services s)) d
    left join service_status t on t.service_id = d.service_id
   where row(d.*) is distinct from row(t.*);
  perform service_status_refresh(v_ids);
  return coalesce(cardinality(v_ids), 0);
end
$fn$;

-- the services of these providers and of their subsidiaries at any depth (what a provider group's case reaches)
create function service_status_group_services(p_providers uuid[]) returns uuid[]
  language sql stable security definer set search_path = public as $fn$
  with recursive down(id) as (
    select unnest(p_providers)
    union
    select p.id from providers p join down on p.parent_provider_id = down.id
  )
  select coalesce(array_agg(s.id), '{}') from down join services s on s.provider_id = down.id
$fn$;

-- after a statement on a table whose rows name their service in service_id
create function service_status_rows_changed() returns trigger
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
  perform service_status_refresh(v_ids);
  return null;
end
$fn$;

-- concerns cases name a service or a provider group
create function service_status_cases_changed() returns trigger
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
  perform service_status_refresh(v_services);
  return null;
end
$fn$;

-- a service added: its facts (a provider group's open case may already reach it)
create function service_status_services_added() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  perform service_status_refresh((select array_agg(n.id) from new_rows n));
  return null;
end
$fn$;

-- a service moved to another council or provider, or a provider to another parent
create function service_status_moved() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  if tg_table_name = 'services' then
    perform service_status_refresh(array[new.id]);
  else
    perform service_status_refresh(service_status_group_services(array[new.id]));
  end if;
  return null;
end
$fn$;

-- definers that read every council's records: the application's role may call none of them
revoke all on function service_status_derive(uuid[]), service_status_refresh(uuid[]), service_status_repair(), service_status_group_services(uuid[]),
  service_status_rows_changed(), service_status_cases_changed(), service_status_services_added(), service_status_moved() from public;
`.execute(db);

  // one trigger an event: a trigger with transition tables answers to one kind of statement
  const triggers: [table: string, fn: string][] = [
    ['suspensions', 'service_status_rows_changed'],
    ['contract_processes', 'service_status_rows_changed'],
    ['assessments', 'service_status_rows_changed'],
    ['risk_ratings', 'service_status_rows_changed'],
    ['intelligence', 'service_status_rows_changed'],
    ['concerns_cases', 'service_status_cases_changed'],
  ];
  const events: [event: string, tables: string][] = [
    ['insert', 'new table as new_rows'],
    ['update', 'new table as new_rows old table as old_rows'],
    ['delete', 'old table as old_rows'],
  ];
  for (const [table, fn] of triggers) {
    for (const [event, tables] of events) {
      await sql`create trigger ${sql.raw(`${table}_status_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(tables)} for each statement execute function ${sql.raw(fn)}()`.execute(db);
    }
  }
  await sql`
create trigger services_status_insert after insert on services
  referencing new table as new_rows for each statement execute function service_status_services_added();
create trigger services_status_moved after update of council_id, provider_id on services
  for each row when (old.council_id is distinct from new.council_id or old.provider_id is distinct from new.provider_id)
  execute function service_status_moved();
create trigger providers_status_moved after update of parent_provider_id on providers
  for each row when (old.parent_provider_id is distinct from new.parent_provider_id)
  execute function service_status_moved();

select service_status_refresh(array(select s.id from services s));
`.execute(db);

  await sql`
create or replace function live_status(p_q text, p_postcode text, p_cqc_location_id text, p_service_id uuid, p_purpose text,
    p_concerns_only boolean, p_after_name text, p_after_id uuid, p_limit integer)
  returns table (service_id uuid, council_id uuid, council_name text, name text, provider_id uuid, provider_name text,
    postcode text, cqc_location_id text, category text, suspension_id uuid, suspension_scope text, suspension_detail text,
    suspension_since date, suspension_review_on date, concerns_stage smallint, concerns_since date,
    contract_processes text[], contract_since date, cqc_overall text, cqc_rated_on date, assessment_band text,
    assessment_published_on date, risk_band text, safeguarding_enquiry_open boolean, updated_at timestamptz)
  language plpgsql stable security definer set search_path = public set plan_cache_mode = force_generic_plan as $fn$
#variable_conflict use_column
declare
  v_councils uuid[];
  v_providers uuid[] := '{}';
  v_scope text;
  v_filters text := '';
  v_enter_and_view boolean := p_purpose = 'enter_and_view';
  v_ids uuid[];
begin
  select coalesce(array_agg(v.id), '{}') into v_councils from app_visible_councils(p_purpose) as v(id);
  -- a provider's users see the status of their own services, nothing else
  if p_purpose = 'live_status' and app_role() = 'provider' then
    select coalesce(array_agg(p.id), '{}') into v_providers from providers p where p.org_id = app_org();
  end if;
  if cardinality(v_councils) = 0 and cardinality(v_providers) = 0 then
    return;
  end if;
  -- the searcher's services, written for the alias @
  v_scope := case
    when cardinality(v_providers) = 0 then '@.council_id = any($1)'
    when cardinality(v_councils) = 0 then '@.provider_id = any($2)'
    else '(@.council_id = any($1) or @.provider_id = any($2))' end;

  if p_service_id is not null and p_q is null and p_postcode is null and p_cqc_location_id is null and p_after_id is null
     and not coalesce(p_concerns_only, false) then
    -- one service (its page's panel, the API's service): a primary-key look-up, nothing to plan
    select coalesce(array_agg(s.id), '{}') into v_ids from services s
     where s.id = p_service_id and (s.council_id = any (v_councils) or s.provider_id = any (v_providers));
  else
    if p_service_id is not null then
      v_filters := v_filters || ' and s.id = $3';
    end if;
    if p_q is not null then
      v_filters := v_filters || ' and s.id in (select m.id from services m where ' || replace(v_scope, '@', 'm')
        || ' and lower(m.name) like $4 union select m.id from providers mp join services m on m.provider_id = mp.id where '
        || replace(v_scope, '@', 'm') || ' and lower(mp.name) like $4)';
    end if;
    if p_postcode is not null then
      v_filters := v_filters || ' and replace(s.postcode, '' '', '''') like $5';
    end if;
    if p_cqc_location_id is not null then
      v_filters := v_filters || ' and s.cqc_location_id = $6';
    end if;
    if p_after_id is not null then
      v_filters := v_filters || ' and (lower(s.name), s.id) > ($7, $8)';
    end if;
    if p_concerns_only then
      -- exactly the services with a suspension, case or process against them, as kept in service_status
      v_filters := v_filters || ' and s.id in (select st.service_id from service_status st where st.against and '
        || replace(v_scope, '@', 'st') || ')';
    end if;

    -- the page's services, in name order: planned for the filters given (a small statement)
    execute '
    with found as (
      select s.id, s.name
        from services s
       where ' || replace(v_scope, '@', 's') || v_filters || '
       order by lower(s.name), s.id'
       -- the Enter and View list keeps services by their facts, so it cannot stop at a page before reading them
       || case when v_enter_and_view then '' else ' limit $9' end || '
    )
    select coalesce(array_agg(id order by lower(name), id), ''{}'') from found'
    into v_ids
    using v_councils, v_providers, p_service_id, '%' || lower(p_q) || '%', replace(upper(p_postcode), ' ', '') || '%',
          p_cqc_location_id, p_after_name, p_after_id, p_limit;
  end if;
  if cardinality(v_ids) = 0 then
    return;
  end if;

  -- their facts as kept, with the latest CQC rating: one static statement, whatever the search
  return query
  with facts as (
    select s.id as service_id, s.council_id, o.name as council_name, s.name, s.provider_id, p.name as provider_name,
           s.postcode, s.cqc_location_id, s.category,
           st.suspension_id, st.suspension_scope, st.suspension_detail, st.suspension_since, st.suspension_review_on,
           st.concerns_stage, st.concerns_since, st.contract_processes, st.contract_since,
           cqc.overall as cqc_overall, cqc.rated_on as cqc_rated_on,
           st.assessment_band, st.assessment_published_on,
           case when app_role() = 'provider' then null else st.risk_band end as risk_band,
           coalesce(st.safeguarding_enquiry_open, false) as safeguarding_enquiry_open,
           greatest(s.updated_at, st.changed_at, cqc.at) as updated_at, u.ord
      -- in the order found (by ordinality: a plan kept for every search must not pick an order of its own)
      from unnest(v_ids) with ordinality as u(id, ord)
      join services s on s.id = u.id
      join providers p on p.id = s.provider_id
      join organisations o on o.id = s.council_id
      left join service_status st on st.service_id = s.id
      left join lateral (
        select r.overall, coalesce(r.published_on, r.first_seen_on) as rated_on, r.created_at as at from cqc_ratings r
         where s.cqc_location_id is not null and r.location_id = s.cqc_location_id and r.overall is not null
         order by coalesce(r.published_on, r.first_seen_on) desc, r.seq desc limit 1
      ) cqc on true
  )
  select service_id::uuid, council_id::uuid, council_name::text, name::text, provider_id::uuid, provider_name::text,
         postcode::text, cqc_location_id::text, category::text, suspension_id::uuid, suspension_scope::text,
         suspension_detail::text, suspension_since::date, suspension_review_on::date, concerns_stage::smallint,
         concerns_since::date, contract_processes::text[], contract_since::date, cqc_overall::text, cqc_rated_on::date,
         assessment_band::text, assessment_published_on::date, risk_band::text, safeguarding_enquiry_open::boolean,
         updated_at::timestamptz
    from facts
   where not v_enter_and_view
      or cqc_overall in ('requires_improvement', 'inadequate')
      or assessment_band in ('requires_improvement', 'poor')
   order by ord
   limit p_limit;
end
$fn$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

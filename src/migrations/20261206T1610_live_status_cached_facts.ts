import { sql, type Kysely } from 'kysely';

/**
 * live_status() plans its large statement once per session rather than once per search (issue 16).
 *
 * Since 20261205T1530 the function wrote one statement for the filters given and ran it with EXECUTE, which
 * PostgreSQL plans on every call: on the national demo, a name search spent 2.6 ms planning and 3.1 ms
 * running (pg_stat_statements with track_planning), the planning mostly the facts: the eight lateral joins
 * that derive each service's status. The search is now two statements:
 * - the page's service ids, in name order: still written for the filters given and run with EXECUTE (the
 *   plan that starts from the search term or the visible councils, small to plan);
 * - their facts: one static statement over those ids, whose plan PL/pgSQL keeps for the session.
 * Same signature, same rows and order; "create or replace" keeps the grants; it still checks the sharing
 * agreements itself (app_visible_councils) and runs as its owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function live_status(p_q text, p_postcode text, p_cqc_location_id text, p_service_id uuid, p_purpose text,
    p_concerns_only boolean, p_after_name text, p_after_id uuid, p_limit integer)
  returns table (service_id uuid, council_id uuid, council_name text, name text, provider_id uuid, provider_name text,
    postcode text, cqc_location_id text, category text, suspension_id uuid, suspension_scope text, suspension_detail text,
    suspension_since date, suspension_review_on date, concerns_stage smallint, concerns_since date,
    contract_processes text[], contract_since date, cqc_overall text, cqc_rated_on date, assessment_band text,
    assessment_published_on date, risk_band text, safeguarding_enquiry_open boolean, updated_at timestamptz)
  language plpgsql stable security definer set search_path = public as $fn$
#variable_conflict use_column
declare
  v_councils uuid[];
  v_providers uuid[] := '{}';
  v_scope text;
  v_filters text := '';
  v_with text := 'with ';
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
    -- exactly the services the status below finds a suspension, case or process for; open group cases
    -- reach every service of the provider and of its subsidiaries at any depth
    v_with := 'with recursive covered(provider_id) as (
        select c.provider_id from concerns_cases c where c.status = ''open'' and c.provider_id is not null
        union
        select p.id from providers p join covered on p.parent_provider_id = covered.provider_id
      ), ';
    v_filters := v_filters || ' and s.id in (
        select x.service_id from suspensions x where x.status = ''active''
        union select x.service_id from concerns_cases x where x.status = ''open'' and x.service_id is not null
        union select x.service_id from contract_processes x where x.status = ''open''
        union select g.id from services g where g.provider_id in (select covered.provider_id from covered))';
  end if;

  -- the page's services, in name order: planned for the filters given (a small statement)
  execute v_with || '
  found as (
    select s.id, s.name
      from services s
     where ' || replace(v_scope, '@', 's') || v_filters || '
     order by lower(s.name), s.id'
     -- the Enter and View list keeps services by their facts, so it cannot stop at a page before deriving them
     || case when v_enter_and_view then '' else ' limit $9' end || '
  )
  select coalesce(array_agg(id order by lower(name), id), ''{}'') from found'
  into v_ids
  using v_councils, v_providers, p_service_id, '%' || lower(p_q) || '%', replace(upper(p_postcode), ' ', '') || '%',
        p_cqc_location_id, p_after_name, p_after_id, p_limit;
  if cardinality(v_ids) = 0 then
    return;
  end if;

  -- their facts: one static statement, whatever the search, so PL/pgSQL keeps its plan for the session
  return query
  with picked as (
    -- in the order found (by ordinality: a plan kept for every search must not pick an order of its own)
    select s.id, s.council_id, s.name, s.provider_id, s.postcode, s.cqc_location_id, s.category, s.updated_at, u.ord
      from unnest(v_ids) with ordinality as u(id, ord)
      join services s on s.id = u.id
  ),
  facts as (
    select f.id as service_id, f.council_id, o.name as council_name, f.name, f.provider_id, p.name as provider_name,
           f.postcode, f.cqc_location_id, f.category,
           sus.id as suspension_id, sus.scope as suspension_scope, sus.detail as suspension_detail,
           sus.scope_since as suspension_since, sus.review_on as suspension_review_on,
           cc.stage as concerns_stage, cc.since as concerns_since,
           cp.kinds as contract_processes, cp.since as contract_since,
           cqc.overall as cqc_overall, cqc.rated_on as cqc_rated_on,
           asm.overall_band as assessment_band, asm.published_on as assessment_published_on,
           case when app_role() = 'provider' then null else rr.band_key end as risk_band,
           coalesce(sg.open, false) as safeguarding_enquiry_open,
           greatest(f.updated_at, lastsus.at, cc.at, lastcp.at, cqc.at, asm.at, rr.at, sg.at) as updated_at, f.ord
      from picked f
      join providers p on p.id = f.provider_id
      join organisations o on o.id = f.council_id
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
        select r.overall, coalesce(r.published_on, r.first_seen_on) as rated_on, r.created_at as at from cqc_ratings r
         where f.cqc_location_id is not null and r.location_id = f.cqc_location_id and r.overall is not null
         order by coalesce(r.published_on, r.first_seen_on) desc, r.seq desc limit 1
      ) cqc on true
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

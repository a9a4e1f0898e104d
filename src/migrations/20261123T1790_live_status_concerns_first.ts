import { sql, type Kysely } from 'kysely';

/**
 * live_status(), revised:
 * - "Concerns only" on a national register derived every visible service's status and then kept the few
 *   with something against them; it now picks those services first, and the escalation tables get the
 *   indexes by service that each status lookup needs.
 * - A provider's users read the status of their own services but never the council's risk band (the
 *   Provider Risk Rating is the council's own judgement: docs/risk.md).
 * Same signature; grants are kept by "create or replace".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index concerns_cases_service_idx on concerns_cases (service_id, status) where service_id is not null;
create index contract_processes_service_idx on contract_processes (service_id, status);
create index suspensions_service_status_idx on suspensions (service_id) where status = 'active';

create or replace function live_status(p_q text, p_postcode text, p_cqc_location_id text, p_service_id uuid, p_purpose text,
    p_concerns_only boolean, p_after_name text, p_after_id uuid, p_limit integer)
  returns table (service_id uuid, council_id uuid, council_name text, name text, provider_id uuid, provider_name text,
    postcode text, cqc_location_id text, category text, suspension_id uuid, suspension_scope text, suspension_detail text,
    suspension_since date, suspension_review_on date, concerns_stage smallint, concerns_since date,
    contract_processes text[], contract_since date, cqc_overall text, cqc_rated_on date, assessment_band text,
    assessment_published_on date, risk_band text, safeguarding_enquiry_open boolean, updated_at timestamptz)
  language sql stable security definer set search_path = public as $$
  with visible as materialized (
    select id from app_visible_councils(p_purpose) as v(id)
  ),
  -- open group cases reach every service of the provider and of its subsidiaries at any depth (providers
  -- and their subsidiaries are always of one council, so the found services' visibility covers them)
  group_cases as materialized (
    with recursive covered(provider_id, stage, opened_on, updated_at) as (
      select c.provider_id, c.stage, c.opened_on, c.updated_at from concerns_cases c
       where c.status = 'open' and c.provider_id is not null
      union all
      select p.id, covered.stage, covered.opened_on, covered.updated_at
        from providers p join covered on p.parent_provider_id = covered.provider_id
    )
    select * from covered
  ),
  -- a provider's users see the status of their own services, nothing else
  -- "concerns only" starts from the few services with something against them; the branches are
  -- switched by one-time filters, so the plan of an ordinary search is the one it always had
  against as (
    select x.service_id from suspensions x where p_concerns_only and x.status = 'active'
    union
    select x.service_id from concerns_cases x where p_concerns_only and x.status = 'open' and x.service_id is not null
    union
    select x.service_id from contract_processes x where p_concerns_only and x.status = 'open'
    union
    select s.id from services s join group_cases g on g.provider_id = s.provider_id where p_concerns_only
  ),
  scoped as (
    select s.id from services s where not p_concerns_only and s.council_id in (select id from visible)
    union all
    select s.id from against join services s on s.id = against.service_id
     where p_concerns_only and s.council_id in (select id from visible)
    union all
    select s.id from services s join providers p on p.id = s.provider_id
     where p_purpose = 'live_status' and app_role() = 'provider' and p.org_id = app_org()
  ),
  found as (
    select s.*, p.name as provider_name, o.name as council_name
      from scoped
      join services s on s.id = scoped.id
      join providers p on p.id = s.provider_id
      join organisations o on o.id = s.council_id
     where (p_service_id is null or s.id = p_service_id)
       and (p_q is null or lower(s.name) like '%' || lower(p_q) || '%' or lower(p.name) like '%' || lower(p_q) || '%')
       and (p_postcode is null or replace(s.postcode, ' ', '') like replace(upper(p_postcode), ' ', '') || '%')
       and (p_cqc_location_id is null or s.cqc_location_id = p_cqc_location_id)
       and (p_after_id is null or (lower(s.name), s.id) > (p_after_name, p_after_id))
  ),
  facts as (
    select f.id as service_id, f.council_id, f.council_name, f.name, f.provider_id, f.provider_name, f.postcode,
           f.cqc_location_id, f.category,
           sus.id as suspension_id, sus.scope as suspension_scope, sus.detail as suspension_detail,
           sus.scope_since as suspension_since, sus.review_on as suspension_review_on,
           cc.stage as concerns_stage, cc.since as concerns_since,
           cp.kinds as contract_processes, cp.since as contract_since,
           cqc.overall as cqc_overall, cqc.rated_on as cqc_rated_on,
           asm.overall_band as assessment_band, asm.published_on as assessment_published_on,
           case when app_role() = 'provider' then null else rr.band_key end as risk_band,
           exists (select 1 from intelligence i where i.service_id = f.id and i.section42_status = 'open') as safeguarding_enquiry_open,
           greatest(f.updated_at, lastsus.at, cc.at, lastcp.at, cqc.at, asm.at, rr.at, sg.at) as updated_at
      from found f
      left join lateral (
        select x.id, x.scope, x.detail, x.scope_since, x.review_on from suspensions x
         where x.service_id = f.id and x.status = 'active' limit 1
      ) sus on true
      left join lateral (select max(x.updated_at) as at from suspensions x where x.service_id = f.id) lastsus on true
      left join lateral (
        select max(stage)::smallint as stage, min(since) as since, max(at) as at from (
          select x.stage, x.opened_on as since, x.updated_at as at from concerns_cases x where x.service_id = f.id and x.status = 'open'
          union all
          select g.stage, g.opened_on, g.updated_at from group_cases g where g.provider_id = f.provider_id
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
        select max(i.updated_at) as at from intelligence i where i.service_id = f.id and i.section42_status is not null
      ) sg on true
  )
  select * from facts
   where (not p_concerns_only or suspension_id is not null or concerns_stage is not null or contract_processes is not null)
     and (p_purpose <> 'enter_and_view' or cqc_overall in ('requires_improvement', 'inadequate')
          or assessment_band in ('requires_improvement', 'poor'))
   order by lower(name), service_id
   limit p_limit
$$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

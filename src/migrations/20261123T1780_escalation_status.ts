import { sql, type Kysely } from 'kysely';

/**
 * Escalation and the Live Status List.
 *
 * - Concerns / Serious Concerns procedure cases (stages 1 to 5) on a service or a whole provider group,
 *   with every escalation, de-escalation and closure kept as an event, meetings, decisions and actions.
 * - Suspensions of new placements (full or partial), lifted in part or in full only with evidence, and
 *   reinstated; and the contractual Remedies for Poor Performance / Failure to Perform processes.
 * - Sharing agreements: a council chooses which councils and partners see its live status, get its alerts
 *   and see its Healthwatch Enter and View list. Revoking keeps the row, so who shared what and when stays.
 * - Alerts: written by triggers in the same transaction as the change they are about (and the emails for
 *   subscribed users into the outbox), so a change that must notify does so exactly once.
 *
 * No table holds a status: the live status is derived from these records and the ratings, by
 * live_status() below, the one query behind the list, its API and CSV, and the service page.
 * Escalation records are the owning council's; other organisations reach only live_status(), a
 * security-definer function that checks the sharing agreements and returns no personal data.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_escalation_reads() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;
-- Opening, escalating and closing cases, suspending and lifting are the commissioner's decisions.
create function app_escalation_decides() returns boolean language sql stable as
  $$ select app_role() = 'commissioner' $$;
-- Meetings, decisions and actions are recorded by whoever minutes them: commissioners and officers.
create function app_escalation_records() returns boolean language sql stable as
  $$ select app_role() in ('commissioner', 'officer') $$;

create table sharing_agreements (
  id uuid primary key default gen_random_uuid(),
  -- the council that shares (named council_id so the audit trail files it under that council)
  council_id uuid not null references organisations (id),
  with_org_id uuid not null references organisations (id),
  live_status boolean not null,
  alerts boolean not null,
  enter_and_view boolean not null,
  -- null: shared by the system operator through the command line
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  revoked_by uuid references users (id),
  revoked_at timestamptz,
  updated_at timestamptz not null default now(),
  check (council_id <> with_org_id),
  check (live_status or alerts or enter_and_view)
);
create unique index sharing_agreements_active_key on sharing_agreements (council_id, with_org_id) where revoked_at is null;
create index sharing_agreements_with_idx on sharing_agreements (with_org_id) where revoked_at is null;

create function sharing_agreements_guard() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    if (select kind from organisations where id = new.council_id) is distinct from 'council' then
      raise exception 'only a council shares its live status' using errcode = 'check_violation';
    end if;
    if (select kind from organisations where id = new.with_org_id) not in ('council', 'partner') then
      raise exception 'a council shares only with another council or a partner' using errcode = 'check_violation';
    end if;
    if new.revoked_at is not null then
      raise exception 'a sharing agreement starts unrevoked' using errcode = 'check_violation';
    end if;
  else
    if old.revoked_at is not null then
      raise exception 'a revoked sharing agreement stays revoked: share again instead' using errcode = 'check_violation';
    end if;
    if new.council_id <> old.council_id or new.with_org_id <> old.with_org_id or new.live_status <> old.live_status
       or new.alerts <> old.alerts or new.enter_and_view <> old.enter_and_view or new.created_at <> old.created_at
       or new.created_by is distinct from old.created_by then
      raise exception 'a sharing agreement is not changed: revoke it and share again' using errcode = 'check_violation';
    end if;
  end if;
  return new;
end $$;
create trigger sharing_agreements_guard before insert or update on sharing_agreements
  for each row execute function sharing_agreements_guard();

create table concerns_cases (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  -- a case is about one service, or about a whole provider group (the provider and its subsidiaries)
  service_id uuid references services (id),
  provider_id uuid references providers (id),
  stage smallint not null check (stage between 1 and 5),
  status text not null default 'open' check (status in ('open', 'closed')),
  reason text not null check (length(reason) between 1 and 5000),
  opened_on date not null,
  opened_by uuid not null references users (id),
  closed_on date,
  closed_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((service_id is null) <> (provider_id is null)),
  check ((status = 'closed') = (closed_on is not null)),
  check (closed_on is null or closed_on >= opened_on)
);
create unique index concerns_cases_open_service_key on concerns_cases (service_id) where status = 'open' and service_id is not null;
create unique index concerns_cases_open_provider_key on concerns_cases (provider_id) where status = 'open' and provider_id is not null;
create index concerns_cases_council_idx on concerns_cases (council_id, status, opened_on desc);
create index concerns_cases_provider_idx on concerns_cases (provider_id) where provider_id is not null;

create table concerns_case_events (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  case_id uuid not null references concerns_cases (id),
  kind text not null check (kind in ('opened', 'escalated', 'de_escalated', 'closed')),
  from_stage smallint check (from_stage between 1 and 5),
  to_stage smallint check (to_stage between 1 and 5),
  reason text not null check (length(reason) between 1 and 5000),
  occurred_on date not null,
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  check (kind <> 'escalated' or to_stage > from_stage),
  check (kind <> 'de_escalated' or to_stage < from_stage)
);
create index concerns_case_events_case_idx on concerns_case_events (case_id, created_at);

-- Evidence the case was opened on: entries chosen from the service timeline, kept as they read then.
create table concerns_case_evidence (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  case_id uuid not null references concerns_cases (id),
  kind text not null check (length(kind) between 1 and 40),
  record_id text not null check (length(record_id) between 1 and 200),
  occurred_on date not null,
  summary text not null check (length(summary) between 1 and 1000),
  href text check (length(href) <= 500),
  created_at timestamptz not null default now(),
  unique (case_id, kind, record_id)
);

create table concerns_meetings (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  case_id uuid not null references concerns_cases (id),
  held_on date not null,
  -- [{name, organisationType, organisation}] for council, provider, CQC, health and other placing councils' staff
  attendees jsonb not null check (jsonb_typeof(attendees) = 'array' and jsonb_array_length(attendees) between 1 and 100),
  notes text check (length(notes) <= 10000),
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index concerns_meetings_case_idx on concerns_meetings (case_id, held_on);

create table concerns_decisions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  case_id uuid not null references concerns_cases (id),
  meeting_id uuid references concerns_meetings (id),
  decided_on date not null,
  decision text not null check (length(decision) between 1 and 5000),
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index concerns_decisions_case_idx on concerns_decisions (case_id, decided_on);

create table concerns_actions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  case_id uuid not null references concerns_cases (id),
  meeting_id uuid references concerns_meetings (id),
  description text not null check (length(description) between 1 and 2000),
  owner_name text not null check (length(owner_name) between 1 and 200),
  owner_organisation_type text not null check (owner_organisation_type in ('council', 'provider', 'cqc', 'health', 'placing_council', 'other')),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done')),
  completed_on date,
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'done') = (completed_on is not null))
);
create index concerns_actions_case_idx on concerns_actions (case_id, due_on);

create table suspensions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  scope text not null check (scope in ('full', 'partial')),
  -- what is suspended when partial (e.g. "Nursing beds only")
  detail text check (length(detail) <= 500),
  reason text not null check (length(reason) between 1 and 5000),
  starts_on date not null,
  review_on date,
  -- the day the current scope began: the start, a partial lift or a reinstatement
  scope_since date not null,
  status text not null default 'active' check (status in ('active', 'lifted')),
  lifted_on date,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'lifted') = (lifted_on is not null)),
  check (review_on is null or review_on >= starts_on),
  check (lifted_on is null or lifted_on >= starts_on),
  check (scope_since >= starts_on)
);
create unique index suspensions_active_key on suspensions (service_id) where status = 'active';
create index suspensions_service_idx on suspensions (service_id, starts_on desc);
create index suspensions_council_idx on suspensions (council_id, status);

create table suspension_events (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  suspension_id uuid not null references suspensions (id),
  kind text not null check (kind in ('started', 'partially_lifted', 'lifted', 'reinstated', 'review_date_changed')),
  occurred_on date not null,
  scope_after text check (scope_after in ('full', 'partial')),
  detail_after text check (length(detail_after) <= 500),
  -- why (start, reinstatement, new review date) or the evidence of sustained improvement (lifts)
  reason text not null check (length(reason) between 1 and 5000),
  recorded_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  check (kind not in ('started', 'partially_lifted', 'reinstated') or scope_after is not null)
);
create index suspension_events_suspension_idx on suspension_events (suspension_id, created_at);

create table contract_processes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  kind text not null check (kind in ('remedies_for_poor_performance', 'failure_to_perform')),
  reason text not null check (length(reason) between 1 and 5000),
  started_on date not null,
  review_on date,
  status text not null default 'open' check (status in ('open', 'ended')),
  ended_on date,
  outcome text check (length(outcome) <= 5000),
  started_by uuid not null references users (id),
  ended_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'ended') = (ended_on is not null and outcome is not null)),
  check (ended_on is null or ended_on >= started_on),
  check (review_on is null or review_on >= started_on)
);
create unique index contract_processes_open_key on contract_processes (service_id, kind) where status = 'open';
create index contract_processes_council_idx on contract_processes (council_id, status);

create table alerts (
  id uuid primary key default gen_random_uuid(),
  recipient_org_id uuid not null references organisations (id),
  -- the council whose service it is about
  council_id uuid not null references organisations (id),
  service_id uuid references services (id),
  provider_id uuid references providers (id),
  event text not null check (event in ('suspension_started', 'suspension_partially_lifted', 'suspension_lifted',
    'suspension_reinstated', 'concerns_opened', 'concerns_escalated', 'safeguarding_enquiry_started')),
  summary text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  read_by uuid references users (id)
);
create index alerts_recipient_idx on alerts (recipient_org_id, created_at desc);

-- Who wants alerts by email as well as in the app. One row: yes.
create table alert_subscriptions (
  user_id uuid primary key references users (id) on delete cascade,
  created_at timestamptz not null default now()
);
`.execute(db);

  for (const table of ['sharing_agreements', 'concerns_cases', 'concerns_meetings', 'concerns_decisions', 'concerns_actions', 'suspensions', 'contract_processes']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }
  for (const table of ['concerns_case_events', 'concerns_case_evidence', 'suspension_events']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function audit_is_append_only()`.execute(db);
  }

  await sql`
alter table sharing_agreements enable row level security;
alter table concerns_cases enable row level security;
alter table concerns_case_events enable row level security;
alter table concerns_case_evidence enable row level security;
alter table concerns_meetings enable row level security;
alter table concerns_decisions enable row level security;
alter table concerns_actions enable row level security;
alter table suspensions enable row level security;
alter table suspension_events enable row level security;
alter table contract_processes enable row level security;
alter table alerts enable row level security;
alter table alert_subscriptions enable row level security;

grant select, insert on sharing_agreements, concerns_cases, concerns_case_events, concerns_case_evidence, concerns_meetings,
  concerns_decisions, concerns_actions, suspensions, suspension_events, contract_processes to care_app;
grant update (revoked_at, revoked_by) on sharing_agreements to care_app;
grant update (stage, status, closed_on, closed_by) on concerns_cases to care_app;
grant update (status, completed_on) on concerns_actions to care_app;
grant update (scope, detail, review_on, scope_since, status, lifted_on) on suspensions to care_app;
grant update (review_on, status, ended_on, outcome, ended_by) on contract_processes to care_app;
grant select on alerts to care_app;
grant update (read_at, read_by) on alerts to care_app;
grant select, insert, delete on alert_subscriptions to care_app;

-- The sharing council's staff see whom it shares with; the organisation shared with sees who shares with it.
create policy sharing_agreements_read on sharing_agreements for select to care_app
  using ((app_is_council_staff() and council_id = app_org()) or (app_role() is not null and with_org_id = app_org()));
create policy sharing_agreements_insert on sharing_agreements for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org() and created_by = app_user());
create policy sharing_agreements_revoke on sharing_agreements for update to care_app
  using (app_role() = 'admin' and council_id = app_org())
  with check (app_role() = 'admin' and council_id = app_org() and revoked_by = app_user());

create policy concerns_cases_read on concerns_cases for select to care_app
  using (app_escalation_reads() and council_id = app_org());
create policy concerns_cases_insert on concerns_cases for insert to care_app
  with check (app_escalation_decides() and council_id = app_org() and opened_by = app_user()
    and (service_id is null or exists (select 1 from services s where s.id = service_id and s.council_id = app_org()))
    and (provider_id is null or exists (select 1 from providers p where p.id = provider_id and p.council_id = app_org())));
create policy concerns_cases_update on concerns_cases for update to care_app
  using (app_escalation_decides() and council_id = app_org()) with check (council_id = app_org());
`.execute(db);

  // Everything recorded against a case or a suspension belongs to the same council as it.
  const children: [string, string, string, string][] = [
    ['concerns_case_events', 'case_id', 'concerns_cases', 'app_escalation_decides() and recorded_by = app_user()'],
    ['concerns_case_evidence', 'case_id', 'concerns_cases', 'app_escalation_decides()'],
    ['concerns_meetings', 'case_id', 'concerns_cases', 'app_escalation_records() and recorded_by = app_user()'],
    ['concerns_decisions', 'case_id', 'concerns_cases', 'app_escalation_records() and recorded_by = app_user()'],
    ['concerns_actions', 'case_id', 'concerns_cases', 'app_escalation_records() and recorded_by = app_user()'],
    ['suspension_events', 'suspension_id', 'suspensions', 'app_escalation_decides() and recorded_by = app_user()'],
  ];
  for (const [table, parentColumn, parent, who] of children) {
    await sql`create policy ${sql.raw(`${table}_read`)} on ${sql.table(table)} for select to care_app
      using (app_escalation_reads() and council_id = app_org())`.execute(db);
    await sql`create policy ${sql.raw(`${table}_insert`)} on ${sql.table(table)} for insert to care_app
      with check (${sql.raw(who)} and council_id = app_org()
        and exists (select 1 from ${sql.table(parent)} x where x.id = ${sql.ref(parentColumn)} and x.council_id = app_org()))`.execute(db);
  }

  await sql`
create policy concerns_actions_update on concerns_actions for update to care_app
  using (app_escalation_records() and council_id = app_org()) with check (council_id = app_org());

create policy suspensions_read on suspensions for select to care_app
  using (app_escalation_reads() and council_id = app_org());
create policy suspensions_insert on suspensions for insert to care_app
  with check (app_escalation_decides() and council_id = app_org() and created_by = app_user()
    and exists (select 1 from services s where s.id = service_id and s.council_id = app_org()));
create policy suspensions_update on suspensions for update to care_app
  using (app_escalation_decides() and council_id = app_org()) with check (council_id = app_org());

create policy contract_processes_read on contract_processes for select to care_app
  using (app_escalation_reads() and council_id = app_org());
create policy contract_processes_insert on contract_processes for insert to care_app
  with check (app_escalation_decides() and council_id = app_org() and started_by = app_user()
    and exists (select 1 from services s where s.id = service_id and s.council_id = app_org()));
create policy contract_processes_update on contract_processes for update to care_app
  using (app_escalation_decides() and council_id = app_org())
  with check (council_id = app_org() and (ended_by is null or ended_by = app_user()));

create policy alerts_read on alerts for select to care_app
  using (recipient_org_id = app_org() and app_role() in ('admin', 'commissioner', 'officer', 'placer', 'partner'));
create policy alerts_mark_read on alerts for update to care_app
  using (recipient_org_id = app_org() and app_role() in ('admin', 'commissioner', 'officer', 'placer', 'partner'))
  with check (recipient_org_id = app_org() and read_by = app_user());

create policy alert_subscriptions_own on alert_subscriptions for all to care_app
  using (user_id = app_user()) with check (user_id = app_user() and app_role() in ('admin', 'commissioner', 'officer', 'placer', 'partner'));

-- Which councils' shared records the acting user may see for one purpose: their own council's (staff
-- roles that fit the purpose) and those of every council with an unrevoked agreement covering it.
create function app_visible_councils(purpose text) returns setof uuid
  language sql stable security definer set search_path = public as $$
  select app_org()
   where exists (select 1 from organisations o where o.id = app_org() and o.kind = 'council')
     and app_role() in (case purpose when 'live_status' then 'placer' else 'admin' end, 'admin', 'commissioner', 'officer')
  union
  select a.council_id from sharing_agreements a
   where a.with_org_id = app_org() and a.revoked_at is null
     and app_role() in ('admin', 'commissioner', 'officer', 'placer', 'partner')
     and case purpose when 'live_status' then a.live_status when 'alerts' then a.alerts when 'enter_and_view' then a.enter_and_view else false end
$$;
revoke all on function app_visible_councils(text) from public;
grant execute on function app_visible_councils(text) to care_app;

/*
 * The live status of services: the facts each status is derived from, never a stored status. One query
 * for the Live Status List page, its API and CSV, the service page and the Enter and View list.
 * Runs as its owner so that other councils and partners can read what is shared with them; it checks the
 * sharing agreements itself and returns no personal data (no reasons, no intelligence, no names of people).
 * purpose: 'live_status' or 'enter_and_view' (that list's services: CQC Requires improvement or Inadequate,
 * or a council assessment below Good). concerns_only: only services with a suspension, case or process.
 */
create function live_status(p_q text, p_postcode text, p_cqc_location_id text, p_service_id uuid, p_purpose text,
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
  scoped as (
    select s.id from services s where s.council_id in (select id from visible)
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
           rr.band_key as risk_band,
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
revoke all on function live_status(text, text, text, uuid, text, boolean, text, uuid, integer) from public;
grant execute on function live_status(text, text, text, uuid, text, boolean, text, uuid, integer) to care_app;

/*
 * Writes an alert for the owning council and every organisation it shares alerts with, and an email for
 * each of their subscribed users, in the transaction of the change that caused it. Only triggers call it.
 * The words name the service, its provider and council and what happened: never a reason or a person.
 */
create function status_alert(p_service_id uuid, p_provider_id uuid, p_event text, p_what text) returns void
  language plpgsql security definer set search_path = public as $$
declare
  owner_id uuid;
  owner_name text;
  subject_name text;
  detail text;
  line text;
begin
  if p_service_id is not null then
    select s.council_id, o.name, s.name, s.name || ', ' || s.postcode || ' (run by ' || p.name || ')'
      into owner_id, owner_name, subject_name, detail
      from services s join providers p on p.id = s.provider_id join organisations o on o.id = s.council_id
     where s.id = p_service_id;
  else
    select p.council_id, o.name, p.name, 'every service of the provider group ' || p.name
      into owner_id, owner_name, subject_name, detail
      from providers p join organisations o on o.id = p.council_id where p.id = p_provider_id;
  end if;
  line := p_what || ': ' || detail || '. Council: ' || owner_name || '.';
  insert into alerts (recipient_org_id, council_id, service_id, provider_id, event, summary)
  select r.org_id, owner_id, p_service_id, p_provider_id, p_event, line
    from (select owner_id as org_id
          union
          select a.with_org_id from sharing_agreements a where a.council_id = owner_id and a.revoked_at is null and a.alerts) r;
  insert into outgoing_emails (to_address, subject, body)
  select u.email, 'Care Oversight alert: ' || subject_name || ': ' || p_what,
         line || E'\n\nSign in to Care Oversight and open Alerts, or check the Live Status List, for the current status.'
         || E'\n\nYou get these emails because you asked for alerts by email. You can stop them on the Alerts page.'
    from users u join alert_subscriptions sub on sub.user_id = u.id
   where u.active and u.role in ('admin', 'commissioner', 'officer', 'placer', 'partner')
     and (u.org_id = owner_id
          or u.org_id in (select a.with_org_id from sharing_agreements a where a.council_id = owner_id and a.revoked_at is null and a.alerts));
end $$;
revoke all on function status_alert(uuid, uuid, text, text) from public;

create function uk_day(d date) returns text language sql stable as $$ select to_char(d, 'FMDD FMMonth YYYY') $$;

create function suspension_events_alert() returns trigger language plpgsql security definer set search_path = public as $$
declare
  service uuid;
  scope_words text := case new.scope_after when 'full' then 'in full' else 'in part' || coalesce(' (' || new.detail_after || ')', '') end;
begin
  select service_id into service from suspensions where id = new.suspension_id;
  if new.kind = 'started' then
    perform status_alert(service, null, 'suspension_started', 'New placements suspended ' || scope_words || ' from ' || uk_day(new.occurred_on));
  elsif new.kind = 'reinstated' then
    perform status_alert(service, null, 'suspension_reinstated', 'Suspension of new placements reinstated ' || scope_words || ' from ' || uk_day(new.occurred_on));
  elsif new.kind = 'partially_lifted' then
    perform status_alert(service, null, 'suspension_partially_lifted', 'Suspension of new placements lifted in part on ' || uk_day(new.occurred_on) || '; still suspended ' || scope_words);
  elsif new.kind = 'lifted' then
    perform status_alert(service, null, 'suspension_lifted', 'Suspension of new placements lifted in full on ' || uk_day(new.occurred_on));
  end if;
  return null;
end $$;
create trigger suspension_events_alert after insert on suspension_events
  for each row execute function suspension_events_alert();

create function concerns_case_events_alert() returns trigger language plpgsql security definer set search_path = public as $$
declare
  c record;
  procedure_name text := case when new.to_stage >= 3 then 'Serious Concerns' else 'Concerns' end;
begin
  select service_id, provider_id into c from concerns_cases where id = new.case_id;
  if new.kind = 'opened' then
    perform status_alert(c.service_id, c.provider_id, 'concerns_opened',
      procedure_name || ' procedure opened at stage ' || new.to_stage || ' on ' || uk_day(new.occurred_on));
  elsif new.kind = 'escalated' and new.to_stage >= 3 then
    perform status_alert(c.service_id, c.provider_id, 'concerns_escalated',
      procedure_name || ' procedure escalated to stage ' || new.to_stage || ' on ' || uk_day(new.occurred_on));
  end if;
  return null;
end $$;
create trigger concerns_case_events_alert after insert on concerns_case_events
  for each row execute function concerns_case_events_alert();

-- A Section 42 enquiry starting is recorded by the intelligence capability; the alert follows from the record.
create function intelligence_safeguarding_alert() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if new.section42_status = 'open' and (tg_op = 'INSERT' or old.section42_status is distinct from 'open') then
    perform status_alert(new.service_id, null, 'safeguarding_enquiry_started', 'A safeguarding enquiry (Section 42) has started');
  end if;
  return null;
end $$;
create trigger intelligence_safeguarding_alert after insert or update of section42_status on intelligence
  for each row execute function intelligence_safeguarding_alert();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Market events and provider failure contingency (issue 18; seeds 000, 001, 004).
 *
 * A market event (a Company Voluntary Arrangement, administration, notice of exit, loss of CQC registration…)
 * is recorded on a provider or a parent group. It opens a contingency plan for the group: the services at
 * stake, in this council and in those that share their live status with it, each with figures only (people
 * the council funds there, beds or hours), the plan's actions and its status. The monitoring it sets asks the
 * providers for daily assurance statements over a window: the provider reads the window and writes its
 * statements, never the plan. Recording an event alerts the council and those it shares alerts with, through
 * status_alert() (which also puts the emails in the outbox).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_reads_market() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;
create function app_works_market() returns boolean language sql stable as
  $$ select app_role() in ('commissioner', 'officer') $$;

create table market_events (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  provider_id uuid not null references providers (id),
  kind text not null check (kind in ('company_voluntary_arrangement', 'administration', 'insolvency', 'exit_notice', 'registration_lost', 'branch_closure')),
  occurred_on date not null,
  source text not null check (length(source) between 1 and 200),
  summary text not null check (length(summary) between 1 and 2000),
  intelligence_id uuid references intelligence (id),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index market_events_provider_idx on market_events (provider_id, occurred_on desc);

create table contingency_plans (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  provider_id uuid not null references providers (id),
  market_event_id uuid not null unique references market_events (id),
  status text not null default 'open' check (status in ('open', 'monitoring', 'closed')),
  visit_every_days integer check (visit_every_days in (7, 14, 28)),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The services at stake, as figures: never the names of the people funded there.
create table contingency_plan_services (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references contingency_plans (id),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  service_council_id uuid not null references organisations (id),
  -- The register's names as they were when the plan opened (a neighbour's register is not ours to read).
  council_name text not null,
  service_name text not null,
  provider_name text not null,
  category text not null,
  not_commissioned boolean not null default false,
  people_funded integer not null default 0 check (people_funded between 0 and 100000),
  beds integer check (beds between 0 and 100000),
  hours_per_week integer check (hours_per_week between 0 and 1000000),
  updated_at timestamptz not null default now(),
  unique (plan_id, service_id)
);

create table contingency_actions (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references contingency_plans (id),
  council_id uuid not null references organisations (id),
  description text not null check (length(description) between 1 and 500),
  owner_name text not null check (length(owner_name) between 1 and 200),
  due_on date not null,
  done_on date,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contingency_actions_plan_idx on contingency_actions (plan_id, due_on);

-- What a plan asks of a provider: a statement every day from one date to another, for one service.
create table assurance_requests (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references contingency_plans (id),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  from_on date not null,
  until_on date not null,
  created_at timestamptz not null default now(),
  unique (plan_id, service_id),
  check (until_on >= from_on and until_on - from_on <= 366)
);

create table assurance_statements (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references assurance_requests (id),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  statement_on date not null,
  care_delivered boolean not null,
  staffing_safe boolean not null,
  missed_calls integer not null check (missed_calls between 0 and 10000),
  concerns text check (length(concerns) between 1 and 2000),
  submitted_by uuid not null references users (id),
  submitted_at timestamptz not null default now(),
  unique (request_id, statement_on)
);

-- Everything of a plan belongs to the plan's council; a statement to its request's service, on a day it asks for.
create function market_guard() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if tg_table_name = 'market_events' then
    if new.council_id is distinct from (select council_id from providers where id = new.provider_id) then
      raise exception 'a market event belongs to its provider’s council' using errcode = 'check_violation';
    end if;
  elsif tg_table_name = 'contingency_plans' then
    if not exists (select 1 from market_events e where e.id = new.market_event_id and e.council_id = new.council_id and e.provider_id = new.provider_id) then
      raise exception 'a contingency plan belongs to its market event’s council and provider' using errcode = 'check_violation';
    end if;
  elsif tg_table_name = 'assurance_statements' then
    if not exists (select 1 from assurance_requests r where r.id = new.request_id and r.service_id = new.service_id
                     and r.council_id = new.council_id and new.statement_on between r.from_on and r.until_on) then
      raise exception 'an assurance statement answers a request for its service and one of its days' using errcode = 'check_violation';
    end if;
  elsif new.council_id is distinct from (select council_id from contingency_plans where id = new.plan_id) then
    raise exception 'a contingency plan’s records belong to its council' using errcode = 'check_violation';
  end if;
  if tg_table_name = 'assurance_requests' then
    if new.council_id is distinct from (select council_id from services where id = new.service_id) then
      raise exception 'assurance is asked of the council’s own services' using errcode = 'check_violation';
    end if;
  end if;
  return new;
end $$;
create trigger market_events_guard before insert or update on market_events for each row execute function market_guard();
create trigger contingency_plans_guard before insert or update on contingency_plans for each row execute function market_guard();
create trigger contingency_plan_services_guard before insert or update on contingency_plan_services for each row execute function market_guard();
create trigger contingency_actions_guard before insert or update on contingency_actions for each row execute function market_guard();
create trigger assurance_requests_guard before insert or update on assurance_requests for each row execute function market_guard();
create trigger assurance_statements_guard before insert or update on assurance_statements for each row execute function market_guard();

create trigger contingency_plans_touch before update on contingency_plans for each row execute function touch_updated_at();
create trigger contingency_plan_services_touch before update on contingency_plan_services for each row execute function touch_updated_at();
create trigger contingency_actions_touch before update on contingency_actions for each row execute function touch_updated_at();
create trigger market_events_audit after insert or update or delete on market_events for each row execute function audit_row();
create trigger contingency_plans_audit after insert or update or delete on contingency_plans for each row execute function audit_row();
create trigger contingency_plan_services_audit after insert or update or delete on contingency_plan_services for each row execute function audit_row();
create trigger contingency_actions_audit after insert or update or delete on contingency_actions for each row execute function audit_row();
create trigger assurance_requests_audit after insert or update or delete on assurance_requests for each row execute function audit_row();
create trigger assurance_statements_audit after insert or update or delete on assurance_statements for each row execute function audit_row();

alter table alerts drop constraint alerts_event_check;
alter table alerts add constraint alerts_event_check check (event in ('suspension_started', 'suspension_partially_lifted', 'suspension_lifted',
  'suspension_reinstated', 'concerns_opened', 'concerns_escalated', 'safeguarding_enquiry_started', 'market_event'));

-- The council and those it shares alerts with hear of the event at once (and by email, if they asked).
create function market_events_alert() returns trigger language plpgsql security definer set search_path = public as $$
begin
  perform status_alert(null, new.provider_id, 'market_event',
    case new.kind
      when 'company_voluntary_arrangement' then 'Company Voluntary Arrangement'
      when 'administration' then 'Administration'
      when 'insolvency' then 'Insolvency'
      when 'exit_notice' then 'Notice of exit from the market'
      when 'registration_lost' then 'Loss of CQC registration'
      else 'Branch closure' end || ' recorded, from ' || uk_day(new.occurred_on));
  return null;
end $$;
create trigger market_events_alert after insert on market_events for each row execute function market_events_alert();

alter table market_events enable row level security;
alter table contingency_plans enable row level security;
alter table contingency_plan_services enable row level security;
alter table contingency_actions enable row level security;
alter table assurance_requests enable row level security;
alter table assurance_statements enable row level security;
grant select, insert on market_events to care_app;
grant select, insert, update (status, visit_every_days) on contingency_plans to care_app;
grant select, insert, update (people_funded) on contingency_plan_services to care_app;
grant select, insert, update (done_on) on contingency_actions to care_app;
grant select, insert, update (until_on) on assurance_requests to care_app;
grant select, insert on assurance_statements to care_app;

create policy market_events_read on market_events for select to care_app using (app_reads_market() and council_id = app_org());
create policy market_events_insert on market_events for insert to care_app
  with check (app_works_market() and council_id = app_org() and created_by = app_user());
create policy contingency_plans_read on contingency_plans for select to care_app using (app_reads_market() and council_id = app_org());
create policy contingency_plans_insert on contingency_plans for insert to care_app with check (app_works_market() and council_id = app_org());
create policy contingency_plans_update on contingency_plans for update to care_app
  using (app_works_market() and council_id = app_org()) with check (council_id = app_org());
create policy contingency_plan_services_read on contingency_plan_services for select to care_app using (app_reads_market() and council_id = app_org());
create policy contingency_plan_services_insert on contingency_plan_services for insert to care_app with check (app_works_market() and council_id = app_org());
create policy contingency_plan_services_update on contingency_plan_services for update to care_app
  using (app_works_market() and council_id = app_org() and service_council_id = app_org()) with check (council_id = app_org());
create policy contingency_actions_read on contingency_actions for select to care_app using (app_reads_market() and council_id = app_org());
create policy contingency_actions_insert on contingency_actions for insert to care_app with check (app_works_market() and council_id = app_org());
create policy contingency_actions_update on contingency_actions for update to care_app
  using (app_works_market() and council_id = app_org()) with check (council_id = app_org());
create policy assurance_requests_council_read on assurance_requests for select to care_app using (app_reads_market() and council_id = app_org());
create policy assurance_requests_provider_read on assurance_requests for select to care_app using (app_provides(service_id));
create policy assurance_requests_insert on assurance_requests for insert to care_app with check (app_works_market() and council_id = app_org());
create policy assurance_requests_update on assurance_requests for update to care_app
  using (app_works_market() and council_id = app_org()) with check (council_id = app_org());
create policy assurance_statements_council_read on assurance_statements for select to care_app using (app_reads_market() and council_id = app_org());
create policy assurance_statements_provider_read on assurance_statements for select to care_app using (app_provides(service_id));
create policy assurance_statements_provider_insert on assurance_statements for insert to care_app
  with check (app_provides(service_id) and submitted_by = app_user());

/*
 * The services of a provider group at stake: the group's own and its branches' (any depth) in the acting
 * council, and, in each council that shares its live status with the acting one, the services of the
 * providers it holds under the same company number or CQC provider id (and their branches). Figures and
 * the register's names only: runs as its owner so that a neighbour's figures can be counted, and returns
 * nothing unless the acting user reads the market of the group's council.
 */
create function market_group_services(p_provider_id uuid)
  returns table (service_id uuid, council_id uuid, council_name text, service_name text, provider_name text, category text,
    funded_people integer, beds integer, hours_per_week integer, not_commissioned boolean)
  language sql stable security definer set search_path = public as $$
  with recursive
  allowed as (select 1 from providers p where p.id = p_provider_id and p.council_id = app_org() and app_reads_market()),
  own_group (id) as (
    select p.id from providers p where p.id = p_provider_id and exists (select 1 from allowed)
    union
    select c.id from providers c join own_group g on c.parent_provider_id = g.id
  ),
  identifiers as (
    select p.company_number, p.cqc_provider_id from providers p join own_group g on g.id = p.id
  ),
  neighbours as (select v.c from app_visible_councils('live_status') v (c) where v.c <> app_org()),
  their_group (id) as (
    select p.id from providers p
     where p.council_id in (select c from neighbours)
       and (p.company_number in (select company_number from identifiers where company_number is not null)
            or p.cqc_provider_id in (select cqc_provider_id from identifiers where cqc_provider_id is not null))
    union
    select c.id from providers c join their_group g on c.parent_provider_id = g.id
  )
  select s.id, s.council_id, o.name, s.name, p.name, s.category, s.funded_people, s.beds, s.hours_per_week, s.not_commissioned
    from services s join providers p on p.id = s.provider_id join organisations o on o.id = s.council_id
   where s.provider_id in (select id from own_group union select id from their_group)
   order by (s.council_id <> app_org()), o.name, s.name, s.id
$$;
revoke all on function market_group_services(uuid) from public;
grant execute on function market_group_services(uuid) to care_app;
`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Quarterly returns, continued (issue 17).
 *
 * - return_settings: a council's deadline (months after the quarter ends) and the thresholds its returns are
 *   flagged by (agency hours, mandatory training, a registered manager in post). No row means the defaults
 *   (one month; above 20 %, below 80 %, flagged when no manager). The council's staff and the providers with
 *   a service in the council read it; its administrator writes it. Audited.
 * - Provider groups: a provider user of the organisation linked to a parent provider on the register runs
 *   every branch under it (at any depth), so app_provides and app_provides_for, and the provider read
 *   policies on providers and services, follow the parent_provider_id chain up to the user's organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table return_settings (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null unique references organisations (id),
  deadline_months integer not null default 1 check (deadline_months between 1 and 3),
  agency_hours_above numeric not null default 20 check (agency_hours_above between 0 and 100),
  training_mandatory_below numeric not null default 80 check (training_mandatory_below between 0 and 100),
  flag_no_registered_manager boolean not null default true,
  updated_by uuid references users (id),
  updated_at timestamptz not null default now()
);
create trigger return_settings_audit after insert or update or delete on return_settings for each row execute function audit_row();
alter table return_settings enable row level security;
grant select, insert, update on return_settings to care_app;
create policy return_settings_read on return_settings for select to care_app
  using ((app_is_council_staff() and council_id = app_org()) or app_provides_for(council_id));
create policy return_settings_admin_insert on return_settings for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org());
create policy return_settings_admin_update on return_settings for update to care_app
  using (app_role() = 'admin' and council_id = app_org()) with check (app_role() = 'admin' and council_id = app_org());

-- Whether the acting provider user's organisation is linked to the provider or to any provider above it.
create function app_runs_provider(provider uuid) returns boolean language sql stable security definer set search_path = public as $$
  select app_role() = 'provider' and exists (
    with recursive up (id, org_id, parent_id, depth) as (
      select p.id, p.org_id, p.parent_provider_id, 0 from providers p where p.id = provider
      union all
      select p.id, p.org_id, p.parent_provider_id, up.depth + 1 from providers p join up on p.id = up.parent_id where up.depth < 20
    )
    select 1 from up where up.org_id = app_org())
$$;

create or replace function app_provides(service uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select app_role() = 'provider' and exists (select 1 from services s where s.id = service and app_runs_provider(s.provider_id)) $$;

create or replace function app_provides_for(council uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select app_role() = 'provider' and exists (select 1 from services s where s.council_id = council and app_runs_provider(s.provider_id)) $$;

drop policy providers_provider_read on providers;
create policy providers_provider_read on providers for select to care_app using (app_runs_provider(id));
drop policy services_provider_read on services;
create policy services_provider_read on services for select to care_app using (app_runs_provider(provider_id));
`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Care-home fee bands set from the annual audits (issue 18, seed 003).
 *
 * A council keeps one banding scheme per financial year (its bands, their weekly fees and the gates it
 * switches on, as JSON: a scheme is read whole). A commissioner may override a home's proposed band for the
 * year, with a reason. Approving the year's schedule freezes every home's band as a new version: the items
 * are copied, never changed, so finance and the providers read exactly what was approved.
 *
 * Council officers, commissioners and administrators read the council's schemes, overrides and schedules;
 * commissioners write them. A provider reads only the approved items of the services it runs (and which
 * version of a council's schedule is the latest).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_reads_fee_bands() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;

create table fee_band_schemes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  year integer not null check (year between 2000 and 2100),
  bands jsonb not null check (jsonb_typeof(bands) = 'array' and jsonb_array_length(bands) between 1 and 10),
  gates jsonb not null check (jsonb_typeof(gates) = 'object'),
  updated_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, year)
);

create table fee_band_overrides (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  year integer not null check (year between 2000 and 2100),
  band_key text not null check (length(band_key) between 1 and 20),
  reason text not null check (length(reason) between 1 and 2000),
  decided_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (service_id, year)
);

create table fee_band_schedules (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  year integer not null check (year between 2000 and 2100),
  version integer not null check (version >= 1),
  approved_by uuid references users (id),
  approved_by_name text,
  approved_at timestamptz not null default now(),
  unique (council_id, year, version)
);

create table fee_band_schedule_items (
  schedule_id uuid not null references fee_band_schedules (id),
  council_id uuid not null references organisations (id),
  year integer not null,
  version integer not null,
  service_id uuid not null references services (id),
  care_home_type text not null,
  proposed_band_key text,
  band_key text not null,
  band_label text not null,
  weekly_fee numeric(10, 2) not null check (weekly_fee >= 0),
  effective_from date not null,
  reason text not null,
  overridden boolean not null,
  override_reason text,
  changed_since_last_year boolean not null,
  primary key (schedule_id, service_id)
);
create index fee_band_schedule_items_service_idx on fee_band_schedule_items (service_id, year, version);

-- A home's override and schedule items belong to its service's council.
create function fee_bands_guard() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if new.council_id is distinct from (select council_id from services where id = new.service_id) then
    raise exception 'a fee band belongs to its service’s council' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger fee_band_overrides_guard before insert or update on fee_band_overrides for each row execute function fee_bands_guard();
create trigger fee_band_schedule_items_guard before insert on fee_band_schedule_items for each row execute function fee_bands_guard();
create trigger fee_band_schemes_touch before update on fee_band_schemes for each row execute function touch_updated_at();
create trigger fee_band_overrides_touch before update on fee_band_overrides for each row execute function touch_updated_at();
create trigger fee_band_schemes_audit after insert or update or delete on fee_band_schemes for each row execute function audit_row();
create trigger fee_band_overrides_audit after insert or update or delete on fee_band_overrides for each row execute function audit_row();
create trigger fee_band_schedules_audit after insert or update or delete on fee_band_schedules for each row execute function audit_row();

alter table fee_band_schemes enable row level security;
alter table fee_band_overrides enable row level security;
alter table fee_band_schedules enable row level security;
alter table fee_band_schedule_items enable row level security;
grant select, insert, update on fee_band_schemes to care_app;
grant select, insert, update, delete on fee_band_overrides to care_app;
grant select, insert on fee_band_schedules to care_app;
grant select, insert on fee_band_schedule_items to care_app;

create policy fee_band_schemes_read on fee_band_schemes for select to care_app
  using (app_reads_fee_bands() and council_id = app_org());
create policy fee_band_schemes_insert on fee_band_schemes for insert to care_app
  with check (app_role() = 'commissioner' and council_id = app_org());
create policy fee_band_schemes_update on fee_band_schemes for update to care_app
  using (app_role() = 'commissioner' and council_id = app_org())
  with check (app_role() = 'commissioner' and council_id = app_org());

create policy fee_band_overrides_read on fee_band_overrides for select to care_app
  using (app_reads_fee_bands() and council_id = app_org());
create policy fee_band_overrides_write on fee_band_overrides for all to care_app
  using (app_role() = 'commissioner' and council_id = app_org())
  with check (app_role() = 'commissioner' and council_id = app_org() and decided_by = app_user());

create policy fee_band_schedules_read on fee_band_schedules for select to care_app
  using (app_reads_fee_bands() and council_id = app_org());
-- A provider knows which version is the latest of the councils it provides for (its items say the rest).
create policy fee_band_schedules_provider_read on fee_band_schedules for select to care_app
  using (app_provides_for(council_id));
create policy fee_band_schedules_insert on fee_band_schedules for insert to care_app
  with check (app_role() = 'commissioner' and council_id = app_org() and approved_by = app_user());

create policy fee_band_schedule_items_council_read on fee_band_schedule_items for select to care_app
  using (app_reads_fee_bands() and council_id = app_org());
create policy fee_band_schedule_items_provider_read on fee_band_schedule_items for select to care_app
  using (app_provides(service_id));
create policy fee_band_schedule_items_insert on fee_band_schedule_items for insert to care_app
  with check (app_role() = 'commissioner' and council_id = app_org());
`.execute(db);
}

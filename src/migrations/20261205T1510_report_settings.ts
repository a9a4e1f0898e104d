import { sql, type Kysely } from 'kysely';

/**
 * A council's settings for its dashboards: the number of visits each quality officer is expected to make in
 * a year (seed 001: Hertfordshire raised it from 250 to 300). A council without a row uses the default, 300.
 * Its administrators and commissioners change it; every change is in the audit trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table report_settings (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null unique references organisations (id),
  visits_target_per_officer integer not null check (visits_target_per_officer between 1 and 10000),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now()
);
alter table report_settings enable row level security;
grant select, insert on report_settings to care_app;
grant update (visits_target_per_officer, updated_by, updated_at) on report_settings to care_app;
create policy report_settings_read on report_settings for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy report_settings_insert on report_settings for insert to care_app
  with check (app_role() in ('admin', 'commissioner') and council_id = app_org() and updated_by = app_user());
create policy report_settings_update on report_settings for update to care_app
  using (app_role() in ('admin', 'commissioner') and council_id = app_org())
  with check (council_id = app_org() and updated_by = app_user());
create trigger report_settings_audit after insert or update on report_settings
  for each row execute function audit_row();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

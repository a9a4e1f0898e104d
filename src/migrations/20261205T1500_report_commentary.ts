import { sql, type Kysely } from 'kysely';

/**
 * The quarterly monitoring summary's commentary: a short text per service category and financial quarter,
 * written by the council's lead team (commissioners), shown in the report and its exports. One row per
 * council, category and quarter, rewritten in place: the audit trail keeps every earlier text, who wrote it
 * and when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table report_commentaries (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  category text not null check (category in ('care_home_older_people', 'care_home_adults_with_disabilities', 'home_care',
    'supported_living', 'extra_care', 'day_services_older_people', 'day_opportunities_adults_with_disabilities')),
  -- the financial year by the calendar year it starts in (2017 is 2017/18), and its quarter (Q1 April to June)
  year integer not null check (year between 2000 and 2100),
  quarter integer not null check (quarter between 1 and 4),
  body text not null check (length(body) between 1 and 3000),
  written_by uuid not null references users (id),
  written_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, category, year, quarter)
);

create trigger report_commentaries_audit after insert or update or delete on report_commentaries
  for each row execute function audit_row();
create trigger report_commentaries_touch before update on report_commentaries
  for each row execute function touch_updated_at();

alter table report_commentaries enable row level security;
grant select, insert on report_commentaries to care_app;
grant update (body, written_by, written_at) on report_commentaries to care_app;

-- The council's staff read it (the report is theirs); its commissioners write it, in their own name.
create policy report_commentaries_read on report_commentaries for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy report_commentaries_insert on report_commentaries for insert to care_app
  with check (app_role() = 'commissioner' and council_id = app_org() and written_by = app_user());
create policy report_commentaries_update on report_commentaries for update to care_app
  using (app_role() = 'commissioner' and council_id = app_org())
  with check (app_role() = 'commissioner' and council_id = app_org() and written_by = app_user());
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

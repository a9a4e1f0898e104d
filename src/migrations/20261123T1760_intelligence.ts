import { sql, type Kysely } from 'kysely';

/**
 * Intelligence about services, public concern reports with their triage, and the outbox of emails.
 * Intelligence and concern reports can hold personal details of people using services, so only the
 * owning council's officers, commissioners and administrators can read them; placing officers, other
 * councils, providers and partners see no row at all. The public form writes through the system path,
 * so care_app is never granted insert on concern reports, and officers may change only the triage
 * columns of what a member of the public wrote.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_reads_intelligence() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;

create table concern_reports (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique check (reference ~ '^CO-[0-9]{4}-[0-9]{6,}$'),
  council_id uuid not null references organisations (id),
  route text not null check (route in ('care_service', 'self_neglect', 'abuse_or_neglect')),
  service_id uuid references services (id),
  service_name text check (length(service_name) <= 200),
  what_happened text not null check (length(what_happened) between 1 and 5000),
  happened_when text check (length(happened_when) <= 200),
  person_name text check (length(person_name) <= 200),
  person_address text check (length(person_address) <= 500),
  consent text check (consent in ('yes', 'no', 'not_sure')),
  reporter_name text check (length(reporter_name) <= 200),
  reporter_email text check (length(reporter_email) <= 320),
  reporter_phone text check (length(reporter_phone) <= 40),
  reporter_relationship text check (length(reporter_relationship) <= 200),
  status text not null default 'new' check (status in ('new', 'linked', 'routed_onward', 'closed')),
  routed_to text check (routed_to in ('safeguarding', 'adult_social_care')),
  triage_notes text check (length(triage_notes) <= 5000),
  triaged_by uuid references users (id),
  triaged_at timestamptz,
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A report routed onward says where; it keeps saying so after it is closed or linked to a service.
  check (status <> 'routed_onward' or routed_to is not null)
);
create index concern_reports_queue_idx on concern_reports (council_id, status, submitted_at);

create table concern_reference_counters (
  year integer primary key,
  last_number integer not null
);

create table intelligence (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  received_on date not null,
  source text not null check (source in ('cqc', 'safeguarding', 'complaint', 'whistleblowing', 'people_and_families',
    'gp_and_district_nurse', 'health_commissioner', 'healthwatch', 'environmental_health', 'fire_service',
    'financial_check', 'other_council', 'operational_team', 'officer', 'member_of_public')),
  summary text not null check (length(summary) between 1 and 300),
  detail text check (length(detail) <= 10000),
  themes text[] not null default '{}' check (themes <@ array['staffing', 'management', 'medication', 'care_planning',
    'missed_or_late_calls', 'safeguarding', 'infection_control', 'nutrition_and_hydration', 'moving_and_handling',
    'premises', 'record_keeping', 'communication', 'finance', 'other']::text[]),
  severity text check (severity in ('red', 'amber', 'green')),
  substantiated text not null default 'unknown' check (substantiated in ('yes', 'no', 'unknown')),
  safeguarding boolean not null default false,
  section42_status text check (section42_status in ('open', 'concluded')),
  status text not null default 'open' check (status in ('open', 'under_review', 'closed')),
  concern_report_id uuid unique references concern_reports (id),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (source <> 'complaint' or severity is not null),
  check (section42_status is null or safeguarding)
);
create index intelligence_service_idx on intelligence (service_id, received_on desc, id);
create index intelligence_council_idx on intelligence (council_id, received_on);

create table outgoing_emails (
  id uuid primary key default gen_random_uuid(),
  to_address text not null check (position('@' in to_address) > 1),
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index outgoing_emails_due_idx on outgoing_emails (next_attempt_at) where sent_at is null;
`.execute(db);

  for (const table of ['concern_reports', 'intelligence']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table concern_reports enable row level security;
alter table concern_reference_counters enable row level security;
alter table intelligence enable row level security;
alter table outgoing_emails enable row level security;

grant select on concern_reports to care_app;
grant update (status, routed_to, triage_notes, triaged_by, triaged_at) on concern_reports to care_app;
grant select, insert on intelligence to care_app;
grant update (service_id, received_on, source, summary, detail, themes, severity, substantiated, safeguarding,
  section42_status, status) on intelligence to care_app;

create policy concern_reports_read on concern_reports for select to care_app
  using (app_reads_intelligence() and council_id = app_org());
create policy concern_reports_triage on concern_reports for update to care_app
  using (app_reads_intelligence() and council_id = app_org())
  with check (app_reads_intelligence() and council_id = app_org() and triaged_by = app_user());

create policy intelligence_read on intelligence for select to care_app
  using (app_reads_intelligence() and council_id = app_org());
create policy intelligence_insert on intelligence for insert to care_app
  with check (app_reads_intelligence() and council_id = app_org() and created_by = app_user()
    and exists (select 1 from services s where s.id = service_id and s.council_id = app_org())
    and (concern_report_id is null
      or exists (select 1 from concern_reports r where r.id = concern_report_id and r.council_id = app_org())));
create policy intelligence_update on intelligence for update to care_app
  using (app_reads_intelligence() and council_id = app_org())
  with check (app_reads_intelligence() and council_id = app_org()
    and exists (select 1 from services s where s.id = service_id and s.council_id = app_org()));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

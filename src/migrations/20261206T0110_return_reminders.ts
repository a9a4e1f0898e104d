import { sql, type Kysely } from 'kysely';

/**
 * Email reminders of quarterly returns (issue 17): a provider user asks for them (a row of their own), and
 * the reminders sent are remembered per user, service, quarter and kind (a week before the deadline, and
 * once overdue), so nothing is sent twice. Only the system's scheduled work reads what was sent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table return_reminder_subscriptions (
  user_id uuid primary key references users (id),
  created_at timestamptz not null default now()
);
create table return_reminders_sent (
  user_id uuid not null references users (id),
  service_id uuid not null references services (id),
  year integer not null check (year between 2000 and 2100),
  quarter integer not null check (quarter between 1 and 4),
  kind text not null check (kind in ('week_before', 'overdue')),
  sent_at timestamptz not null default now(),
  primary key (user_id, service_id, year, quarter, kind)
);

alter table return_reminder_subscriptions enable row level security;
alter table return_reminders_sent enable row level security;
grant select, insert, delete on return_reminder_subscriptions to care_app;
-- A provider user asks for reminders, or stops them, for themselves only.
create policy return_reminder_subscriptions_own on return_reminder_subscriptions for all to care_app
  using (app_role() = 'provider' and user_id = app_user()) with check (app_role() = 'provider' and user_id = app_user());
`.execute(db);
}

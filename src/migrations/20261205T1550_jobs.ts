import { sql, type Kysely } from 'kysely';

/**
 * Long work (a CQC file upload; later report exports and restores) runs as a job in the database, so any
 * instance of the app may pick it up and a page can show its progress after a reload: processes hold no state.
 *
 *  - A job is queued by a request, claimed by one runner with `for update skip locked`, and finishes done
 *    (with its result) or failed (with its error). A runner beats `heartbeat_at` while it works; a running
 *    job whose heartbeat stopped (its process died) is claimed again, up to three attempts.
 *  - An uploaded file travels in `upload` (bytea), so whichever instance claims the job can read it; it is
 *    emptied as soon as the job finishes, done or failed.
 *  - People see their own council's jobs (row-level security); only the system's runner changes them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$'),
  council_id uuid not null references organisations(id),
  created_by uuid not null references users(id),
  state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
  input jsonb not null default '{}',
  upload bytea,
  upload_name text,
  progress_done integer not null default 0 check (progress_done >= 0),
  progress_total integer check (progress_total >= 0),
  progress_message text,
  result jsonb,
  error text,
  attempts integer not null default 0,
  claimed_by text,
  heartbeat_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  check ((state in ('done', 'failed')) = (finished_at is not null)),
  check (state <> 'done' or result is not null),
  check (state <> 'failed' or error is not null),
  check (state not in ('done', 'failed') or upload is null)
);
create index jobs_claim_idx on jobs (created_at) where state in ('queued', 'running');
create index jobs_council_idx on jobs (council_id, created_at desc);

alter table jobs enable row level security;
grant select, insert on jobs to care_app;
create policy jobs_read on jobs for select to care_app using (council_id = app_org());
create policy jobs_queue on jobs for insert to care_app
  with check (council_id = app_org() and created_by = app_user() and state = 'queued' and attempts = 0 and claimed_by is null);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

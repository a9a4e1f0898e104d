import { sql, type Kysely } from 'kysely';

/**
 * Provider Risk Rating: each council's versions of the risk matrix and every rating confirmed for a
 * service. A council with no matrix of its own uses the built-in default; an administrator saving the
 * matrix adds a new version, and each rating keeps the version it was worked out with. Ratings and matrix
 * versions are append-only: a rating is changed only by confirming a new one, so the history that
 * internal audits and reviews rely on cannot be rewritten. Council staff of the owning council read
 * them; officers and commissioners rate; a commissioner may approve a rating someone else confirmed;
 * administrators keep the matrix; providers and partners see none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table risk_matrices (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  version integer not null check (version >= 1),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  unique (council_id, version)
);

create table risk_ratings (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  -- null: the built-in default matrix, for a council that has not saved its own
  matrix_id uuid references risk_matrices (id),
  scores jsonb not null check (jsonb_typeof(scores) = 'object'),
  rationale text not null check (length(rationale) between 1 and 5000),
  area_rationales jsonb not null default '{}' check (jsonb_typeof(area_rationales) = 'object'),
  -- what the record proposed when the rating was confirmed, so a later change to a proposal shows
  proposals jsonb not null check (jsonb_typeof(proposals) = 'object'),
  prr numeric(6, 2) not null check (prr >= 0),
  band_key text not null check (band_key in ('minor', 'low', 'medium', 'high', 'very_high')),
  band_label text not null,
  regime jsonb not null check (jsonb_typeof(regime) = 'object'),
  rated_on date not null,
  rated_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index risk_ratings_service_idx on risk_ratings (service_id, rated_on desc, created_at desc);
create index risk_ratings_council_idx on risk_ratings (council_id, rated_on);

-- A commissioner's approval of a rating someone else confirmed (SPEC: officers propose, commissioners approve).
create table risk_rating_approvals (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  rating_id uuid not null unique references risk_ratings (id),
  approved_by uuid not null references users (id),
  approved_on date not null,
  note text check (length(note) between 1 and 2000),
  created_at timestamptz not null default now()
);

create function risk_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: confirm a new rating or save a new matrix version instead', tg_table_name
    using errcode = 'check_violation';
end $$;
`.execute(db);

  for (const table of ['risk_matrices', 'risk_ratings', 'risk_rating_approvals']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function risk_is_append_only()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
  }

  await sql`
alter table risk_matrices enable row level security;
alter table risk_ratings enable row level security;
alter table risk_rating_approvals enable row level security;

grant select, insert on risk_matrices, risk_ratings, risk_rating_approvals to care_app;

create policy risk_matrices_read on risk_matrices for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy risk_matrices_insert on risk_matrices for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org() and created_by = app_user());

create policy risk_ratings_read on risk_ratings for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy risk_ratings_insert on risk_ratings for insert to care_app
  with check (app_role() in ('commissioner', 'officer') and council_id = app_org() and rated_by = app_user()
    and exists (select 1 from services s where s.id = service_id and s.council_id = app_org())
    and (matrix_id is null or exists (select 1 from risk_matrices m where m.id = matrix_id and m.council_id = app_org())));

create policy risk_rating_approvals_read on risk_rating_approvals for select to care_app
  using (app_is_council_staff() and council_id = app_org());
-- Only a commissioner approves, never their own rating.
create policy risk_rating_approvals_insert on risk_rating_approvals for insert to care_app
  with check (app_role() = 'commissioner' and council_id = app_org() and approved_by = app_user()
    and exists (select 1 from risk_ratings r where r.id = rating_id and r.council_id = app_org() and r.rated_by <> app_user()));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * CQC open data: locations and every rating publication CQC has made for them, plus a log of each
 * import. CQC data is public and common to every council, so every signed-in role may read it and only
 * the system (imports, sync) writes it. A council's service links to a location by its cqc_location_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table cqc_imports (
  id uuid primary key default gen_random_uuid(),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  source text not null,
  format text not null,
  keep_good_rows boolean not null,
  council_id uuid references organisations (id),
  local_authority text,
  actor_user_id uuid references users (id),
  outcome text not null check (outcome in ('imported', 'refused')),
  rows_read integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  skipped integer not null default 0,
  ratings_added integer not null default 0,
  ratings_changed integer not null default 0,
  services_created integer not null default 0,
  rejected_count integer not null default 0,
  -- The first rejections only: a broken file must not fill the database with its own error list.
  rejected jsonb not null default '[]',
  -- For API syncs: the end of the changes-feed window this import covered, where the next sync starts.
  changes_until timestamptz
);
create index cqc_imports_started_idx on cqc_imports (started_at desc);

create table cqc_locations (
  -- Most ids are 1-<digits>; locations run by NHS bodies keep their ODS code (RX3LD).
  location_id text primary key check (location_id ~ '^(1-[0-9]{3,12}|[A-Z][A-Z0-9]{2,9})$'),
  name text not null check (length(name) between 1 and 300),
  provider_id text,
  provider_name text,
  provider_company_number text,
  address text,
  town text,
  postcode text,
  local_authority text,
  region text,
  registration_status text not null default 'registered' check (registration_status in ('registered', 'deregistered')),
  registered_on date,
  deregistered_on date,
  dormant boolean,
  care_home boolean,
  beds integer check (beds >= 0),
  service_types text[] not null default '{}',
  specialisms text[] not null default '{}',
  inspection_category text,
  adult_social_care boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cqc_locations_postcode_idx on cqc_locations (postcode);
create index cqc_locations_local_authority_idx on cqc_locations (lower(local_authority));

create table cqc_ratings (
  id uuid primary key default gen_random_uuid(),
  -- Orders publications first seen on the same day (undated ones) in the order they were recorded.
  seq bigint generated always as identity,
  location_id text not null references cqc_locations (location_id),
  -- null when the source gives no publication date (CQC's directory export does not).
  published_on date,
  first_seen_on date not null,
  overall text,
  safe text,
  effective text,
  caring text,
  responsive text,
  well_led text,
  source text not null,
  import_id uuid references cqc_imports (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (overall is not null or safe is not null or effective is not null or caring is not null
    or responsive is not null or well_led is not null)
);
create unique index cqc_ratings_publication_key on cqc_ratings (location_id, published_on) where published_on is not null;
create index cqc_ratings_location_idx on cqc_ratings (location_id, seq);
`.execute(db);

  for (const column of ['overall', 'safe', 'effective', 'caring', 'responsive', 'well_led']) {
    await sql`alter table cqc_ratings add constraint ${sql.raw(`cqc_ratings_${column}_value`)} check (${sql.ref(column)} in
      ('outstanding', 'good', 'requires_improvement', 'inadequate', 'insufficient_evidence', 'inspected_not_rated',
       'no_published_rating'))`.execute(db);
  }
  for (const table of ['cqc_locations', 'cqc_ratings']) {
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table cqc_locations enable row level security;
alter table cqc_ratings enable row level security;
alter table cqc_imports enable row level security;

grant select on cqc_locations, cqc_ratings, cqc_imports to care_app;

create policy cqc_locations_read on cqc_locations for select to care_app using (app_role() is not null);
create policy cqc_ratings_read on cqc_ratings for select to care_app using (app_role() is not null);
-- The import log names who ran it and for which council: administrators see their own council's and the
-- system's (command line and sync) imports.
create policy cqc_imports_read on cqc_imports for select to care_app
  using (app_role() = 'admin' and (council_id = app_org() or council_id is null));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

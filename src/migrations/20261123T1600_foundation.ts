import { sql, type Kysely } from 'kysely';

/**
 * Foundation: organisations, accounts, the provider and service register, the audit trail, and the
 * row-level security that confines every application query to the acting user's organisation.
 * Application transactions run as the non-login role care_app; only migrations, the command line and
 * the session lookup run as the owning role, which row-level security does not apply to.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'care_app') then
    create role care_app nologin;
  end if;
end $$;
grant care_app to current_user;

create function app_org() returns uuid language sql stable as
  $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;
create function app_user() returns uuid language sql stable as
  $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
create function app_role() returns text language sql stable as
  $$ select nullif(current_setting('app.role', true), '') $$;
create function app_is_council_staff() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer', 'placer') $$;
create function app_can_edit_register() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;

create table organisations (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('council', 'provider', 'partner')),
  managed_by_org_id uuid references organisations (id),
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  email text not null check (position('@' in email) > 1),
  name text not null,
  role text not null check (role in ('admin', 'commissioner', 'officer', 'placer', 'provider', 'partner')),
  team text,
  password_hash text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
create index users_org_idx on users (org_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  label text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_expiry_idx on sessions (expires_at);

create table rate_limits (
  key text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);

create table settings (
  key text primary key,
  value jsonb not null
);

create table providers (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  company_number text,
  cqc_provider_id text,
  parent_provider_id uuid references providers (id),
  org_id uuid references organisations (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_provider_id is null or parent_provider_id <> id)
);
create index providers_council_name_idx on providers (council_id, lower(name));
create index providers_parent_idx on providers (parent_provider_id);
create index providers_org_idx on providers (org_id);

create table services (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  provider_id uuid not null references providers (id),
  name text not null check (length(name) between 1 and 200),
  category text not null check (category in ('care_home_older_people', 'care_home_adults_with_disabilities',
    'home_care', 'supported_living', 'extra_care', 'day_services_older_people',
    'day_opportunities_adults_with_disabilities')),
  cqc_location_id text check (cqc_location_id ~ '^1-[0-9]+$'),
  address_line1 text,
  address_line2 text,
  town text,
  postcode text not null,
  beds integer check (beds >= 0),
  hours_per_week numeric(10, 1) check (hours_per_week >= 0),
  funded_people integer not null default 0 check (funded_people >= 0),
  in_county boolean not null default true,
  lead_officer_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index services_council_cqc_key on services (council_id, cqc_location_id) where cqc_location_id is not null;
create index services_council_name_idx on services (council_id, lower(name), id);
create index services_provider_idx on services (provider_id);
create index services_cqc_idx on services (cqc_location_id);
create index services_postcode_idx on services (council_id, postcode);

create table contracts (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  kind text not null check (kind in ('block', 'spot', 'framework')),
  reference text,
  annual_value numeric(14, 2) check (annual_value >= 0),
  starts_on date not null,
  ends_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on)
);
create index contracts_service_idx on contracts (service_id);

create table audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_org_id uuid,
  council_id uuid,
  table_name text not null,
  record_id uuid not null,
  action text not null check (action in ('insert', 'update', 'delete')),
  before jsonb,
  after jsonb
);
create index audit_events_record_idx on audit_events (table_name, record_id, id);

-- Every change to an audited table is recorded by the database itself, so no code path can forget it.
-- Secrets never enter the trail.
create function audit_row() returns trigger language plpgsql security definer set search_path = public as $$
declare
  old_doc jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) - 'password_hash' end;
  new_doc jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) - 'password_hash' end;
  doc jsonb := coalesce(new_doc, old_doc);
begin
  if tg_op = 'UPDATE' and (old_doc - 'updated_at') = (new_doc - 'updated_at') then
    return new;
  end if;
  insert into audit_events (actor_user_id, actor_org_id, council_id, table_name, record_id, action, before, after)
  values (app_user(), app_org(), coalesce((doc ->> 'council_id')::uuid, (doc ->> 'org_id')::uuid,
            (doc ->> 'managed_by_org_id')::uuid, (doc ->> 'id')::uuid),
          tg_table_name, (doc ->> 'id')::uuid, lower(tg_op), old_doc, new_doc);
  return coalesce(new, old);
end $$;

create function audit_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit trail is append-only';
end $$;
create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function audit_is_append_only();

create function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
`.execute(db);

  for (const table of ['organisations', 'users', 'providers', 'services', 'contracts']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
  }
  for (const table of ['users', 'providers', 'services', 'contracts']) {
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table organisations enable row level security;
alter table users enable row level security;
alter table api_tokens enable row level security;
alter table providers enable row level security;
alter table services enable row level security;
alter table contracts enable row level security;
alter table audit_events enable row level security;

grant select, insert, update on organisations, users, api_tokens, providers, services, contracts to care_app;
grant select on audit_events to care_app;
grant select on settings to care_app;

-- Organisation names are not private: every signed-in user may read the list.
create policy organisations_read on organisations for select to care_app using (app_role() is not null);
create policy organisations_admin_insert on organisations for insert to care_app
  with check (app_role() = 'admin' and kind <> 'council' and managed_by_org_id = app_org());
create policy organisations_admin_update on organisations for update to care_app
  using (app_role() = 'admin' and (id = app_org() or managed_by_org_id = app_org()))
  with check (app_role() = 'admin' and (id = app_org() or managed_by_org_id = app_org()));

create policy users_read on users for select to care_app using (
  id = app_user() or org_id = app_org()
  or (app_role() = 'admin' and org_id in (select id from organisations where managed_by_org_id = app_org())));
create policy users_admin_write on users for insert to care_app with check (
  app_role() = 'admin' and (org_id = app_org() or org_id in (select id from organisations where managed_by_org_id = app_org())));
create policy users_admin_update on users for update to care_app using (
  app_role() = 'admin' and (org_id = app_org() or org_id in (select id from organisations where managed_by_org_id = app_org())));

create policy api_tokens_own on api_tokens for all to care_app using (user_id = app_user()) with check (user_id = app_user());

create policy providers_council_read on providers for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy providers_provider_read on providers for select to care_app
  using (app_role() = 'provider' and org_id = app_org());
create policy providers_write on providers for insert to care_app
  with check (app_can_edit_register() and council_id = app_org());
create policy providers_update on providers for update to care_app
  using (app_can_edit_register() and council_id = app_org()) with check (council_id = app_org());

create policy services_council_read on services for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy services_provider_read on services for select to care_app
  using (app_role() = 'provider' and exists (select 1 from providers p where p.id = provider_id and p.org_id = app_org()));
create policy services_write on services for insert to care_app
  with check (app_can_edit_register() and council_id = app_org());
create policy services_update on services for update to care_app
  using (app_can_edit_register() and council_id = app_org()) with check (council_id = app_org());

create policy contracts_council_read on contracts for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy contracts_write on contracts for insert to care_app
  with check (app_can_edit_register() and council_id = app_org());
create policy contracts_update on contracts for update to care_app
  using (app_can_edit_register() and council_id = app_org()) with check (council_id = app_org());

create policy audit_events_read on audit_events for select to care_app
  using (app_role() in ('admin', 'commissioner', 'officer') and council_id = app_org());
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

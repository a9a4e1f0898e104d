import { sql, type Kysely } from 'kysely';

/**
 * Single sign-on and second factors (issue 19).
 *
 * - sign_in_settings: one row per council: its OpenID Connect issuer and client, the email domains whose
 *   staff it signs in, whether first sign-in creates the account, whether its staff's local passwords are
 *   off, and whether local accounts (its own and those of organisations it manages) need a second factor.
 * - sso_role_mappings: a council's table of group or app-role claim values and the role each gives.
 * - users.sso_subject: the issuer's stable id for a person, once linked (unique within an organisation).
 * - second_factors: a person's authenticator (TOTP) secret, the last time step used (so a code is never
 *   accepted twice) and the hashes of their unused recovery codes.
 * - sign_in_challenges and sso_sign_ins: short-lived, single-use steps of a sign-in in progress, reached
 *   only by the sign-in routes (as the owner, never by application queries).
 * - sessions.auth_method: how a session was started (password, password+totp, sso).
 * - password_resets: single-use, expiring links to set a new password, sent by email (only their hash kept).
 *
 * The audit trail now also leaves out client secrets, authenticator secrets and recovery code hashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function audit_row() returns trigger language plpgsql security definer set search_path = public as $$
declare
  secret_columns text[] := array['password_hash', 'client_secret', 'totp_secret', 'recovery_code_hashes', 'last_time_step'];
  old_doc jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) - secret_columns end;
  new_doc jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) - secret_columns end;
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

create table sign_in_settings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null unique references organisations (id),
  issuer text check (issuer ~ '^https?://'),
  client_id text,
  client_secret text,
  email_domains text[] not null default '{}',
  create_users boolean not null default false,
  local_passwords_off boolean not null default false,
  second_factor_required boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((issuer is null) = (client_id is null))
);

create table sso_role_mappings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  claim_value text not null check (length(claim_value) between 1 and 200),
  role text not null check (role in ('admin', 'commissioner', 'officer', 'placer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, claim_value)
);

alter table users add column sso_subject text;
create unique index users_sso_subject_key on users (org_id, sso_subject) where sso_subject is not null;

create table second_factors (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references users (id) on delete cascade,
  org_id uuid not null references organisations (id),
  totp_secret text not null,
  confirmed_at timestamptz,
  last_time_step bigint,
  recovery_code_hashes text[] not null default '{}',
  recovery_codes_left integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table sign_in_challenges (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('code', 'enrol')),
  return_to text not null,
  expires_at timestamptz not null
);

create table sso_sign_ins (
  state_hash text primary key,
  org_id uuid not null references organisations (id) on delete cascade,
  nonce text not null,
  code_verifier text not null,
  return_to text not null,
  expires_at timestamptz not null
);

create table password_resets (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on password_resets (user_id);

alter table sessions add column auth_method text not null default 'password'
  check (auth_method in ('password', 'password+totp', 'sso'));
`.execute(db);

  for (const table of ['sign_in_settings', 'sso_role_mappings', 'second_factors']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table sign_in_settings enable row level security;
alter table sso_role_mappings enable row level security;
alter table second_factors enable row level security;
grant select, insert, update on sign_in_settings to care_app;
grant select, insert, update, delete on sso_role_mappings, second_factors to care_app;

-- A council's administrators keep its sign-in settings and role table.
create policy sign_in_settings_admin on sign_in_settings for all to care_app
  using (app_role() = 'admin' and org_id = app_org()) with check (app_role() = 'admin' and org_id = app_org());
create policy sso_role_mappings_admin on sso_role_mappings for all to care_app
  using (app_role() = 'admin' and org_id = app_org()) with check (app_role() = 'admin' and org_id = app_org());

-- A person manages their own second factor; an administrator may reset (delete) that of the people they manage.
create policy second_factors_own on second_factors for all to care_app
  using (user_id = app_user()) with check (user_id = app_user());
create policy second_factors_admin_read on second_factors for select to care_app using (
  app_role() = 'admin' and (org_id = app_org() or org_id in (select id from organisations where managed_by_org_id = app_org())));
create policy second_factors_admin_reset on second_factors for delete to care_app using (
  app_role() = 'admin' and (org_id = app_org() or org_id in (select id from organisations where managed_by_org_id = app_org())));

-- Disabling a person also ends their sign-ins in progress (their sessions and tokens end already).
create or replace function users_end_access() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if (old.active and not new.active) or new.password_hash is distinct from old.password_hash then
    delete from sessions where user_id = new.id;
    delete from sign_in_challenges where user_id = new.id;
  end if;
  if old.active and not new.active then
    update api_tokens set revoked_at = now() where user_id = new.id and revoked_at is null;
  end if;
  return null;
end $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Account administration rules the database enforces itself, so that no route or script can forget them:
 * a user's role must fit the kind of their organisation (an administrator cannot turn a provider's user
 * into a council administrator), deactivating a user or changing their password ends their sessions at
 * once, deactivation also revokes their API tokens, and a revoked token stays revoked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function users_role_fits_organisation() returns trigger language plpgsql security definer set search_path = public as $$
declare
  org_kind text;
begin
  select kind into org_kind from organisations where id = new.org_id;
  if org_kind is distinct from (case new.role
      when 'admin' then 'council' when 'commissioner' then 'council' when 'officer' then 'council'
      when 'placer' then 'council' when 'provider' then 'provider' when 'partner' then 'partner' end) then
    raise exception 'a % organisation cannot have users with the % role', coalesce(org_kind, 'missing'), new.role
      using errcode = 'check_violation', constraint = 'users_role_fits_organisation';
  end if;
  return new;
end $$;
create trigger users_role_fits_organisation before insert or update of role, org_id on users
  for each row execute function users_role_fits_organisation();

-- Sessions and tokens are out of reach of application queries (care_app), so this runs as the owner.
create function users_end_access() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if (old.active and not new.active) or new.password_hash is distinct from old.password_hash then
    delete from sessions where user_id = new.id;
  end if;
  if old.active and not new.active then
    update api_tokens set revoked_at = now() where user_id = new.id and revoked_at is null;
  end if;
  return null;
end $$;
create trigger users_end_access after update of active, password_hash on users
  for each row execute function users_end_access();

-- Email addresses are unique across the whole deployment, but an administrator can read only the users of
-- the organisations they manage; this answers "is it taken?" without revealing whose it is.
create function user_email_in_use(candidate text, except_user uuid) returns boolean
  language sql stable security definer set search_path = public as
  $$ select exists (select 1 from users where lower(email) = lower(candidate) and id is distinct from except_user) $$;
revoke all on function user_email_in_use(text, uuid) from public;
grant execute on function user_email_in_use(text, uuid) to care_app;

create function api_tokens_revocation_is_final() returns trigger language plpgsql as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked API token cannot be restored' using errcode = 'check_violation';
  end if;
  if new.token_hash <> old.token_hash or new.user_id <> old.user_id then
    raise exception 'an API token cannot be re-keyed or moved to another user' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger api_tokens_revocation_is_final before update on api_tokens
  for each row execute function api_tokens_revocation_is_final();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

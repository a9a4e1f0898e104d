import { sql, type Kysely } from 'kysely';

/**
 * The provider checks in row-level security, cheap for everyone who is not a provider (issue 16).
 *
 * app_runs_provider, app_provides and app_provides_for are SECURITY DEFINER (they read providers and
 * services past the policies that call them), and PostgreSQL never inlines such a function: a policy
 * `… or app_runs_provider(id)` called it once for every row the council branch turned down, even for a
 * council officer, whom it always answers false. The council's provider choices (every provider row of
 * England read to keep one council's) took 130 ms on the national demo for that alone.
 *
 * Each is now a plain SQL function that PostgreSQL inlines into the policy, `app_role() = 'provider' and …`,
 * calling the definer function (the old body, renamed `…_definer`) only for provider users. The policies
 * themselves (26 of them) are unchanged and answer exactly as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_runs_provider_definer(provider uuid) returns boolean language sql stable security definer set search_path = public as $$
  select exists (
    with recursive up (id, org_id, parent_id, depth) as (
      select p.id, p.org_id, p.parent_provider_id, 0 from providers p where p.id = provider
      union all
      select p.id, p.org_id, p.parent_provider_id, up.depth + 1 from providers p join up on p.id = up.parent_id where up.depth < 20
    )
    select 1 from up where up.org_id = app_org())
$$;
create function app_provides_definer(service uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select exists (select 1 from services s where s.id = service and app_runs_provider_definer(s.provider_id)) $$;
create function app_provides_for_definer(council uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select exists (select 1 from services s where s.council_id = council and app_runs_provider_definer(s.provider_id)) $$;

create or replace function app_runs_provider(provider uuid) returns boolean language sql stable security invoker as
  $$ select app_role() = 'provider' and app_runs_provider_definer(provider) $$;
create or replace function app_provides(service uuid) returns boolean language sql stable security invoker as
  $$ select app_role() = 'provider' and app_provides_definer(service) $$;
create or replace function app_provides_for(council uuid) returns boolean language sql stable security invoker as
  $$ select app_role() = 'provider' and app_provides_for_definer(council) $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

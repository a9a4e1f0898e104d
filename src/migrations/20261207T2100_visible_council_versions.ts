import { sql, type Kysely } from 'kysely';

/**
 * The versions of every council whose records the acting user may see for a purpose, as one stamp, so that a
 * Live Status List search can be kept until one of those councils' services changes (issue 16: by name, the
 * search cost about three times `/api/v1/me`, most of it PostgreSQL finding and reading the page's services).
 *
 * The stamp names each visible council with its version (council_versions), in council order: a sharing agreement
 * made, revoked or narrowed changes which councils it names, and any change to one of their services (its record,
 * its kept status facts, its provider) moves that council's version. It is null, and nothing is kept, for anyone
 * who sees services other than by council (a provider's users see their own providers' services) and while any
 * visible council has no version yet. The numbers say only how often records the user already sees have changed;
 * council_versions itself stays readable by each council's own staff alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_visible_council_versions(purpose text) returns text
  language plpgsql stable security definer set search_path = public as $fn$
declare
  v_stamp text;
  v_missing boolean;
begin
  if app_role() is null or app_role() not in ('admin', 'commissioner', 'officer', 'placer', 'partner') then
    return null;
  end if;
  select coalesce(string_agg(v.id::text || '=' || c.version::text, ',' order by v.id), ''), bool_or(c.version is null)
    into v_stamp, v_missing
    from app_visible_councils(purpose) as v(id)
    left join council_versions c on c.council_id = v.id;
  return case when coalesce(v_missing, false) then null else v_stamp end;
end
$fn$;
revoke all on function app_visible_council_versions(text) from public;
grant execute on function app_visible_council_versions(text) to care_app;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

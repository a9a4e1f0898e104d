import { sql, type Kysely } from 'kysely';

/**
 * Row-level security reads who is asking once per statement, not once per row (issue 16).
 *
 * The policies call app_org(), app_role(), app_user() and the functions built on them
 * (app_is_council_staff(), app_assesses(), …). These are SQL functions, so PostgreSQL writes them into the
 * policy as `nullif(current_setting('app.org_id', true), '')::uuid` and the like, and works them out again
 * for every row a statement looks at: a setting looked up by name, compared, and for the organisation parsed
 * as a uuid, several times a row. On the national demo, a council officer's 655 services sorted by name cost
 * PostgreSQL 2.0 ms against 0.45 ms without row-level security; each service's latest risk rating beside
 * it, 6.5 ms against 2.9 ms.
 *
 * Written `(select app_org())`, each call is an uncorrelated sub-select: worked out once, when the statement
 * first needs it, and used as a parameter from then on, in index conditions as before. The same 655 services
 * then cost 0.85 ms, and with their ratings 4.1 ms. The answers are the same: the settings cannot change while
 * one statement runs (only the request's own `set_config` calls set them, each a statement of its own).
 *
 * Every policy in the schema is rewritten here from its own text, so none is missed and none is written out
 * by hand a second time: a call to one of the app_ functions that take nothing and answer one value, where
 * it is not already the whole of a sub-select, becomes one. (Those answering a set, such as
 * app_run_providers(), are sub-selects since 20261206T2300.) policies-once.db.test.ts checks that no policy
 * calls one per row, so a later migration that writes a policy the old way fails the tests.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
do $$
declare
  p record;
  pattern text;
  v_using text;
  v_check text;
begin
  -- The functions that answer one value; those answering a set (app_run_providers(), …) are sub-selects already.
  select '(?<!SELECT )\\m(' || string_agg(f.proname, '|') || ')\\(\\)' into pattern
  from pg_proc f join pg_namespace n on n.oid = f.pronamespace join pg_type t on t.oid = f.prorettype
  where n.nspname = 'public' and f.proname like 'app\\_%' and f.pronargs = 0 and not f.proretset and t.typcategory <> 'A';
  for p in
    select c.relname, pol.polname, pg_get_expr(pol.polqual, pol.polrelid) as qual, pg_get_expr(pol.polwithcheck, pol.polrelid) as with_check
    from pg_policy pol join pg_class c on c.oid = pol.polrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
  loop
    v_using := regexp_replace(p.qual, pattern, '(SELECT \\1())', 'g');
    v_check := regexp_replace(p.with_check, pattern, '(SELECT \\1())', 'g');
    if v_using is distinct from p.qual or v_check is distinct from p.with_check then
      execute format('alter policy %I on %I', p.polname, p.relname)
        || coalesce(' using (' || v_using || ')', '')
        || coalesce(' with check (' || v_check || ')', '');
    end if;
  end loop;
end
$$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Records that a council's answers show without belonging to one of its services move the council's version
 * directly (issue 16: the escalation overview, on every work list and home page, kept by council).
 *
 * A concerns case may be about a provider (a group) rather than a service, and its actions belong to the case: they
 * move the versions of the provider's services already (20261207T1900), but a provider with no services in the
 * council has none to move, and the overview lists the case by the provider's name. So a case or an action added,
 * changed or removed, and a provider renamed or moved, move its council's version: at commit, as a service's version
 * moves its council's (20261207T1930), so that the council's row is held only while committing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function council_versions_row_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_councils uuid[] := case tg_op when 'DELETE' then array[old.council_id] when 'UPDATE' then array[old.council_id, new.council_id]
                        else array[new.council_id] end;
begin
  -- a council removed with its records has no version to move
  perform council_versions_bump(array(select o.id from organisations o where o.id = any (v_councils)));
  return null;
end
$fn$;
revoke all on function council_versions_row_changed() from public;

create constraint trigger concerns_cases_council after insert or update or delete on concerns_cases
  deferrable initially deferred for each row execute function council_versions_row_changed();
create constraint trigger concerns_actions_council after insert or update or delete on concerns_actions
  deferrable initially deferred for each row execute function council_versions_row_changed();
create constraint trigger providers_council after update of name, council_id on providers
  deferrable initially deferred for each row
  when (old.name is distinct from new.name or old.council_id is distinct from new.council_id)
  execute function council_versions_row_changed();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * A provider a CQC import adds to a council's register when CQC's data gave only its id (a table of API
 * records without provider names) is recorded under a placeholder name and flagged until it is named: by a
 * later import that has the name, or by whoever edits the name (this trigger clears the flag then).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table providers add column name_pending boolean not null default false;
create index providers_name_pending_idx on providers (cqc_provider_id) where name_pending;

create function providers_name_given() returns trigger language plpgsql as $$
begin
  if new.name is distinct from old.name then
    new.name_pending := false;
  end if;
  return new;
end
$$;
create trigger providers_name_given before update of name on providers
  for each row when (old.name_pending) execute function providers_name_given();
`.execute(db);
}

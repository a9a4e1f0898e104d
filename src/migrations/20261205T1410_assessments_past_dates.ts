import { sql, type Kysely } from 'kysely';

/**
 * Past years in assessments (issue 14).
 *
 * - Completing and publishing may be dated in the past. Whether a date was entered rather than taken from the
 *   clock is kept on the row (`completed_on_entered`, `published_on_entered`), so the audit trail, which
 *   records the whole row, shows it beside the date.
 * - Results brought in from PAMMS or the East of England workbook are published full assessments marked
 *   `imported`, with the name of the file they came from and no answers behind them. They are inserted as
 *   published (there is no draft to complete), by those who may publish (commissioners, administrators) or by the command line, which acts
 *   as the system and so has no user to name as their author: `created_by` may be empty for them alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table assessments
  add column completed_on_entered boolean not null default false,
  add column published_on_entered boolean not null default false,
  add column imported boolean not null default false,
  add column imported_from text check (length(imported_from) between 1 and 200),
  alter column created_by drop not null,
  add constraint assessments_imported_is_published
    check (not imported or (kind = 'full' and status = 'published' and version = 1 and supersedes_id is null)),
  add constraint assessments_imported_from_when_imported check (imported_from is null or imported),
  add constraint assessments_author_unless_imported check (created_by is not null or imported);

create or replace function assessments_insert_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  service_council uuid;
  version_council uuid;
  version_status text;
  superseded record;
begin
  select council_id into service_council from services where id = new.service_id;
  select council_id, status into version_council, version_status from framework_versions where id = new.framework_version_id;
  if service_council is distinct from new.council_id then
    raise exception 'an assessment belongs to the council of its service' using errcode = 'check_violation';
  end if;
  if version_council is distinct from new.council_id or version_status <> 'published' then
    raise exception 'an assessment uses a published framework version of its own council' using errcode = 'check_violation';
  end if;
  if new.status <> 'draft' and not (new.imported and new.status = 'published') then
    raise exception 'an assessment starts as a draft' using errcode = 'check_violation';
  end if;
  if new.imported and app_role() is not null and app_role() not in ('admin', 'commissioner') then
    raise exception 'only a commissioner or administrator can import published assessments' using errcode = 'insufficient_privilege';
  end if;
  if new.supersedes_id is not null then
    select * into superseded from assessments where id = new.supersedes_id;
    if superseded.status is distinct from 'published' or superseded.service_id <> new.service_id
       or superseded.kind <> new.kind or new.version <> superseded.version + 1 then
      raise exception 'a correction supersedes a published assessment of the same service, as its next version'
        using errcode = 'check_violation';
    end if;
  end if;
  return new;
end $$;

create or replace function assessments_update_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'only a draft assessment can be deleted' using errcode = 'check_violation';
    end if;
    return old;
  end if;
  if old.status = 'published' then
    raise exception 'a published assessment is locked: correct it with a new version' using errcode = 'check_violation';
  end if;
  if new.service_id <> old.service_id or new.council_id <> old.council_id or new.kind <> old.kind
     or new.framework_version_id <> old.framework_version_id or new.supersedes_id is distinct from old.supersedes_id
     or new.version <> old.version or new.created_by is distinct from old.created_by or new.imported <> old.imported then
    raise exception 'an assessment cannot be moved to another service, framework or version' using errcode = 'check_violation';
  end if;
  if not ((old.status = new.status and (old.status = 'draft' or old.kind = 'full'))
          or (old.status = 'draft' and new.status = 'completed')
          or (old.status = 'completed' and new.status = 'published')) then
    raise exception 'an assessment cannot go from % to %', old.status, new.status using errcode = 'check_violation';
  end if;
  if new.status = 'published' and app_role() is not null and app_role() not in ('commissioner', 'admin') then
    raise exception 'only a commissioner or administrator can publish an assessment' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Services the council does not commission (the self-funded market, seed 001): held in the register so that
 * CQC's data, intelligence and market events apply to them, but no contract or council assessment may be
 * made for one. The register's pages and services say so in words first; these triggers refuse what they forget.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table services add column not_commissioned boolean not null default false;

create function refuse_not_commissioned() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if exists (select 1 from services s where s.id = new.service_id and s.not_commissioned) then
    raise exception 'the council does not commission this service: no % may be made for it', tg_argv[0] using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger contracts_commissioned before insert on contracts
  for each row execute function refuse_not_commissioned('contract');
create trigger assessments_commissioned before insert on assessments
  for each row execute function refuse_not_commissioned('assessment');
`.execute(db);
}


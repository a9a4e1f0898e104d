import { sql, type Kysely } from 'kysely';

/**
 * Benchmarking with neighbours: a sharing agreement may also share the council's quarterly headline figures
 * (percent good or better, visits, suspensions per service category) with another council, never the
 * records behind them. An agreement shares at least one thing, this one included.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table sharing_agreements add column reports boolean not null default false;
-- The table's second unnamed check (sharing_agreements_check is council_id <> with_org_id, which stays).
alter table sharing_agreements drop constraint sharing_agreements_check1;
alter table sharing_agreements add constraint sharing_agreements_shares_something check (live_status or alerts or enter_and_view or reports);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql, type Kysely } from 'kysely';

/**
 * Each rate-limit counter keeps its own window: when it resets is decided when it starts, instead of by
 * whichever caller counts next (a shared counter used to be reset by the shortest window that touched it).
 * Counters already running simply end.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table rate_limits add column resets_at timestamptz;
update rate_limits set resets_at = window_started_at;
alter table rate_limits alter column resets_at set not null;
alter table rate_limits drop column window_started_at;
create index rate_limits_resets_idx on rate_limits (resets_at);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

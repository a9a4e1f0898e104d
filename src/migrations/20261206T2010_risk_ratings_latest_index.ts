import { sql, type Kysely } from 'kysely';

/**
 * The latest rating of a service straight from the index (issue 16).
 *
 * The risk register orders a council's services by their latest rating, found for each service by
 * `order by rated_on desc, created_at desc, id desc limit 1`. The index had no `id`, so PostgreSQL read every
 * rating of every service and sorted them: on the national demo, 655 services with about seven ratings each
 * took 15 ms a page, 12 of them in those sorts. With `id` in the index each service's latest rating is its
 * first entry. The old index is a prefix of the new one, so whatever used it uses the new one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index risk_ratings_latest_idx on risk_ratings (service_id, rated_on desc, created_at desc, id desc)`.execute(db);
  await sql`drop index risk_ratings_service_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

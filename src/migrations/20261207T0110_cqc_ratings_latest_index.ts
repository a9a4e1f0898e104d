import { sql, type Kysely } from 'kysely';

/**
 * A location's latest CQC rating with an overall value is one index entry (issue 16).
 *
 * live_status() reads it for every service of every search, as
 * `where overall is not null order by coalesce(published_on, first_seen_on) desc, seq desc limit 1`. With only
 * the index on (location_id, seq), each read fetched all the location's ratings from the table and sorted
 * them: on the national demo that was a third of what live_status() spent on a page's facts (1.2 ms for 100
 * services, 0.85 ms with this index). serviceCqcFacts() asks in the same order, without the overall filter.
 *
 * The index on (location_id, seq) stays: the CQC import reads whole histories in that order. Replacing it with
 * this order made a re-import 0.45 s slower (a sort in each batch); adding this one costs a first import of
 * the national file about 0.1–0.2 s (3.3 → 3.5 s in `npm run bench -- cqc`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index cqc_ratings_latest_idx on cqc_ratings (location_id, (coalesce(published_on, first_seen_on)) desc, seq desc)
  where overall is not null;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

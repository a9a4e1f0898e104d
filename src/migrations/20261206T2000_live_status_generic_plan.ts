import { sql, type Kysely } from 'kysely';

/**
 * live_status() keeps one plan for the facts of a page, whatever the page (issue 16).
 *
 * Since 20261206T1610 the facts are one static statement over the page's ids, which PL/pgSQL plans through
 * PostgreSQL's plan cache. Left to itself, the cache plans the statement afresh for the ids of each of the
 * first five calls on a connection, then keeps a generic plan only if it looks no dearer than those; for one
 * service (the service page's status) it never does, and planning then costs three times the work. A custom
 * plan for the whole list is worse still: on the national demo, the 655 services of the largest council took
 * 750–1,000 ms planned for their ids against 23 ms with the generic plan. The generic plan is the right one
 * for any page: it starts from the ids and looks up each service's facts by index.
 *
 * Only the facts statement is affected: the ids' statement runs with EXECUTE, which plans it for the
 * filters and values given on every call, as before. "create or replace" of live_status() would drop this
 * setting: a test (status.db.test.ts) checks it is in place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter function live_status(text, text, text, uuid, text, boolean, text, uuid, integer)
  set plan_cache_mode = force_generic_plan`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}

import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/**
 * Counters of attempts (rate limits), kept in the database so every instance counts the same attempts and a
 * restart resets nothing. Each counter has its own key and its own window, fixed when the counter starts: a
 * caller counting with another window cannot cut a running window short.
 */
interface AttemptCount {
  /** Attempts counted in the current window. */
  readonly hits: number;
  /** Until the window ends (0 when no window is running). */
  readonly resetsInMs: number;
}

/** Counts one attempt; a counter whose window has ended starts again at one, with a new window of `windowMs`. */
export async function countAttempt(tx: Tx, key: string, windowMs: number): Promise<AttemptCount> {
  const { rows } = await sql<{ hits: number; resets_in_ms: number }>`
    insert into rate_limits as r (key, resets_at, hits) values (${key}, now() + make_interval(secs => ${windowMs / 1000}), 1)
    on conflict (key) do update set
      hits = case when r.resets_at <= now() then 1 else r.hits + 1 end,
      resets_at = case when r.resets_at <= now() then excluded.resets_at else r.resets_at end
    returning hits, (extract(epoch from (resets_at - now())) * 1000)::float8 as resets_in_ms`.execute(tx);
  return toCount(rows[0]!);
}

/** The attempts counted so far in the running window, without counting one. */
export async function readAttempts(tx: Tx, key: string): Promise<AttemptCount> {
  const { rows } = await sql<{ hits: number; resets_in_ms: number }>`
    select hits, (extract(epoch from (resets_at - now())) * 1000)::float8 as resets_in_ms
    from rate_limits where key = ${key} and resets_at > now()`.execute(tx);
  return rows[0] ? toCount(rows[0]) : { hits: 0, resetsInMs: 0 };
}

/** Takes back one attempt counted in the running window (an attempt that turned out not to count). */
export async function uncountAttempt(tx: Tx, key: string): Promise<void> {
  await sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${key} and resets_at > now()`.execute(tx);
}

/** Forgets a counter altogether. */
export async function clearAttempts(tx: Tx, key: string): Promise<void> {
  await sql`delete from rate_limits where key = ${key}`.execute(tx);
}

/** Deletes counters whose window ended over an hour ago, so the table holds only what is still counting. */
export async function pruneAttempts(tx: Tx): Promise<void> {
  await sql`delete from rate_limits where resets_at < now() - interval '1 hour'`.execute(tx);
}

const toCount = (row: { hits: number; resets_in_ms: number }): AttemptCount => ({
  hits: Number(row.hits),
  resetsInMs: Math.max(0, Math.round(Number(row.resets_in_ms))),
});

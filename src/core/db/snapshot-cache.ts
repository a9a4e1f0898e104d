import { sql } from 'kysely';
import type { Tx } from './types.ts';

/**
 * Reads that many requests repeat (an officer's work list and what is due), kept while
 * nothing has been committed to the database since. The key is the caller's (who asks, and the day, when
 * the answer depends on them) and the database's snapshot (`pg_current_snapshot()`): any transaction
 * that writes, in this process or in another instance on the same PostgreSQL, changes the snapshot, so an
 * answer is reused only while the database is exactly as it was when the answer was read. A unit of work
 * that has itself written reads afresh (its own changes are not in the snapshot). On PGlite, which serves
 * one connection, this spares the heaviest pages most of their database work; the cost of a look-up is one
 * statement.
 */
export interface SnapshotCache {
  /** The answer `read` gave under the same key while the database was as it is now, or `read`'s answer. */
  remember<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T>;
}

/**
 * Freezes a value and every object reachable through its properties (the answers kept are plain rows, arrays
 * and objects; a Map's or Set's entries, or a Date's time, would stay changeable).
 */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}

interface Entry {
  readonly snapshot: string;
  readonly value: unknown;
}

export function snapshotCache(capacity = 500): SnapshotCache {
  const entries = new Map<string, Entry>();
  return {
    async remember<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T> {
      const { rows } = await sql<{ snapshot: string; wrote: boolean }>`
        select pg_current_snapshot()::text as snapshot, pg_current_xact_id_if_assigned() is not null as wrote`.execute(tx);
      const { snapshot, wrote } = rows[0]!;
      if (wrote) return read();
      const found = entries.get(key);
      if (found?.snapshot === snapshot) return found.value as T;
      // Kept frozen, and handed out as it is: a copy of a large work list cost more than reading it again.
      // Whoever reads through the cache gets the frozen answer, the first caller as well, so a caller that
      // changes it fails at once (a unit of work that has written reads afresh, above, and gets its own copy).
      const value = deepFreeze(await read());
      entries.delete(key);
      entries.set(key, { snapshot, value });
      // The least recently stored goes first.
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}

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
  /** How many answers are kept (for tests and benchmarks). */
  size(): number;
}

/**
 * Freezes a value and every object reachable through its properties (the answers kept are plain rows, arrays
 * and objects; a Map's or Set's entries, or a Date's time, would stay changeable).
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}

interface Entry {
  readonly snapshot: string;
  readonly xmax: bigint;
  readonly value: unknown;
}

/** A snapshot's xmax (`xmin:xmax:xip,…`): the first transaction id not yet given out. It never goes back. */
function xmaxOf(snapshot: string): bigint {
  const field = snapshot.split(':')[1];
  return field && /^\d+$/.test(field) ? BigInt(field) : 0n;
}

/** The unit of work's snapshot, and whether it has itself written. */
export type SnapshotOf = (tx: Tx) => Promise<{ snapshot: string; wrote: boolean }>;

const currentSnapshot: SnapshotOf = async (tx) => {
  const { rows } = await sql<{ snapshot: string; wrote: boolean }>`
    select pg_current_snapshot()::text as snapshot, pg_current_xact_id_if_assigned() is not null as wrote`.execute(tx);
  return rows[0]!;
};

/** Answers a process keeps at most, unless KEPT_ANSWERS says otherwise. */
export const DEFAULT_KEPT_ANSWERS = 500;

/**
 * Keeps up to `capacity` answers. With a capacity of 0 nothing is kept and every call reads (KEPT_ANSWERS=0:
 * what each page costs when someone has just committed, as on a busy regional database most of the time).
 */
export function snapshotCache(capacity = DEFAULT_KEPT_ANSWERS, snapshotOf: SnapshotOf = currentSnapshot): SnapshotCache {
  if (capacity === 0) return { size: () => 0, remember: (_tx, _key, read) => read() };
  const entries = new Map<string, Entry>();
  /**
   * Reads under way, by key and snapshot. When a commit changes the snapshot, every request then in flight
   * for the same key misses at once: ten connections on an officer's work list read it ten times over (about
   * 200 ms of PostgreSQL's time each at national scale). The first reads; the others, under the same snapshot,
   * wait for its answer. On PGlite, with one connection, a request never finds another's read under way: the
   * other's transaction holds the connection until it ends.
   */
  const reading = new Map<string, Promise<unknown>>();
  /**
   * The newest xmax seen. An answer kept under an older one can never be used again: a transaction that
   * writes takes an id, so every later snapshot has a greater xmax. Such answers are let go as soon as a newer
   * snapshot is seen, so what is kept is about the database as it is now, not up to `capacity` answers about
   * states it has left (on a busy server, most of them; some, such as a quarter's records, are large).
   */
  let newest = 0n;
  const seen = (xmax: bigint) => {
    if (xmax <= newest) return;
    newest = xmax;
    for (const [key, entry] of entries) if (entry.xmax < newest) entries.delete(key);
  };
  return {
    size: () => entries.size,
    async remember<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T> {
      const { snapshot, wrote } = await snapshotOf(tx);
      if (wrote) return read();
      const xmax = xmaxOf(snapshot);
      seen(xmax);
      const found = entries.get(key);
      if (found?.snapshot === snapshot) return found.value as T;
      const flight = `${snapshot}\u0000${key}`;
      const under = reading.get(flight);
      // A read that failed under another request's transaction is that request's failure: this one reads itself.
      if (under) {
        const shared = await under.then(
          (value) => ({ value: value as T }),
          () => undefined,
        );
        return shared ? shared.value : read();
      }
      // Kept frozen, and handed out as it is: a copy of a large work list cost more than reading it again.
      // Whoever reads through the cache gets the frozen answer, the first caller as well, so a caller that
      // changes it fails at once (a unit of work that has written reads afresh, above, and gets its own copy).
      const reads = read().then(deepFreeze);
      reading.set(flight, reads);
      try {
        const value = await reads;
        entries.delete(key);
        // Not kept when a newer snapshot was seen while it was read: no request will ask under this one again.
        if (xmax >= newest) {
          entries.set(key, { snapshot, xmax, value });
          // The least recently stored goes first.
          if (entries.size > capacity) entries.delete(entries.keys().next().value!);
        }
        return value;
      } finally {
        reading.delete(flight);
      }
    },
  };
}

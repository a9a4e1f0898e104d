import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Store } from '../db/database.ts';

/**
 * Keeps rate-limit counters in the database, so every app instance behind a load balancer counts the
 * same attempts and a restart does not reset them.
 */
export function databaseRateLimitStore(store: Store, prefix = 'global'): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly keyPrefix;
    constructor(_options?: unknown, keyPrefix = prefix) {
      this.keyPrefix = keyPrefix;
  }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      const fullKey = `${this.keyPrefix}:${key}`;
      const windowSql = sql`make_interval(secs => ${timeWindow / 1000})`;
      store
        .asSystem((tx) =>
          sql<{ hits: number; ttl_ms: number }>`
            insert into rate_limits as r (key, window_started_at, hits) values (${fullKey}, now(), 1)
            on conflict (key) do update set
              hits = case when r.window_started_at < now() - ${windowSql} then 1 else r.hits + 1 end,
              window_started_at = case when r.window_started_at < now() - ${windowSql} then now() else r.window_started_at end
            returning hits, (extract(epoch from (window_started_at + ${windowSql} - now())) * 1000)::float8 as ttl_ms`.execute(tx),
        )
        .then((result) => {
          const row = result.rows[0]!;
          callback(null, { current: Number(row.hits), ttl: Math.max(0, Math.round(Number(row.ttl_ms))) });
        }, callback);
    }

    child(routeOptions: { path: string; prefix: string }): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(undefined, `${this.keyPrefix}:${routeOptions.prefix}${routeOptions.path}`);
    }
  }
  return DatabaseRateLimitStore;
}

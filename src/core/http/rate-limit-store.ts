import { normalizeIP, type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { countAttempt, readAttempts } from '../auth/rate-limits.repository.ts';
import type { Store } from '../db/database.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * What @fastify/rate-limit really passes to `child` for a route with its own limit: the route's merged
 * limit options, with the route itself as `routeInfo` (its types promise `path` and `prefix`, which are
 * never set: keying on them gave every limited route one shared counter).
 */
interface RouteLimit {
  readonly routeInfo: { readonly method?: string | readonly string[]; readonly url?: string };
}

/**
 * @fastify/rate-limit's counters, kept in the database (src/core/auth/rate-limits.repository.ts) so every app
 * instance behind a load balancer counts the same requests and a restart does not reset them. Each limited
 * route counts on its own key (`route:POST /report-a-concern:203.0.113.7`) with its own window.
 */
export function databaseRateLimitStore(store: Store): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly keyPrefix: string;
    constructor(_options?: unknown, keyPrefix = 'route:*') {
      this.keyPrefix = keyPrefix;
    }

    incr(key: string, callback: Callback, timeWindow: number) {
      store.asSystem((tx) => countAttempt(tx, `${this.keyPrefix}:${key}`, timeWindow)).then(
        (count) => callback(null, { current: count.hits, ttl: count.resetsInMs }),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback) {
      store.asSystem((tx) => readAttempts(tx, `${this.keyPrefix}:${key}`)).then(
        (count) => callback(null, { current: count.hits, ttl: count.resetsInMs }),
        (error: Error) => callback(error),
      );
    }

    child(options: unknown): FastifyRateLimitStore {
      const { method, url } = (options as RouteLimit).routeInfo;
      if (!method || !url) throw new Error('A rate-limited route must have a method and a URL to count on');
      return new DatabaseRateLimitStore(undefined, `route:${[method].flat().join(',')} ${url}`);
    }
  }
  return DatabaseRateLimitStore;
}

/** The client's address as the rate limits count it: IPv6 addresses by their /64 network, as @fastify/rate-limit does. */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Named prepared statements on PostgreSQL, so the server parses and plans a statement once per connection
 * rather than once per request. Measured on the service page (December 2026, log_min_duration_statement):
 * of ~32 ms of server time for 56 statements, parsing took 5 ms and binding (where an unnamed statement is
 * planned, row-level security and all) 14 ms. A named statement is parsed once per connection; after five
 * executions PostgreSQL keeps a generic plan when it costs no more than the custom ones (`plan_cache_mode`
 * auto), so searches whose plans depend on their parameters keep being planned for them.
 *
 * Statements with parameters are named, up to PREPARED_MAX_PARAMETERS of them (multi-row writes differ in
 * length from batch to batch and are planned in a fraction of their own time), and so is a select without
 * any (`worthNaming`). Each connection holds at most PREPARED_PER_CONNECTION named
 * statements, so the server's memory for them is bounded whatever the app sends; further statements run
 * unnamed, as before. A name is a digest of the text, so one name never stands for two statements.
 */
export const PREPARED_PER_CONNECTION = 400;
export const PREPARED_MAX_PARAMETERS = 64;

/**
 * Whether a statement is named. A select without parameters is: lists that name no council and rely on
 * row-level security alone (the open concerns cases, the suspensions in force, the sharing agreements) were
 * planned afresh on every request, about 1 ms of planning for 0.3 ms of work at national scale. Any other
 * statement without parameters (`begin`, a savepoint, a `set`, a migration's script of several statements)
 * keeps the simple protocol, which takes several statements in one text.
 */
export function worthNaming(text: string, parameters: number): boolean {
  if (parameters > PREPARED_MAX_PARAMETERS) return false;
  return parameters > 0 || (/^\s*(select|with)\b/i.test(text) && !text.includes(';'));
}

const named = new WeakMap<pg.PoolClient, Set<string>>();
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `co_${createHash('sha1').update(text).digest('base64url')}`;
    // The digests of texts seen are kept while they are few; a flood of one-off texts is not remembered.
    if (names.size < 10 * PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/** The client as Kysely sees it: `query(text, values)` runs as a named statement where that pays. */
export function preparingClient(client: pg.PoolClient): pg.PoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = (text: unknown, values?: unknown) => {
    if (typeof text !== 'string' || (values !== undefined && !Array.isArray(values)) || !worthNaming(text, values?.length ?? 0))
      return query(text, values);
    let mine = named.get(client);
    if (!mine) named.set(client, (mine = new Set()));
    const name = nameOf(text);
    if (!mine.has(name)) {
      if (mine.size >= PREPARED_PER_CONNECTION) return query(text, values);
      mine.add(name);
    }
    return query({ name, text, values: values ?? [] });
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') return prepared;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

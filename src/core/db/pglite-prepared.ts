import { parse, protocol, type messages, type PGlite, type Results } from '@electric-sql/pglite';
import { PREPARED_MAX_PARAMETERS, PREPARED_PER_CONNECTION } from './prepared.ts';

const { serialize } = protocol;
type BackendMessage = messages.BackendMessage;

/** A value of a type PGlite has no serializer for, as text. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/**
 * Named prepared statements on PGlite, as prepared.ts does on PostgreSQL: a statement is parsed (and row-level
 * security written into it) once, and after five executions PostgreSQL may keep its generic plan. PGlite's own
 * `query()` parses and plans every statement afresh, every time. Measured on the council demo (December 2026):
 * a select of one service's risk ratings took 4.5 ms through `query()` and 2.1 ms as a prepared statement; a
 * service page ran 42 statements for 50 ms of PGlite's time.
 *
 * The same limits as on PostgreSQL: statements with 1 to PREPARED_MAX_PARAMETERS parameters, at most
 * PREPARED_PER_CONNECTION of them (PGlite has one connection), others through `query()` as before. The messages
 * are the ones `query()` sends (parse and describe once, then bind, describe, execute and sync each time), with
 * its serializers and parsers, under PGlite's own lock, and the data folder is synced afterwards as `query()`
 * does.
 */
export class PglitePrepared {
  readonly #pglite: PGlite;
  /** Text → the statement's name and its parameters' types, once PGlite has parsed it. */
  readonly #statements = new Map<string, { name: string; types: number[] }>();
  readonly #capacity: number;
  #next = 0;

  constructor(pglite: PGlite, capacity: number = PREPARED_PER_CONNECTION) {
    this.#pglite = pglite;
    this.#capacity = capacity;
  }

  /** Whether `query` takes this statement (otherwise the caller runs it through PGlite's query()). */
  takes(text: string, parameters: readonly unknown[]): boolean {
    if (parameters.length === 0 || parameters.length > PREPARED_MAX_PARAMETERS) return false;
    return this.#statements.has(text) || this.#statements.size < this.#capacity;
  }

  query<R>(text: string, parameters: readonly unknown[]): Promise<Results<R>> {
    const pglite = this.#pglite;
    const send = (message: Uint8Array): Promise<BackendMessage[]> => pglite.execProtocolStream(message, { syncToFs: false });
    return pglite.runExclusive(async () => {
      const messages: BackendMessage[] = [];
      try {
        let statement = this.#statements.get(text);
        if (!statement) {
          // A fresh name each attempt: a statement whose parse failed is never reused, and never collides.
          const name = `co_${++this.#next}`;
          await send(serialize.parse({ name, text, types: [] }));
          const types = parse.parseDescribeStatementResults(await send(serialize.describe({ type: 'S', name })));
          statement = { name, types };
          this.#statements.set(text, statement);
        }
        const { types } = statement;
        const values = parameters.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serializer = pglite.serializers[types[i]!];
          if (serializer) return serializer(value);
          return asText(value);
        });
        messages.push(...(await send(serialize.bind({ statement: statement.name, values }))));
        messages.push(...(await send(serialize.describe({ type: 'P' }))));
        messages.push(...(await send(serialize.execute({}))));
      } finally {
        messages.push(...(await send(serialize.sync())));
      }
      await pglite.syncToFs();
      return parse.parseResults(messages, pglite.parsers)[0] as Results<R>;
    });
  }
}

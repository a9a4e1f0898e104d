import { parse, protocol, type messages, type PGlite, type Results } from '@electric-sql/pglite';
import { Parser } from 'pg-protocol/dist/parser.js';
import { PREPARED_PER_CONNECTION, worthNaming } from './prepared.ts';

const { serialize } = protocol;
type BackendMessage = messages.BackendMessage;

/** Several frontend messages as one buffer: PostgreSQL reads them in order, as from a socket. */
function together(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/**
 * One round with PGlite: the messages sent together, in one call, and its answer read by node-postgres's
 * protocol parser (pg-protocol) as PGlite hands it over. PGlite's own parser (which `execProtocolRaw` runs as
 * well, for its own results) copies every value into an ArrayBuffer of its own before decoding it: on a list
 * page that was a tenth of the process's time. pg-protocol's messages carry the same names and fields as
 * PGlite's, so PGlite's `parseResults` turns them into rows. An error answered is thrown as pg-protocol's
 * DatabaseError, which carries the same fields (code, constraint, detail…) as PGlite's.
 */
async function round(pglite: PGlite, message: Uint8Array): Promise<BackendMessage[]> {
  const messages: BackendMessage[] = [];
  let failure: Error | undefined;
  const parser = new Parser();
  await pglite.execProtocolRawStream(message, {
    syncToFs: false,
    // PGlite reuses the memory it hands over: a copy, as the parser may keep the end of a message for the next.
    onRawData: (chunk) =>
      parser.parse(Buffer.from(chunk), (answer) => {
        if (answer.name === 'error') failure ??= answer as unknown as Error;
        else messages.push(answer);
      }),
  });
  if (failure) throw failure;
  return messages;
}

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
 * The same rules as on PostgreSQL (`worthNaming`: statements with 1 to PREPARED_MAX_PARAMETERS parameters, and
 * selects without any), at most PREPARED_PER_CONNECTION of them (PGlite has one connection), others through
 * PGlite's `query()` or `exec()` as before. The messages
 * are the ones `query()` sends (parse and describe once, then bind, describe, execute and sync each time), with
 * its serializers and type parsers, under PGlite's own lock, and the data folder is synced afterwards as `query()`
 * does. Each round's messages go to PGlite together, in one call, rather than one call a message.
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
    if (!worthNaming(text, parameters.length)) return false;
    return this.#statements.has(text) || this.#statements.size < this.#capacity;
  }

  query<R>(text: string, parameters: readonly unknown[]): Promise<Results<R>> {
    const pglite = this.#pglite;
    // Each round is one call into PGlite ending with a sync, so an error leaves the connection ready.
    const send = (...parts: Uint8Array[]) => round(pglite, together([...parts, serialize.sync()]));
    return pglite.runExclusive(async () => {
      let statement = this.#statements.get(text);
      if (!statement) {
        // A fresh name each attempt: a statement whose parse failed is never reused, and never collides.
        const name = `co_${++this.#next}`;
        const types = parse.parseDescribeStatementResults(
          await send(serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name })),
        );
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
      const messages = await send(
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
      );
      await pglite.syncToFs();
      return parse.parseResults(messages, pglite.parsers)[0] as Results<R>;
    });
  }
}

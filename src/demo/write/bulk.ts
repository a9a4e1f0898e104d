import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../core/db/database.ts';

/**
 * Set-based writing: one statement inserts (or updates) thousands of rows, each column sent as one array
 * and spread by unnest, so the national demo's millions of rows load in a few thousand round trips on
 * PostgreSQL and PGlite alike. Every row still passes the table's constraints, guards, audit trigger and
 * alert triggers, exactly as a row written by the product would.
 */

export type ColumnType = 'uuid' | 'text' | 'date' | 'timestamptz' | 'int' | 'numeric' | 'float8' | 'bool' | 'jsonb' | 'text[]';

export interface Column<R> {
  readonly name: string;
  readonly type: ColumnType;
  readonly value: (row: R) => unknown;
}

/** Rows per statement: large enough to be quick, small enough for PGlite's memory. */
const BATCH = 4000;

/** A PostgreSQL array literal of text, for a text[] column sent inside an array of rows. */
function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function encode(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb') return JSON.stringify(value);
  if (type === 'text[]') return textArrayLiteral(value as string[]);
  return value;
}

/** What each column is sent as, and how the select turns it back into the column's type. */
function arrayType(type: ColumnType): string {
  return type === 'jsonb' || type === 'text[]' ? 'text[]' : `${type}[]`;
}

function columnArrays<R>(columns: readonly Column<R>[], rows: readonly R[]): RawBuilder<unknown>[] {
  return columns.map((c) => sql`${rows.map((r) => encode(c.type, c.value(r)))}::${sql.raw(arrayType(c.type))}`);
}

function selectList<R>(columns: readonly Column<R>[]): RawBuilder<unknown> {
  return sql.join(columns.map((c, i) => sql.raw(c.type === 'jsonb' ? `u.c${i}::jsonb` : c.type === 'text[]' ? `u.c${i}::text[]` : `u.c${i}`)));
}

const aliases = (n: number) => sql.raw(Array.from({ length: n }, (_, i) => `c${i}`).join(', '));

export async function insertRows<R>(tx: Tx, table: string, columns: readonly Column<R>[], rows: readonly R[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
      select ${selectList(columns)} from unnest(${sql.join(columnArrays(columns, batch))}) as u(${aliases(columns.length)})`.execute(tx);
  }
}

/**
 * Updates rows by id from arrays: `set` names the columns changed (fixed values may be given as SQL),
 * the first column of the unnest is the id.
 */
export async function updateRows<R>(
  tx: Tx,
  table: string,
  id: (row: R) => string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  fixed: Readonly<Record<string, RawBuilder<unknown>>> = {},
): Promise<void> {
  const all: Column<R>[] = [{ name: 'id', type: 'uuid', value: id }, ...columns];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const sets = [
      ...columns.map((c, k) => sql`${sql.ref(c.name)} = ${sql.raw(c.type === 'jsonb' ? `u.c${k + 1}::jsonb` : c.type === 'text[]' ? `u.c${k + 1}::text[]` : `u.c${k + 1}`)}`),
      ...Object.entries(fixed).map(([name, value]) => sql`${sql.ref(name)} = ${value}`),
    ];
    await sql`update ${sql.table(table)} as t set ${sql.join(sets)}
      from unnest(${sql.join(columnArrays(all, batch))}) as u(${aliases(all.length)}) where t.id = u.c0`.execute(tx);
  }
}

import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';

/**
 * The tables of the database as its catalog describes them: columns, keys, references, sequences. A backup
 * reads and writes every table from this description, so a table a capability adds later is backed up and
 * restored without changing this code.
 */

export interface Column {
  readonly name: string;
  /** As PostgreSQL writes it (`numeric(14,2)`, `text[]`): what a value read as text is cast back to. */
  readonly type: string;
  readonly nullable: boolean;
  /** `generated always as identity`: an insert must say `overriding system value` to give its own. */
  readonly identityAlways: boolean;
}

export interface Reference {
  readonly columns: readonly string[];
  readonly table: string;
  readonly to: readonly string[];
}

export interface Table {
  readonly name: string;
  /** Columns that hold data (generated columns are left out: the database computes them again). */
  readonly columns: readonly Column[];
  /** The primary key; empty for a table without one (rows are then read in their physical order, `ctid`). */
  readonly key: readonly string[];
  readonly references: readonly Reference[];
  /** Whether the application's role may read the table (its rows are not private to anyone). */
  readonly readableByApp: boolean;
  readonly comment: string;
}

export interface Catalog {
  /** Parents before the tables that refer to them. */
  readonly tables: readonly Table[];
  readonly sequences: readonly string[];
}

/** Kysely's own bookkeeping: the schema version is recorded in the backup's header instead. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];
/** The role application queries run as (see the foundation migration). */
const APP_ROLE = 'care_app';

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  not_null: boolean;
  identity: string;
}

interface ConstraintRow {
  table_name: string;
  kind: 'p' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

export async function readCatalog(tx: Tx): Promise<Catalog> {
  const tables = await sql<{ name: string; readable: boolean; comment: string | null }>`
    select c.relname as name,
      exists (select 1 from pg_roles where rolname = ${APP_ROLE})
        and has_table_privilege(${APP_ROLE}, c.oid, 'SELECT') as readable,
      obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(tx);
  const columns = await sql<ColumnRow>`
    select c.relname as table_name, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
      a.attnotnull as not_null, a.attidentity::text as identity
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(tx);
  const constraints = await sql<ConstraintRow>`
    select c.relname as table_name, k.contype::text as kind,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
      r.relname as ref_table,
      case when k.contype = 'f' then array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i)
            join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) end as ref_columns
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_class r on r.oid = k.confrelid
    where n.nspname = current_schema() and k.contype in ('p', 'f')
    order by c.relname, k.conname`.execute(tx);
  const sequences = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(tx);

  const list: Table[] = tables.rows
    .filter((t) => !MIGRATION_TABLES.includes(t.name))
    .map((t) => ({
      name: t.name,
      columns: columns.rows
        .filter((c) => c.table_name === t.name)
        .map((c) => ({ name: c.name, type: c.type, nullable: !c.not_null, identityAlways: c.identity === 'a' })),
      key: constraints.rows.find((k) => k.table_name === t.name && k.kind === 'p')?.columns ?? [],
      references: constraints.rows
        .filter((k) => k.table_name === t.name && k.kind === 'f' && k.ref_table && !MIGRATION_TABLES.includes(k.ref_table))
        .map((k) => ({ columns: k.columns, table: k.ref_table!, to: k.ref_columns! })),
      readableByApp: t.readable,
      comment: t.comment ?? '',
    }));
  return { tables: orderByReferences(list), sequences: sequences.rows.map((s) => s.name) };
}

/**
 * Parents before children, by name among equals. A table that refers to itself comes after nothing new; a
 * circle of tables (none today) is broken at its first table by name, and restore writes the references
 * that point forward once every table is loaded.
 */
export function orderByReferences(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const waitingOn = new Map(tables.map((t) => [t.name, new Set(t.references.map((r) => r.table).filter((n) => n !== t.name && byName.has(n)))]));
  const ordered: Table[] = [];
  const left = new Set(tables.map((t) => t.name));
  while (left.size) {
    const ready = [...left].filter((n) => waitingOn.get(n)!.size === 0).sort();
    const next = ready.length ? ready : [[...left].sort()[0]!];
    for (const name of next) {
      left.delete(name);
      ordered.push(byName.get(name)!);
      for (const waiting of waitingOn.values()) waiting.delete(name);
    }
  }
  return ordered;
}

/** An identifier, quoted for SQL. */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Settings that make text forms of values the same on every server, whatever its configuration. */
export async function useExactText(tx: Tx): Promise<void> {
  await sql`select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
    set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true),
    set_config('bytea_output', 'hex', true)`.execute(tx);
}

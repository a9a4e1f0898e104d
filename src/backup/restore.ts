import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { migrationNames, type Store, type Tx } from '../core/db/database.ts';
import { quote, readCatalog, useExactText, type Catalog, type Table } from './catalog.ts';
import { emptyDatabaseCounts, rowCounts } from './empty.ts';
import type { Progress } from './export.ts';
import { BackupRefused, openBackup, type BackupHeader, type EndLine, type TableLine } from './format.ts';

export interface RestoreOptions {
  readonly file: string;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** The file as checkBackup found it, when the caller checked it before opening the database. */
  readonly checked?: CheckedBackup | undefined;
}

export interface RestoreSummary {
  readonly organisation: string | null;
  readonly createdAt: string;
  readonly tables: number;
  readonly rows: number;
  readonly sequences: number;
}

/** Rows per insert; a batch is also cut when its text passes BATCH_BYTES. */
const BATCH_ROWS = 500;
const BATCH_BYTES = 2_000_000;

/**
 * Loads a backup into an empty database, in one transaction: it is all there, or nothing is. The file is
 * read twice: once to check it whole (format, schema, checksum) before anything is written, then to load it,
 * checked again as it goes (a file changed in between rolls the load back). The database's own triggers
 * (the audit trail, append-only guards, defaults copied to a new council) are switched off for the load and
 * on again before it commits: the rows, audit rows included, go in exactly as they were.
 */
export async function restoreBackup(store: Store, options: RestoreOptions): Promise<RestoreSummary> {
  const name = path.basename(options.file);
  const checked = options.checked ?? (await checkBackup(options.file));
  const fileSchema = checked.header.schema.migrations;
  const unknown = fileSchema.find((m, i) => migrationNames[i] !== m);
  if (unknown !== undefined || fileSchema.length === 0) {
    throw new BackupRefused(`${name} was made by a newer version of Care Oversight (its schema includes ${unknown ?? 'no known migration'}): upgrade Care Oversight to restore it`);
  }
  const upTo = fileSchema.at(-1)!;

  const applied = await appliedMigrations(store);
  if (applied.length > fileSchema.length || applied.some((m, i) => fileSchema[i] !== m)) {
    throw new BackupRefused(
      `this database's schema is newer than ${name}'s (${applied.at(-1)} against ${upTo}): restore into a database that has not been migrated (a new DATA_DIR folder or a new PostgreSQL database)`,
    );
  }
  const wasMigrated = applied.length > 0;
  await store.migrate(upTo);
  if (wasMigrated) await assertEmpty(store, upTo);

  const summary = await store.db.transaction().execute((tx) => load(tx, options, checked));
  if (fileSchema.length < migrationNames.length) await store.migrate();
  // Fresh statistics for the planner: PGlite has no autovacuum to gather them.
  await sql`analyze`.execute(store.db);
  return summary;
}

export interface CheckedBackup {
  readonly header: BackupHeader;
  readonly tables: readonly TableLine[];
  readonly end: EndLine;
}

/** Reads the whole file, checking its checksum and counts, before the database is touched. */
export async function checkBackup(file: string): Promise<CheckedBackup> {
  const name = path.basename(file);
  const { header, lines } = await openBackup(file);
  const tables: TableLine[] = [];
  const counts = new Map<string, number>();
  let sequences = 0;
  let next = await lines.next();
  while (!next.done) {
    const line = next.value;
    if (line.kind === 'table') {
      tables.push(line.table);
      counts.set(line.table.table, 0);
    } else if (line.kind === 'row') {
      const current = tables.at(-1);
      if (!current) throw new BackupRefused(`${name} has been altered: a row comes before any table`);
      counts.set(current.table, counts.get(current.table)! + 1);
    } else sequences++;
    next = await lines.next();
  }
  const end = next.value;
  const expected = Object.entries(end.tables);
  if (expected.length !== counts.size || expected.some(([table, rows]) => counts.get(table) !== rows) || end.sequences !== sequences) {
    throw new BackupRefused(`${name} has been altered: its row counts do not match its contents`);
  }
  return { header, tables, end };
}

async function appliedMigrations(store: Store): Promise<string[]> {
  const exists = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(store.db);
  if (!exists.rows[0]!.found) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return rows.rows.map((r) => r.name);
}

/**
 * Empty means nothing but what the migrations themselves write (assessment framework templates and their
 * audit rows): every table holds as many rows as in a database just migrated to the same version.
 */
async function assertEmpty(store: Store, upTo: string): Promise<void> {
  const counts = await store.db.transaction().execute(async (tx) => rowCounts(tx, await readCatalog(tx)));
  if ([...counts.values()].every((n) => n === 0)) return;
  const fresh = await emptyDatabaseCounts(upTo);
  for (const [table, rows] of counts) {
    if (rows !== (fresh.get(table) ?? 0)) {
      throw new BackupRefused(
        `the database is not empty (${table} has ${rows} rows): restore only into an empty database (a new DATA_DIR folder or a new PostgreSQL database)`,
      );
    }
  }
}

interface Plan {
  readonly table: Table;
  readonly insert: string;
  /** References to a table loaded later (or to itself): written once every row is in. */
  readonly deferred: readonly number[];
  readonly keep: string | undefined;
}

async function load(tx: Tx, options: RestoreOptions, checked: CheckedBackup): Promise<RestoreSummary> {
  const name = path.basename(options.file);
  const run = (query: string, parameters: unknown[] = []) => tx.executeQuery(CompiledQuery.raw(query, parameters));
  await useExactText(tx);
  const catalog = await readCatalog(tx);
  const plans = planTables(name, catalog, checked.tables);

  const triggers = await sql<{ table_name: string; trigger: string }>`
    select c.relname as table_name, t.tgname as trigger from pg_trigger t join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and not t.tgisinternal and t.tgenabled <> 'D' order by 1, 2`.execute(tx);
  for (const t of triggers.rows) await run(`alter table ${quote(t.table_name)} disable trigger ${quote(t.trigger)}`);
  // The rows the migrations wrote (the checks above allow no others) make way for the backup's.
  await run(`truncate table ${catalog.tables.map((t) => quote(t.name)).join(', ')}`);
  for (const plan of plans.values()) {
    if (plan.keep) await run(`create temporary table ${plan.keep} (r jsonb not null) on commit drop`);
  }

  const { header, lines } = await openBackup(options.file);
  if (JSON.stringify(header) !== JSON.stringify(checked.header)) throw new BackupRefused(`${name} changed while it was being restored`);
  let plan: Plan | undefined;
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  let tablesDone = 0;
  const flush = async () => {
    if (!plan || !batch.length) return;
    const json = `[${batch.join(',')}]`;
    await run(plan.insert, [json]);
    if (plan.keep) {
      const present = plan.deferred.map((i) => `r->>${i} is not null`).join(' or ');
      await run(`insert into ${plan.keep} (r) select r from jsonb_array_elements($1::text::jsonb) r where ${present}`, [json]);
    }
    rows += batch.length;
    batch = [];
    bytes = 0;
    options.onProgress?.({ phase: 'restore', table: plan.table.name, tablesDone, tables: plans.size, rows });
  };
  let next = await lines.next();
  while (!next.done) {
    const line = next.value;
    if (line.kind === 'row') {
      batch.push(line.json);
      bytes += line.json.length;
      if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
    } else {
      await flush();
      if (line.kind === 'table') {
        if (plan) tablesDone++;
        plan = plans.get(line.table.table);
      } else {
        if (!catalog.sequences.includes(line.sequence.sequence)) throw new BackupRefused(`${name} does not match this database's schema: it has no sequence ${line.sequence.sequence}`);
        await run('select setval($1::text::regclass, $2::text::bigint, $3)', [quote(line.sequence.sequence), line.sequence.lastValue, line.sequence.isCalled]);
      }
    }
    next = await lines.next();
  }
  await flush();

  for (const plan of plans.values()) {
    if (!plan.keep) continue;
    const columns = plan.table.columns;
    const set = plan.deferred.map((i) => `${quote(columns[i]!.name)} = (d.r->>${i})::${columns[i]!.type}`).join(', ');
    const match = plan.table.key.map((k) => `t.${quote(k)} = (d.r->>${columns.findIndex((c) => c.name === k)})::${columns.find((c) => c.name === k)!.type}`).join(' and ');
    await run(`update ${quote(plan.table.name)} t set ${set} from ${plan.keep} d where ${match}`);
  }
  for (const t of triggers.rows) await run(`alter table ${quote(t.table_name)} enable trigger ${quote(t.trigger)}`);
  return {
    organisation: checked.header.organisation?.code ?? null,
    createdAt: checked.header.createdAt,
    tables: plans.size,
    rows,
    sequences: checked.end.sequences,
  };
}

/**
 * How each table in the file is loaded. The file must name exactly this database's tables and columns (it
 * was made at the same schema version); its order, parents first, is the order of loading.
 */
function planTables(name: string, catalog: Catalog, tables: readonly TableLine[]): Map<string, Plan> {
  const byName = new Map(catalog.tables.map((t) => [t.name, t]));
  const mismatch = (what: string) => new BackupRefused(`${name} does not match this database's schema: ${what}`);
  const extra = catalog.tables.find((t) => !tables.some((l) => l.table === t.name));
  if (extra) throw mismatch(`it has no table ${extra.name}`);
  const position = new Map(tables.map((l, i) => [l.table, i]));
  const plans = new Map<string, Plan>();
  for (const [index, line] of tables.entries()) {
    const found = byName.get(line.table);
    if (!found) throw mismatch(`this database has no table ${line.table}`);
    const fileColumns = line.columns.map((c) => c.name);
    const missing = found.columns.find((c) => !fileColumns.includes(c.name));
    if (missing) throw mismatch(`it has no column ${line.table}.${missing.name}`);
    const columns = fileColumns.map((column) => {
      const match = found.columns.find((c) => c.name === column);
      if (!match) throw mismatch(`this database has no column ${line.table}.${column}`);
      return match;
    });
    const table: Table = { ...found, columns };
    const later = new Set(
      table.references.filter((r) => (position.get(r.table) ?? -1) >= index).flatMap((r) => r.columns.map((c) => fileColumns.indexOf(c))),
    );
    for (const i of later) {
      if (!columns[i]!.nullable || !table.key.length) throw mismatch(`${line.table}.${columns[i]!.name} refers to a table restored after it`);
    }
    const deferred = [...later].sort((a, b) => a - b);
    const values = columns.map((c, i) => (later.has(i) ? 'null' : `(r->>${i})::${c.type}`));
    const overriding = columns.some((c) => c.identityAlways) ? ' overriding system value' : '';
    plans.set(line.table, {
      table,
      deferred,
      keep: deferred.length ? `restore_deferred_${index}` : undefined,
      insert: `insert into ${quote(line.table)} (${columns.map((c) => quote(c.name)).join(', ')})${overriding} select ${values.join(', ')} from jsonb_array_elements($1::text::jsonb) r`,
    });
  }
  return plans;
}

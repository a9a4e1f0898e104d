import { CompiledQuery, sql } from 'kysely';
import type { Store, Tx } from '../core/db/database.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { quote, readCatalog, useExactText, type Table } from './catalog.ts';
import { BackupWriter, FORMAT, FORMAT_VERSION, type BackupHeader, type OrganisationScope } from './format.ts';
import { scopeToCouncil, type Scope } from './scope.ts';

export interface ExportOptions {
  /** Where to write the backup (gzip-compressed JSON lines). */
  readonly file: string;
  /** One council's records, by its organisation code or id; the whole database without. */
  readonly council?: CouncilRef | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

export type CouncilRef = { readonly code: string } | { readonly id: string };

export interface Progress {
  readonly phase: 'export' | 'restore';
  readonly table: string;
  readonly tablesDone: number;
  readonly tables: number;
  readonly rows: number;
}

export interface ExportSummary {
  readonly file: string;
  readonly organisation: string | null;
  readonly tables: number;
  readonly rows: number;
  readonly sequences: number;
}

/** Rows per query: keyset pages, so memory stays flat however big a table is (PGlite cannot stream). */
const PAGE = 1000;

/**
 * A complete, consistent snapshot: one repeatable-read transaction, every table the catalog lists (or every
 * row one council owns), in the order of their references, then the sequences.
 */
export async function exportBackup(store: Store, options: ExportOptions): Promise<ExportSummary> {
  const writer = await BackupWriter.create(options.file);
  try {
    const summary = await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        await useExactText(tx);
        const catalog = await readCatalog(tx);
        const organisation = options.council ? await findCouncil(tx, options.council) : null;
        const scope = organisation ? await scopeToCouncil(tx, catalog.tables, organisation.id) : undefined;
        const header: BackupHeader = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          source: store.kind,
          schema: { migrations: await appliedMigrations(tx) },
          organisation,
        };
        await writer.line(JSON.stringify(header));
        const counts: Record<string, number> = {};
        let rows = 0;
        for (const [index, table] of catalog.tables.entries()) {
          await writer.line(JSON.stringify({ table: table.name, columns: table.columns.map((c) => ({ name: c.name, type: c.type })) }));
          counts[table.name] = 0;
          for await (const page of pages(tx, table, scope)) {
            for (const line of page) await writer.line(line);
            counts[table.name]! += page.length;
            rows += page.length;
            options.onProgress?.({ phase: 'export', table: table.name, tablesDone: index, tables: catalog.tables.length, rows });
          }
        }
        for (const name of catalog.sequences) {
          const value = await sql<{ last_value: string; is_called: boolean }>`select last_value::text as last_value, is_called from ${sql.table(name)}`.execute(tx);
          const { last_value: lastValue, is_called: isCalled } = value.rows[0]!;
          await writer.line(JSON.stringify({ sequence: name, lastValue, isCalled }));
        }
        options.onProgress?.({ phase: 'export', table: '', tablesDone: catalog.tables.length, tables: catalog.tables.length, rows });
        return { counts, rows, sequences: catalog.sequences.length, organisation };
      });
    await writer.finish({ tables: summary.counts, rows: summary.rows, sequences: summary.sequences });
    return {
      file: options.file,
      organisation: summary.organisation?.code ?? null,
      tables: Object.keys(summary.counts).length,
      rows: summary.rows,
      sequences: summary.sequences,
    };
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}

async function findCouncil(tx: Tx, council: CouncilRef): Promise<OrganisationScope> {
  const code = 'code' in council ? council.code.trim().toUpperCase() : undefined;
  const found = await tx
    .selectFrom('organisations')
    .select(['id', 'code', 'name'])
    .where((eb) => ('id' in council ? eb('id', '=', council.id) : eb('code', '=', code!)))
    .where('kind', '=', 'council')
    .executeTakeFirst();
  if (!found) throw code ? new Invalid([{ path: 'org', message: `No council has the code ${code}` }]) : new NotFound();
  return found;
}

export async function appliedMigrations(tx: Tx): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tx);
  return result.rows.map((r) => r.name);
}

/**
 * A table's rows, a page at a time, each row already written as its backup line by the database: a JSON
 * array of every column's text form. Pages follow the primary key (or the physical order of a table
 * without one), so each page is an index range, however far into the table.
 */
async function* pages(tx: Tx, table: Table, scope: Scope | undefined): AsyncGenerator<string[]> {
  const key = table.key.length ? table.key : ['ctid'];
  const keyTypes = table.key.length ? table.key.map((k) => table.columns.find((c) => c.name === k)!.type) : ['tid'];
  const inScope = scope?.get(table.name);
  if (scope && !inScope) return;
  const values = table.columns.map((c) => {
    const text = `t.${quote(c.name)}::text`;
    return inScope && inScope.secrets.includes(c.name) ? `case when s.own then ${text} end` : text;
  });
  const keyList = key.map((k) => `t.${quote(k)}`).join(', ');
  const join = inScope ? ` join ${inScope.table} s on ${inScope.on}` : '';
  let after: string[] | undefined;
  for (;;) {
    const where = after ? ` where (${keyList}) > (${key.map((_, i) => `$${i + 1}::text::${keyTypes[i]}`).join(', ')})` : '';
    const query = `select array_to_json(array[${values.join(', ')}]::text[])::text as line, ${key.map((k, i) => `t.${quote(k)}::text as k${i}`).join(', ')}
      from ${quote(table.name)} t${join}${where} order by ${keyList} limit ${PAGE}`;
    const { rows } = await tx.executeQuery<Record<string, string>>(CompiledQuery.raw(query, after ?? []));
    if (!rows.length) return;
    yield rows.map((r) => r.line!);
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    after = key.map((_, i) => last[`k${i}`]!);
  }
}

import { CompiledQuery } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { quote, type Table } from './catalog.ts';

/**
 * Which rows belong in one council's backup, decided from the catalog and the product's one tenancy
 * convention (a record names its council in `council_id`; an organisation is the council's when it is the
 * council or the council manages it):
 *
 *  - the council's own rows: its organisations, every row whose council_id is the council, and every row of a
 *    table without council_id whose references all lead to rows already chosen (its users, their API tokens
 *    and sessions, the ratings of its CQC imports…);
 *  - shared rows: those whose council_id is empty (the assessment framework templates, CQC imports for
 *    everyone), and tables that belong to nobody and that every signed-in user may read (the CQC register as
 *    imported) or whose catalog comment starts `backup: shared` (the concern reference counters);
 *  - then every row those refer to, so the backup restores on its own: another organisation a record names
 *    (partners it shares with), or one of its users. Rows of another council taken in this way lose their
 *    secrets (password hashes), as they do in the audit trail.
 *
 * Tables that belong to nobody and that the application may not read (the email outbox, rate limits) stay out.
 */
export interface ScopedTable {
  /** The temporary table holding the chosen rows' keys, and whether each is the council's own or shared. */
  readonly table: string;
  /** Joins it (as `s`) to the table (as `t`). */
  readonly on: string;
  /** Columns emptied in rows that are not the council's own. */
  readonly secrets: readonly string[];
}

export type Scope = ReadonlyMap<string, ScopedTable>;

const OWNER_COLUMN = 'council_id';
const SECRET_COLUMNS = ['password_hash'];
export const SHARED_COMMENT = 'backup: shared';

interface Keyed {
  readonly table: Table;
  readonly scoped: ScopedTable;
  /** Key columns of the temporary table, and the column of the table each holds (`ctid` without a key). */
  readonly keys: readonly { readonly column: string; readonly source: string }[];
}

/** The join condition between a scope table (alias `scope`) and its table (alias `alias`). */
const joinOn = (keys: Keyed['keys'], scope: string, alias: string) =>
  keys.map((k) => `${scope}.${quote(k.column)} = ${alias}.${k.source === 'ctid' ? 'ctid' : quote(k.source)}`).join(' and ');

export async function scopeToCouncil(tx: Tx, tables: readonly Table[], councilId: string): Promise<Scope> {
  const run = (query: string, parameters: unknown[] = []) => tx.executeQuery(CompiledQuery.raw(query, parameters));
  const tenant = tables.find((t) => tables.some((o) => o.references.some((r) => r.table === t.name && r.columns.length === 1 && r.columns[0] === OWNER_COLUMN)));
  if (!tenant || tenant.key.length !== 1) throw new Error(`no table is referred to by ${OWNER_COLUMN}: cannot tell which rows are a council's`);

  const keyed = new Map<string, Keyed>();
  for (const [index, table] of tables.entries()) {
    const name = `backup_scope_${index}`;
    const keys = table.key.length ? table.key.map((k) => ({ column: k, source: k })) : [{ column: 'row_ctid', source: 'ctid' }];
    const columns = keys.map((k) => (k.source === 'ctid' ? 't.ctid as row_ctid' : `t.${quote(k.source)}`)).join(', ');
    await run(`create temporary table ${name} on commit drop as select ${columns}, true as own from ${quote(table.name)} t where false`);
    await run(`alter table ${name} add primary key (${keys.map((k) => quote(k.column)).join(', ')})`);
    keyed.set(table.name, { table, keys, scoped: { table: name, on: joinOn(keys, 's', 't'), secrets: table.columns.filter((c) => SECRET_COLUMNS.includes(c.name)).map((c) => c.name) } });
  }

  // Rows of `from` (in which the chosen table is `t`) that match `where`.
  const choose = async (entry: Keyed, from: string, where: string, own: boolean, parameters: unknown[] = []) => {
    const keys = entry.keys.map((k) => `t.${k.source === 'ctid' ? 'ctid' : quote(k.source)}`).join(', ');
    const result = await run(
      `insert into ${entry.scoped.table} select distinct ${keys}, ${own} from ${from} where ${where} on conflict do nothing`,
      parameters,
    );
    return Number(result.numAffectedRows ?? 0);
  };
  const refersToChosen = (reference: Table['references'][number], alias: string) => {
    const parent = keyed.get(reference.table)!;
    const match = reference.columns.map((c, i) => `p.${quote(reference.to[i]!)} = ${alias}.${quote(c)}`).join(' and ');
    return `exists (select 1 from ${quote(reference.table)} p join ${parent.scoped.table} s on ${joinOn(parent.keys, 's', 'p')} where ${match} and s.own)`;
  };
  const present = (reference: Table['references'][number], alias: string) => reference.columns.map((c) => `${alias}.${quote(c)} is not null`).join(' and ');

  // The council's organisations first, then its own rows and the shared ones, parents first.
  const organisations = keyed.get(tenant.name)!;
  const selfReferences = tenant.references.filter((r) => r.table === tenant.name && r.columns.length === 1).map((r) => `t.${quote(r.columns[0]!)} = $1::text::uuid`);
  await choose(organisations, `${quote(tenant.name)} t`, [`t.${quote(tenant.key[0]!)} = $1::text::uuid`, ...selfReferences].join(' or '), true, [councilId]);
  const councilOrganisations = `(select s.${quote(organisations.keys[0]!.column)} from ${organisations.scoped.table} s)`;
  for (const table of tables) {
    if (table === tenant) continue;
    const entry = keyed.get(table.name)!;
    const from = `${quote(table.name)} t`;
    const owner = table.columns.find((c) => c.name === OWNER_COLUMN);
    const parents = table.references.filter((r) => r.table !== table.name && keyed.has(r.table));
    if (owner) {
      // A record of one of the council's organisations (the audit trail files a managed organisation's users under it).
      await choose(entry, from, `t.${quote(owner.name)} in ${councilOrganisations} or t.${quote(owner.name)} is null`, true);
    } else if (parents.length) {
      const somePresent = parents.map((r) => `(${present(r, 't')})`).join(' or ');
      const allChosen = parents.map((r) => `(not (${present(r, 't')}) or ${refersToChosen(r, 't')})`).join(' and ');
      await choose(entry, from, `(${somePresent}) and ${allChosen}`, true);
    } else if (table.readableByApp || table.comment.startsWith(SHARED_COMMENT)) {
      await choose(entry, from, 'true', true);
    }
  }

  // Everything the chosen rows refer to, until nothing new is found.
  for (let added = 1; added > 0; ) {
    added = 0;
    for (const table of tables) {
      const child = keyed.get(table.name)!;
      for (const reference of table.references) {
        const parent = keyed.get(reference.table);
        if (!parent) continue;
        const match = reference.columns.map((c, i) => `t.${quote(reference.to[i]!)} = c.${quote(c)}`).join(' and ');
        const from = `${quote(table.name)} c join ${child.scoped.table} cs on ${joinOn(child.keys, 'cs', 'c')} join ${quote(reference.table)} t on ${match}`;
        added += await choose(parent, from, 'true', false);
      }
    }
  }
  return new Map([...keyed].map(([name, entry]) => [name, entry.scoped]));
}

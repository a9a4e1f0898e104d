import type { Tx } from '../core/db/database.ts';

/** The reports capability's SQL: its commentary, and the names of what it reports on (readable by anyone). */

export async function organisation(tx: Tx, id: string) {
  return tx.selectFrom('organisations').select(['id', 'name', 'code', 'kind']).where('id', '=', id).executeTakeFirst();
}

/** The council's services with what the report groups and names them by, and whether it commissions them. */
export async function councilServices(tx: Tx, councilId: string) {
  return tx.selectFrom('services').select(['id', 'name', 'category', 'not_commissioned']).where('council_id', '=', councilId).orderBy('name').execute();
}

export async function commentaries(tx: Tx, councilId: string, year: number, quarter: number) {
  return tx
    .selectFrom('report_commentaries as c')
    .innerJoin('users as u', 'u.id', 'c.written_by')
    .select(['c.category', 'c.body', 'c.written_at', 'u.name as written_by_name'])
    .where('c.council_id', '=', councilId)
    .where('c.year', '=', year)
    .where('c.quarter', '=', quarter)
    .execute();
}

/** Writes (or rewrites) the commentary of a category and quarter; the audit trail keeps the text it replaces. */
export async function saveCommentary(tx: Tx, row: { councilId: string; category: string; year: number; quarter: number; body: string; writtenBy: string; writtenAt: Date }) {
  await tx
    .insertInto('report_commentaries')
    .values({ council_id: row.councilId, category: row.category, year: row.year, quarter: row.quarter, body: row.body, written_by: row.writtenBy, written_at: row.writtenAt })
    .onConflict((oc) => oc.columns(['council_id', 'category', 'year', 'quarter']).doUpdateSet({ body: row.body, written_by: row.writtenBy, written_at: row.writtenAt }))
    .execute();
}

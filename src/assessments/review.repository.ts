import type { Tx } from '../core/db/database.ts';

/** All SQL of the factual-accuracy review: its comments and confirmations, and how long the provider's window lasts. */

export async function factualAccuracyDays(tx: Tx, councilId: string): Promise<number | undefined> {
  const row = await tx.selectFrom('assessment_settings').select('factual_accuracy_days').where('council_id', '=', councilId).executeTakeFirst();
  return row?.factual_accuracy_days;
}

export async function saveFactualAccuracyDays(tx: Tx, councilId: string, days: number, userId: string) {
  await tx
    .insertInto('assessment_settings')
    .values({ council_id: councilId, factual_accuracy_days: days, updated_by: userId })
    .onConflict((oc) => oc.column('council_id').doUpdateSet({ factual_accuracy_days: days, updated_by: userId }))
    .execute();
}

export async function insertComment(
  tx: Tx,
  row: { councilId: string; assessmentId: string; userId: string; orgId: string; kind: 'comment' | 'accuracy_confirmed'; body: string | null; domainId: string | null },
) {
  await tx
    .insertInto('assessment_comments')
    .values({
      council_id: row.councilId,
      assessment_id: row.assessmentId,
      author_user_id: row.userId,
      author_org_id: row.orgId,
      kind: row.kind,
      body: row.body,
      domain_id: row.domainId,
    })
    .execute();
}

export async function listComments(tx: Tx, assessmentId: string) {
  return tx
    .selectFrom('assessment_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_user_id')
    .leftJoin('organisations as o', 'o.id', 'c.author_org_id')
    .select(['c.id', 'c.kind', 'c.body', 'c.domain_id', 'c.created_at', 'c.author_org_id', 'u.name as author_name', 'o.name as author_org_name', 'o.kind as author_org_kind'])
    .where('c.assessment_id', '=', assessmentId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

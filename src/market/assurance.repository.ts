import type { Tx } from '../core/db/database.ts';

/**
 * All SQL of daily assurance statements. A provider user reads only the requests for its own services (row-level
 * security: app_provides), never the plan behind them; the council reads its own.
 */

function requests(tx: Tx) {
  return tx
    .selectFrom('assurance_requests as r')
    .innerJoin('services as s', 's.id', 'r.service_id')
    .innerJoin('organisations as o', 'o.id', 'r.council_id')
    .select(['r.id', 'r.plan_id', 'r.council_id', 'o.name as council_name', 'r.service_id', 's.name as service_name', 'r.from_on', 'r.until_on']);
}

export async function visibleRequests(tx: Tx) {
  return requests(tx).orderBy('s.name').orderBy('r.from_on', 'desc').execute();
}

export async function requestsOfPlan(tx: Tx, planId: string) {
  return requests(tx).where('r.plan_id', '=', planId).orderBy('s.name').execute();
}

export async function findRequest(tx: Tx, id: string) {
  return requests(tx).where('r.id', '=', id).executeTakeFirst();
}

export async function statementsOf(tx: Tx, requestIds: readonly string[]) {
  if (!requestIds.length) return [];
  return tx
    .selectFrom('assurance_statements as a')
    .leftJoin('users as u', 'u.id', 'a.submitted_by')
    .select(['a.id', 'a.request_id', 'a.statement_on', 'a.care_delivered', 'a.staffing_safe', 'a.missed_calls', 'a.concerns', 'a.submitted_at', 'u.name as submitted_by_name'])
    .where('a.request_id', 'in', requestIds)
    .orderBy('a.statement_on', 'desc')
    .execute();
}

export async function insertStatement(
  tx: Tx,
  v: { requestId: string; councilId: string; serviceId: string; statementOn: string; careDelivered: boolean; staffingSafe: boolean; missedCalls: number; concerns: string | null; submittedBy: string },
) {
  return tx
    .insertInto('assurance_statements')
    .values({
      request_id: v.requestId,
      council_id: v.councilId,
      service_id: v.serviceId,
      statement_on: v.statementOn,
      care_delivered: v.careDelivered,
      staffing_safe: v.staffingSafe,
      missed_calls: v.missedCalls,
      concerns: v.concerns,
      submitted_by: v.submittedBy,
    })
    .onConflict((oc) => oc.columns(['request_id', 'statement_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

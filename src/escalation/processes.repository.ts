import type { Tx } from '../core/db/database.ts';

/**
 * All SQL about contractual processes (Remedies for Poor Performance, Failure to Perform). Row-level
 * security confines every query to the acting council's records.
 */

function processesQuery(tx: Tx) {
  return tx
    .selectFrom('contract_processes as x')
    .innerJoin('services as s', 's.id', 'x.service_id')
    .leftJoin('users as u', 'u.id', 'x.started_by')
    .select([
      'x.id',
      'x.council_id',
      'x.service_id',
      'x.kind',
      'x.reason',
      'x.started_on',
      'x.review_on',
      'x.status',
      'x.ended_on',
      'x.outcome',
      'x.created_at',
      'x.updated_at',
      's.name as service_name',
      'u.name as started_by_name',
    ]);
}

export type ProcessRow = NonNullable<Awaited<ReturnType<typeof findProcess>>>;

export async function findProcess(tx: Tx, id: string) {
  return processesQuery(tx).where('x.id', '=', id).executeTakeFirst();
}

export async function processesForService(tx: Tx, serviceId: string) {
  return processesQuery(tx).where('x.service_id', '=', serviceId).orderBy('x.started_on', 'desc').execute();
}

export async function openProcesses(tx: Tx) {
  return processesQuery(tx).where('x.status', '=', 'open').orderBy('x.started_on').execute();
}

export async function insertProcess(
  tx: Tx,
  values: { councilId: string; serviceId: string; kind: 'remedies_for_poor_performance' | 'failure_to_perform'; reason: string; startedOn: string; reviewOn: string | null; startedBy: string },
) {
  return tx
    .insertInto('contract_processes')
    .values({
      council_id: values.councilId,
      service_id: values.serviceId,
      kind: values.kind,
      reason: values.reason,
      started_on: values.startedOn,
      review_on: values.reviewOn,
      started_by: values.startedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function endProcess(tx: Tx, id: string, values: { endedOn: string; outcome: string; endedBy: string }) {
  await tx
    .updateTable('contract_processes')
    .set({ status: 'ended', ended_on: values.endedOn, outcome: values.outcome, ended_by: values.endedBy })
    .where('id', '=', id)
    .execute();
}

import type { Tx } from '../core/db/database.ts';

/**
 * All SQL about concerns procedure cases: their steps, the evidence they were opened on, meetings,
 * decisions and actions. Row-level security confines every query to the acting council's records.
 */

const caseColumns = [
  'c.id',
  'c.council_id',
  'c.service_id',
  'c.provider_id',
  'c.stage',
  'c.status',
  'c.reason',
  'c.opened_on',
  'c.opened_by',
  'c.closed_on',
  'c.created_at',
  'c.updated_at',
  's.name as service_name',
  'p.name as provider_name',
  'u.name as opened_by_name',
] as const;

function casesQuery(tx: Tx) {
  return tx
    .selectFrom('concerns_cases as c')
    .leftJoin('services as s', 's.id', 'c.service_id')
    .leftJoin('providers as p', 'p.id', 'c.provider_id')
    .leftJoin('users as u', 'u.id', 'c.opened_by')
    .select(caseColumns);
}

export type CaseRow = Awaited<ReturnType<typeof findCase>> & object;

export async function findCase(tx: Tx, id: string) {
  return casesQuery(tx).where('c.id', '=', id).executeTakeFirst();
}

export async function caseState(tx: Tx, id: string) {
  return tx.selectFrom('concerns_cases').select(['id', 'stage', 'status', 'opened_on']).where('id', '=', id).executeTakeFirst();
}

/** Row lock for a change of stage or closure: two commissioners acting at once apply one after the other. */
export async function lockCase(tx: Tx, id: string) {
  return tx.selectFrom('concerns_cases').select(['id', 'stage', 'status', 'opened_on']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Cases about the service itself and about any provider group it belongs to, newest first. */
export async function casesCovering(tx: Tx, serviceId: string, providerIds: readonly string[]) {
  return casesQuery(tx)
    .where((eb) => eb.or([eb('c.service_id', '=', serviceId), ...(providerIds.length ? [eb('c.provider_id', 'in', providerIds)] : [])]))
    .orderBy('c.opened_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}

export async function casesForProviders(tx: Tx, providerIds: readonly string[]) {
  if (!providerIds.length) return [];
  return casesQuery(tx).where('c.provider_id', 'in', providerIds).orderBy('c.opened_on', 'desc').execute();
}

export async function openCases(tx: Tx) {
  return casesQuery(tx).where('c.status', '=', 'open').orderBy('c.stage', 'desc').orderBy('c.opened_on').execute();
}

export async function insertCase(
  tx: Tx,
  values: { councilId: string; serviceId: string | null; providerId: string | null; stage: number; reason: string; openedOn: string; openedBy: string },
) {
  return tx
    .insertInto('concerns_cases')
    .values({
      council_id: values.councilId,
      service_id: values.serviceId,
      provider_id: values.providerId,
      stage: values.stage,
      reason: values.reason,
      opened_on: values.openedOn,
      opened_by: values.openedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setCaseStage(tx: Tx, id: string, stage: number) {
  await tx.updateTable('concerns_cases').set({ stage }).where('id', '=', id).execute();
}

export async function closeCase(tx: Tx, id: string, closedOn: string, closedBy: string) {
  await tx.updateTable('concerns_cases').set({ status: 'closed', closed_on: closedOn, closed_by: closedBy }).where('id', '=', id).execute();
}

export async function insertCaseEvent(
  tx: Tx,
  values: { councilId: string; caseId: string; kind: 'opened' | 'escalated' | 'de_escalated' | 'closed'; fromStage: number | null; toStage: number | null; reason: string; occurredOn: string; recordedBy: string },
) {
  await tx
    .insertInto('concerns_case_events')
    .values({
      council_id: values.councilId,
      case_id: values.caseId,
      kind: values.kind,
      from_stage: values.fromStage,
      to_stage: values.toStage,
      reason: values.reason,
      occurred_on: values.occurredOn,
      recorded_by: values.recordedBy,
    })
    .execute();
}

export async function caseEvents(tx: Tx, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return tx
    .selectFrom('concerns_case_events as e')
    .leftJoin('users as u', 'u.id', 'e.recorded_by')
    .select(['e.id', 'e.case_id', 'e.kind', 'e.from_stage', 'e.to_stage', 'e.reason', 'e.occurred_on', 'e.created_at', 'u.name as recorded_by_name'])
    .where('e.case_id', 'in', caseIds)
    .orderBy('e.occurred_on')
    .orderBy('e.created_at')
    .execute();
}

export async function insertEvidence(
  tx: Tx,
  councilId: string,
  caseId: string,
  items: readonly { kind: string; recordId: string; occurredOn: string; summary: string; href: string | undefined }[],
) {
  if (!items.length) return;
  await tx
    .insertInto('concerns_case_evidence')
    .values(
      items.map((i) => ({
        council_id: councilId,
        case_id: caseId,
        kind: i.kind,
        record_id: i.recordId,
        occurred_on: i.occurredOn,
        summary: i.summary.slice(0, 1000),
        href: i.href ?? null,
      })),
    )
    .execute();
}

export async function caseEvidence(tx: Tx, caseId: string) {
  return tx
    .selectFrom('concerns_case_evidence')
    .select(['id', 'kind', 'record_id', 'occurred_on', 'summary', 'href'])
    .where('case_id', '=', caseId)
    .orderBy('occurred_on', 'desc')
    .execute();
}

export async function insertMeeting(tx: Tx, values: { councilId: string; caseId: string; heldOn: string; attendees: unknown[]; notes: string | null; recordedBy: string }) {
  return tx
    .insertInto('concerns_meetings')
    .values({
      council_id: values.councilId,
      case_id: values.caseId,
      held_on: values.heldOn,
      attendees: JSON.stringify(values.attendees),
      notes: values.notes,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function meetings(tx: Tx, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return tx
    .selectFrom('concerns_meetings as m')
    .leftJoin('users as u', 'u.id', 'm.recorded_by')
    .select(['m.id', 'm.case_id', 'm.held_on', 'm.attendees', 'm.notes', 'm.created_at', 'u.name as recorded_by_name'])
    .where('m.case_id', 'in', caseIds)
    .orderBy('m.held_on')
    .orderBy('m.created_at')
    .execute();
}

export async function insertDecision(tx: Tx, values: { councilId: string; caseId: string; meetingId: string | null; decidedOn: string; decision: string; recordedBy: string }) {
  return tx
    .insertInto('concerns_decisions')
    .values({
      council_id: values.councilId,
      case_id: values.caseId,
      meeting_id: values.meetingId,
      decided_on: values.decidedOn,
      decision: values.decision,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function decisions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('concerns_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.recorded_by')
    .select(['d.id', 'd.meeting_id', 'd.decided_on', 'd.decision', 'u.name as recorded_by_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_on')
    .orderBy('d.created_at')
    .execute();
}

export async function insertAction(
  tx: Tx,
  values: { councilId: string; caseId: string; meetingId: string | null; description: string; ownerName: string; ownerOrganisationType: string; dueOn: string; recordedBy: string },
) {
  return tx
    .insertInto('concerns_actions')
    .values({
      council_id: values.councilId,
      case_id: values.caseId,
      meeting_id: values.meetingId,
      description: values.description,
      owner_name: values.ownerName,
      owner_organisation_type: values.ownerOrganisationType as 'council',
      due_on: values.dueOn,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function actions(tx: Tx, caseId: string) {
  return tx
    .selectFrom('concerns_actions')
    .select(['id', 'case_id', 'meeting_id', 'description', 'owner_name', 'owner_organisation_type', 'due_on', 'status', 'completed_on'])
    .where('case_id', '=', caseId)
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

/** The actions not yet done of the given cases, earliest due first: what may have fallen overdue. */
export async function openActions(tx: Tx, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return tx
    .selectFrom('concerns_actions')
    .select(['id', 'case_id', 'description', 'owner_name', 'owner_organisation_type', 'due_on', 'status'])
    .where('case_id', 'in', caseIds)
    .where('status', '=', 'open')
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

export async function findAction(tx: Tx, id: string) {
  return tx.selectFrom('concerns_actions').select(['id', 'case_id', 'status', 'created_at']).where('id', '=', id).executeTakeFirst();
}

export async function completeAction(tx: Tx, id: string, completedOn: string) {
  await tx.updateTable('concerns_actions').set({ status: 'done', completed_on: completedOn }).where('id', '=', id).execute();
}

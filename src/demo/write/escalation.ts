import type { Tx } from '../../core/db/database.ts';
import { paths } from '../../core/http/paths.ts';
import type { CaseRow, ContractProcessRow, SuspensionRow } from '../history/model.ts';
import { insertRows } from './bulk.ts';

/**
 * Concerns procedure cases with their events, meetings, decisions, actions and evidence; suspensions with
 * their events; contractual processes. Events are written as they happened, so the alert triggers write
 * each alert once (dated afterwards, see status.ts). The commissioner decides; the officer minutes.
 */

interface Who {
  readonly councilId: string;
  readonly commissionerId: string;
  readonly officerOf: (serviceId: string | null) => string;
}

const at = (day: string, time = '10:00:00') => `${day}T${time}Z`;

type Flat<T> = T & { councilId: string; caseId: string; recordedBy: string };

export async function writeEscalation(tx: Tx, who: Who, cases: readonly CaseRow[], suspensions: readonly SuspensionRow[], processes: readonly ContractProcessRow[]): Promise<void> {
  const { councilId, commissionerId } = who;
  await insertRows<CaseRow>(tx, 'concerns_cases', [
    { name: 'id', type: 'uuid', value: (c) => c.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (c) => c.serviceId },
    { name: 'provider_id', type: 'uuid', value: (c) => c.providerId },
    { name: 'stage', type: 'int', value: (c) => c.stage },
    { name: 'status', type: 'text', value: (c) => c.status },
    { name: 'reason', type: 'text', value: (c) => c.reason },
    { name: 'opened_on', type: 'date', value: (c) => c.openedOn },
    { name: 'opened_by', type: 'uuid', value: () => commissionerId },
    { name: 'closed_on', type: 'date', value: (c) => c.closedOn },
    { name: 'closed_by', type: 'uuid', value: (c) => (c.closedOn ? commissionerId : null) },
    { name: 'created_at', type: 'timestamptz', value: (c) => at(c.openedOn) },
    { name: 'updated_at', type: 'timestamptz', value: (c) => at(c.events.at(-1)!.occurredOn) },
  ], cases);

  const flat = <T,>(pick: (c: CaseRow) => readonly T[], by: (c: CaseRow) => string) =>
    cases.flatMap((c) => pick(c).map((x) => ({ ...x, councilId, caseId: c.id, recordedBy: by(c) })));
  const minute = (c: CaseRow) => who.officerOf(c.serviceId);
  const openedOn = new Map(cases.map((c) => [c.id, c.openedOn]));
  const heldOn = new Map(cases.flatMap((c) => c.meetings.map((m) => [m.id, m.heldOn] as const)));
  await insertRows<Flat<CaseRow['events'][number]>>(tx, 'concerns_case_events', [
    { name: 'id', type: 'uuid', value: (e) => e.id },
    { name: 'council_id', type: 'uuid', value: (e) => e.councilId },
    { name: 'case_id', type: 'uuid', value: (e) => e.caseId },
    { name: 'kind', type: 'text', value: (e) => e.kind },
    { name: 'from_stage', type: 'int', value: (e) => e.fromStage },
    { name: 'to_stage', type: 'int', value: (e) => e.toStage },
    { name: 'reason', type: 'text', value: (e) => e.reason },
    { name: 'occurred_on', type: 'date', value: (e) => e.occurredOn },
    { name: 'recorded_by', type: 'uuid', value: (e) => e.recordedBy },
    { name: 'created_at', type: 'timestamptz', value: (e) => at(e.occurredOn, '11:00:00') },
  ], flat((c) => c.events, () => commissionerId));
  await insertRows<Flat<CaseRow['evidence'][number]>>(tx, 'concerns_case_evidence', [
    { name: 'id', type: 'uuid', value: (e) => e.id },
    { name: 'council_id', type: 'uuid', value: (e) => e.councilId },
    { name: 'case_id', type: 'uuid', value: (e) => e.caseId },
    { name: 'kind', type: 'text', value: (e) => e.kind },
    { name: 'record_id', type: 'text', value: (e) => e.recordId },
    { name: 'occurred_on', type: 'date', value: (e) => e.occurredOn },
    { name: 'summary', type: 'text', value: (e) => e.summary },
    { name: 'href', type: 'text', value: (e) => paths.intelligence.show(e.recordId) },
    { name: 'created_at', type: 'timestamptz', value: (e) => at(openedOn.get(e.caseId)!) },
  ], flat((c) => c.evidence, () => commissionerId));
  await insertRows<Flat<CaseRow['meetings'][number]>>(tx, 'concerns_meetings', [
    { name: 'id', type: 'uuid', value: (m) => m.id },
    { name: 'council_id', type: 'uuid', value: (m) => m.councilId },
    { name: 'case_id', type: 'uuid', value: (m) => m.caseId },
    { name: 'held_on', type: 'date', value: (m) => m.heldOn },
    { name: 'attendees', type: 'jsonb', value: (m) => m.attendees },
    { name: 'notes', type: 'text', value: (m) => m.notes },
    { name: 'recorded_by', type: 'uuid', value: (m) => m.recordedBy },
    { name: 'created_at', type: 'timestamptz', value: (m) => at(m.heldOn, '15:00:00') },
    { name: 'updated_at', type: 'timestamptz', value: (m) => at(m.heldOn, '15:00:00') },
  ], flat((c) => c.meetings, minute));
  await insertRows<Flat<CaseRow['decisions'][number]>>(tx, 'concerns_decisions', [
    { name: 'id', type: 'uuid', value: (d) => d.id },
    { name: 'council_id', type: 'uuid', value: (d) => d.councilId },
    { name: 'case_id', type: 'uuid', value: (d) => d.caseId },
    { name: 'meeting_id', type: 'uuid', value: (d) => d.meetingId },
    { name: 'decided_on', type: 'date', value: (d) => d.decidedOn },
    { name: 'decision', type: 'text', value: (d) => d.decision },
    { name: 'recorded_by', type: 'uuid', value: (d) => d.recordedBy },
    { name: 'created_at', type: 'timestamptz', value: (d) => at(d.decidedOn, '15:30:00') },
    { name: 'updated_at', type: 'timestamptz', value: (d) => at(d.decidedOn, '15:30:00') },
  ], flat((c) => c.decisions, minute));
  await insertRows<Flat<CaseRow['actions'][number]>>(tx, 'concerns_actions', [
    { name: 'id', type: 'uuid', value: (a) => a.id },
    { name: 'council_id', type: 'uuid', value: (a) => a.councilId },
    { name: 'case_id', type: 'uuid', value: (a) => a.caseId },
    { name: 'meeting_id', type: 'uuid', value: (a) => a.meetingId },
    { name: 'description', type: 'text', value: (a) => a.description },
    { name: 'owner_name', type: 'text', value: (a) => a.ownerName },
    { name: 'owner_organisation_type', type: 'text', value: (a) => a.ownerOrganisationType },
    { name: 'due_on', type: 'date', value: (a) => a.dueOn },
    { name: 'status', type: 'text', value: (a) => (a.completedOn ? 'done' : 'open') },
    { name: 'completed_on', type: 'date', value: (a) => a.completedOn },
    { name: 'recorded_by', type: 'uuid', value: (a) => a.recordedBy },
    { name: 'created_at', type: 'timestamptz', value: (a) => at(a.meetingId ? heldOn.get(a.meetingId)! : a.dueOn, '15:45:00') },
    { name: 'updated_at', type: 'timestamptz', value: (a) => at(a.completedOn ?? a.dueOn, '15:45:00') },
  ], flat((c) => c.actions, minute));

  await insertRows<SuspensionRow>(tx, 'suspensions', [
    { name: 'id', type: 'uuid', value: (s) => s.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (s) => s.serviceId },
    { name: 'scope', type: 'text', value: (s) => s.scope },
    { name: 'detail', type: 'text', value: (s) => s.detail },
    { name: 'reason', type: 'text', value: (s) => s.reason },
    { name: 'starts_on', type: 'date', value: (s) => s.startsOn },
    { name: 'review_on', type: 'date', value: (s) => s.reviewOn },
    { name: 'scope_since', type: 'date', value: (s) => s.scopeSince },
    { name: 'status', type: 'text', value: (s) => (s.liftedOn ? 'lifted' : 'active') },
    { name: 'lifted_on', type: 'date', value: (s) => s.liftedOn },
    { name: 'created_by', type: 'uuid', value: () => commissionerId },
    { name: 'created_at', type: 'timestamptz', value: (s) => at(s.startsOn) },
    { name: 'updated_at', type: 'timestamptz', value: (s) => at(s.events.at(-1)!.occurredOn) },
  ], suspensions);
  const events = suspensions.flatMap((s) => s.events.map((e) => ({ ...e, suspensionId: s.id })));
  await insertRows<(typeof events)[number]>(tx, 'suspension_events', [
    { name: 'id', type: 'uuid', value: (e) => e.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'suspension_id', type: 'uuid', value: (e) => e.suspensionId },
    { name: 'kind', type: 'text', value: (e) => e.kind },
    { name: 'occurred_on', type: 'date', value: (e) => e.occurredOn },
    { name: 'scope_after', type: 'text', value: (e) => e.scopeAfter },
    { name: 'detail_after', type: 'text', value: (e) => e.detailAfter },
    { name: 'reason', type: 'text', value: (e) => e.reason },
    { name: 'recorded_by', type: 'uuid', value: () => commissionerId },
    { name: 'created_at', type: 'timestamptz', value: (e) => at(e.occurredOn, '12:00:00') },
  ], events);

  await insertRows<ContractProcessRow>(tx, 'contract_processes', [
    { name: 'id', type: 'uuid', value: (p) => p.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (p) => p.serviceId },
    { name: 'kind', type: 'text', value: (p) => p.kind },
    { name: 'reason', type: 'text', value: (p) => p.reason },
    { name: 'started_on', type: 'date', value: (p) => p.startedOn },
    { name: 'review_on', type: 'date', value: (p) => p.reviewOn },
    { name: 'status', type: 'text', value: (p) => (p.endedOn ? 'ended' : 'open') },
    { name: 'ended_on', type: 'date', value: (p) => p.endedOn },
    { name: 'outcome', type: 'text', value: (p) => p.outcome },
    { name: 'started_by', type: 'uuid', value: () => commissionerId },
    { name: 'ended_by', type: 'uuid', value: (p) => (p.endedOn ? commissionerId : null) },
    { name: 'created_at', type: 'timestamptz', value: (p) => at(p.startedOn) },
    { name: 'updated_at', type: 'timestamptz', value: (p) => at(p.endedOn ?? p.startedOn) },
  ], processes);
}

import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import type { TimelineEvent, TimelineSource } from '../core/http/extensions.ts';
import * as repo from './cases.repository.ts';
import { checkEventDate, checkStageChange, isCaseActionOverdue, type AttendeeOrganisationType } from './escalation.rules.ts';
import type { ActionInput, CloseCaseInput, CompleteActionInput, DecisionInput, MeetingInput, OpenCaseInput, StageChangeInput } from './escalation.schemas.ts';
import { findProvider, findService } from './subjects.repository.ts';

/**
 * A concerns case (the Concerns / Serious Concerns procedure) about a service or a whole provider group:
 * opening it on evidence from the service's timeline, moving it between stages, closing it, and the
 * meetings, decisions and actions recorded along the way.
 */

export interface Attendee {
  readonly name: string;
  readonly organisationType: AttendeeOrganisationType;
  readonly organisation?: string | undefined;
}

export interface ConcernsCase {
  readonly id: string;
  readonly subject: { readonly kind: 'service' | 'provider_group'; readonly id: string; readonly name: string };
  readonly stage: number;
  readonly status: 'open' | 'closed';
  readonly reason: string;
  readonly openedOn: string;
  readonly openedBy: string | null;
  readonly closedOn: string | null;
  readonly updatedAt: Date;
  /** Actions of the case (open cases only) whose due date has passed without being done. */
  readonly overdueActions: number;
}

interface CaseEvent {
  readonly id: string;
  readonly kind: 'opened' | 'escalated' | 'de_escalated' | 'closed';
  readonly fromStage: number | null;
  readonly toStage: number | null;
  readonly reason: string;
  readonly occurredOn: string;
  readonly recordedBy: string | null;
}

export interface CaseDetail extends ConcernsCase {
  readonly events: CaseEvent[];
  readonly evidence: { id: string; kind: string; recordId: string; occurredOn: string; summary: string; href: string | null }[];
  readonly meetings: { id: string; heldOn: string; attendees: Attendee[]; notes: string | null; recordedBy: string | null }[];
  readonly decisions: { id: string; meetingId: string | null; decidedOn: string; decision: string; recordedBy: string | null }[];
  readonly actions: {
    id: string;
    meetingId: string | null;
    description: string;
    ownerName: string;
    ownerOrganisationType: AttendeeOrganisationType;
    dueOn: string;
    status: 'open' | 'done';
    completedOn: string | null;
    overdue: boolean;
  }[];
}

export interface CasesOptions {
  /** Every capability's timeline sources, read when a case is opened to link its evidence. */
  readonly timeline?: () => readonly TimelineSource[];
}

export function toCase(row: repo.CaseRow, overdueActions = 0): ConcernsCase {
  const subject = row.service_id
    ? { kind: 'service' as const, id: row.service_id, name: row.service_name ?? '' }
    : { kind: 'provider_group' as const, id: row.provider_id!, name: row.provider_name ?? '' };
  return {
    id: row.id,
    subject,
    stage: row.stage,
    status: row.status,
    reason: row.reason,
    openedOn: row.opened_on,
    openedBy: row.opened_by_name,
    closedOn: row.closed_on,
    updatedAt: row.updated_at,
    overdueActions,
  };
}

/** Case rows as cases, each with the number of its actions now overdue. */
export async function casesWithOverdue(tx: Tx, rows: repo.CaseRow[]): Promise<ConcernsCase[]> {
  const day = today();
  const open = await repo.openActions(tx, rows.filter((r) => r.status === 'open').map((r) => r.id));
  return rows.map((row) => toCase(row, open.filter((a) => a.case_id === row.id && isCaseActionOverdue({ status: a.status, dueOn: a.due_on }, row.status, day)).length));
}

async function loadCase(tx: Tx, id: string): Promise<CaseDetail> {
  const row = await repo.findCase(tx, id);
  if (!row) throw new NotFound('Concerns case');
  const day = today();
  const [events, evidence, meetings, decisions, actions] = [
    await repo.caseEvents(tx, [id]),
    await repo.caseEvidence(tx, id),
    await repo.meetings(tx, [id]),
    await repo.decisions(tx, id),
    await repo.actions(tx, id),
  ];
  const overdue = (a: (typeof actions)[number]) => isCaseActionOverdue({ status: a.status, dueOn: a.due_on }, row.status, day);
  return {
    ...toCase(row, actions.filter(overdue).length),
    events: events.map((e) => ({ id: e.id, kind: e.kind, fromStage: e.from_stage, toStage: e.to_stage, reason: e.reason, occurredOn: e.occurred_on, recordedBy: e.recorded_by_name })),
    evidence: evidence.map((e) => ({ id: e.id, kind: e.kind, recordId: e.record_id, occurredOn: e.occurred_on, summary: e.summary, href: e.href })),
    meetings: meetings.map((m) => ({ id: m.id, heldOn: m.held_on, attendees: m.attendees as Attendee[], notes: m.notes, recordedBy: m.recorded_by_name })),
    decisions: decisions.map((d) => ({ id: d.id, meetingId: d.meeting_id, decidedOn: d.decided_on, decision: d.decision, recordedBy: d.recorded_by_name })),
    actions: actions.map((a) => ({
      id: a.id,
      meetingId: a.meeting_id,
      description: a.description,
      ownerName: a.owner_name,
      ownerOrganisationType: a.owner_organisation_type,
      dueOn: a.due_on,
      status: a.status,
      completedOn: a.completed_on,
      overdue: overdue(a),
    })),
  };
}

/** Meetings, decisions and actions need an open case; officers record them but may not lock (update) the case. */
async function openCaseFor(tx: Tx, caseId: string) {
  const current = await repo.caseState(tx, caseId);
  if (!current) throw new NotFound('Concerns case');
  if (current.status !== 'open') throw new Conflict('This concerns case is closed');
  return current;
}

async function checkMeeting(tx: Tx, caseId: string, meetingId: string | undefined) {
  if (!meetingId) return null;
  const found = (await repo.meetings(tx, [caseId])).some((m) => m.id === meetingId);
  if (!found) throw new Invalid([{ path: 'meetingId', message: 'Select a meeting of this case' }]);
  return meetingId;
}

export function casesService(store: Store, options: CasesOptions = {}) {
  /** Timeline entries of the service from the other capabilities, to link as a case's evidence. */
  async function evidenceChoices(actor: Actor, serviceId: string): Promise<TimelineEvent[]> {
    authorise(actor, 'escalation.read');
    const sources = options.timeline?.() ?? [];
    const events = (await Promise.all(sources.map((source) => source(actor, serviceId)))).flat();
    return events.filter((e) => e.kind !== 'escalation').sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
  }

  async function openCase(actor: Actor, target: { serviceId: string } | { providerId: string }, input: OpenCaseInput) {
    authorise(actor, 'escalation.decide');
    const openedOn = input.openedOn ?? today();
    checkEventDate('openedOn', openedOn, today());
    const wanted = input.evidence ?? [];
    // Read before this unit of work: the timeline's sources are other capabilities' services.
    const timeline = wanted.length && 'serviceId' in target ? await evidenceChoices(actor, target.serviceId) : [];
    const evidence = wanted.map((w, index) => {
      const found = timeline.find((e) => e.kind === w.kind && e.recordId === w.recordId);
      if (!found) throw new Invalid([{ path: `evidence.${index}`, message: 'Select evidence from the service’s timeline' }]);
      return { kind: found.kind, recordId: found.recordId, occurredOn: found.occurredOn, summary: found.summary, href: found.href };
    });
    return store.asUser(actor, async (tx) => {
      let councilId: string;
      if ('serviceId' in target) {
        const service = await findService(tx, target.serviceId);
        if (!service) throw new NotFound('Service');
        councilId = service.council_id;
      } else {
        const provider = await findProvider(tx, target.providerId);
        if (!provider) throw new NotFound('Provider');
        councilId = provider.council_id;
      }
      const serviceId = 'serviceId' in target ? target.serviceId : null;
      const providerId = 'providerId' in target ? target.providerId : null;
      const open = (await (serviceId ? repo.casesCovering(tx, serviceId, []) : repo.casesForProviders(tx, [providerId!]))).find((c) => c.status === 'open');
      if (open) throw new Conflict('A concerns case is already open: escalate or de-escalate it instead');
      const { id } = await repo.insertCase(tx, { councilId, serviceId, providerId, stage: input.stage, reason: input.reason, openedOn, openedBy: actor.userId });
      await repo.insertCaseEvent(tx, { councilId, caseId: id, kind: 'opened', fromStage: null, toStage: input.stage, reason: input.reason, occurredOn: openedOn, recordedBy: actor.userId });
      await repo.insertEvidence(tx, councilId, id, evidence);
      return loadCase(tx, id);
    });
  }

  async function changeStage(actor: Actor, id: string, direction: 'escalate' | 'de_escalate', input: StageChangeInput) {
    authorise(actor, 'escalation.decide');
    return store.asUser(actor, async (tx) => {
      const current = await repo.lockCase(tx, id);
      if (!current) throw new NotFound('Concerns case');
      const detail = await loadCase(tx, id);
      checkStageChange(current, direction, input.stage);
      const on = input.on ?? today();
      checkEventDate('on', on, today(), { date: detail.events.at(-1)?.occurredOn ?? current.opened_on, what: 'the last change to the case' });
      await repo.setCaseStage(tx, id, input.stage);
      await repo.insertCaseEvent(tx, {
        councilId: actor.orgId,
        caseId: id,
        kind: direction === 'escalate' ? 'escalated' : 'de_escalated',
        fromStage: current.stage,
        toStage: input.stage,
        reason: input.reason,
        occurredOn: on,
        recordedBy: actor.userId,
      });
      return loadCase(tx, id);
    });
  }

  async function closeCase(actor: Actor, id: string, input: CloseCaseInput) {
    authorise(actor, 'escalation.decide');
    return store.asUser(actor, async (tx) => {
      const current = await repo.lockCase(tx, id);
      if (!current) throw new NotFound('Concerns case');
      if (current.status !== 'open') throw new Conflict('This concerns case is already closed');
      const detail = await loadCase(tx, id);
      const closedOn = input.closedOn ?? today();
      checkEventDate('closedOn', closedOn, today(), { date: detail.events.at(-1)?.occurredOn ?? current.opened_on, what: 'the last change to the case' });
      await repo.closeCase(tx, id, closedOn, actor.userId);
      await repo.insertCaseEvent(tx, { councilId: actor.orgId, caseId: id, kind: 'closed', fromStage: current.stage, toStage: null, reason: input.reason, occurredOn: closedOn, recordedBy: actor.userId });
      return loadCase(tx, id);
    });
  }

  async function addMeeting(actor: Actor, caseId: string, input: MeetingInput) {
    authorise(actor, 'escalation.record');
    checkEventDate('heldOn', input.heldOn, today());
    return store.asUser(actor, async (tx) => {
      await openCaseFor(tx, caseId);
      const { id } = await repo.insertMeeting(tx, {
        councilId: actor.orgId,
        caseId,
        heldOn: input.heldOn,
        attendees: input.attendees.map((a) => ({ name: a.name, organisationType: a.organisationType, ...(a.organisation ? { organisation: a.organisation } : {}) })),
        notes: input.notes ?? null,
        recordedBy: actor.userId,
      });
      for (const decision of input.decisions ?? []) {
        await repo.insertDecision(tx, { councilId: actor.orgId, caseId, meetingId: id, decidedOn: input.heldOn, decision, recordedBy: actor.userId });
      }
      return loadCase(tx, caseId);
    });
  }

  async function addDecision(actor: Actor, caseId: string, input: DecisionInput) {
    authorise(actor, 'escalation.record');
    checkEventDate('decidedOn', input.decidedOn, today());
    return store.asUser(actor, async (tx) => {
      await openCaseFor(tx, caseId);
      const meetingId = await checkMeeting(tx, caseId, input.meetingId);
      await repo.insertDecision(tx, { councilId: actor.orgId, caseId, meetingId, decidedOn: input.decidedOn, decision: input.decision, recordedBy: actor.userId });
      return loadCase(tx, caseId);
    });
  }

  async function addAction(actor: Actor, caseId: string, input: ActionInput) {
    authorise(actor, 'escalation.record');
    return store.asUser(actor, async (tx) => {
      await openCaseFor(tx, caseId);
      const meetingId = await checkMeeting(tx, caseId, input.meetingId);
      await repo.insertAction(tx, {
        councilId: actor.orgId,
        caseId,
        meetingId,
        description: input.description,
        ownerName: input.ownerName,
        ownerOrganisationType: input.ownerOrganisationType,
        dueOn: input.dueOn,
        recordedBy: actor.userId,
      });
      return loadCase(tx, caseId);
    });
  }

  async function completeAction(actor: Actor, actionId: string, input: CompleteActionInput) {
    authorise(actor, 'escalation.record');
    const completedOn = input.completedOn ?? today();
    checkEventDate('completedOn', completedOn, today());
    return store.asUser(actor, async (tx) => {
      const action = await repo.findAction(tx, actionId);
      if (!action) throw new NotFound('Action');
      if (action.status === 'done') throw new Conflict('This action is already done');
      await repo.completeAction(tx, actionId, completedOn);
      return loadCase(tx, action.case_id);
    });
  }

  return {
    evidenceChoices,
    openCase,
    escalate: (actor: Actor, id: string, input: StageChangeInput) => changeStage(actor, id, 'escalate', input),
    deEscalate: (actor: Actor, id: string, input: StageChangeInput) => changeStage(actor, id, 'de_escalate', input),
    closeCase,
    addMeeting,
    addDecision,
    addAction,
    completeAction,

    async getCase(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadCase(tx, id));
    },
  };
}

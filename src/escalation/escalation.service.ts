import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import type { TimelineEvent, TimelineSource } from '../core/http/extensions.ts';
import { parse } from '../core/forms.ts';
import type { ContractProcessKind } from '../status/status.rules.ts';
import { paths } from '../core/http/paths.ts';
import * as repo from './escalation.repository.ts';
import { caseEventLine, meetingLine, processLines, suspensionEventLine } from './escalation.view.ts';
import {
  checkEventDate,
  checkStageChange,
  isCaseActionOverdue,
  isProcessReviewOverdue,
  isSuspensionReviewOverdue,
  planLift,
  planReinstate,
  ukToday,
  type AttendeeOrganisationType,
  type SuspensionEventKind,
  type SuspensionScope,
} from './escalation.rules.ts';
import {
  actionSchema,
  closeCaseSchema,
  completeActionSchema,
  decisionSchema,
  endProcessSchema,
  liftFormSchema,
  liftSchema,
  meetingSchema,
  openCaseSchema,
  processSchema,
  reinstateSchema,
  reviewDateSchema,
  stageChangeSchema,
  suspensionSchema,
} from './escalation.schemas.ts';

/** Domain objects of escalation: what the pages and the API see. */

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

export interface CaseEvent {
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

/** An action past its due date, with the case it belongs to, for the overview. */
export interface OverdueAction {
  readonly id: string;
  readonly caseId: string;
  readonly subject: ConcernsCase['subject'];
  readonly description: string;
  readonly ownerName: string;
  readonly ownerOrganisationType: AttendeeOrganisationType;
  readonly dueOn: string;
}

export interface SuspensionEvent {
  readonly id: string;
  readonly kind: SuspensionEventKind;
  readonly occurredOn: string;
  readonly scopeAfter: SuspensionScope | null;
  readonly detailAfter: string | null;
  readonly reason: string;
  readonly recordedBy: string | null;
}

export interface Suspension {
  readonly id: string;
  readonly service: { readonly id: string; readonly name: string; readonly postcode: string };
  readonly provider: { readonly id: string; readonly name: string };
  readonly scope: SuspensionScope;
  readonly detail: string | null;
  readonly reason: string;
  readonly startsOn: string;
  readonly reviewOn: string | null;
  readonly scopeSince: string;
  readonly status: 'active' | 'lifted';
  readonly liftedOn: string | null;
  readonly lastEventOn: string;
  readonly updatedAt: Date;
  /** In force and its review date has passed. */
  readonly reviewOverdue: boolean;
  readonly events: SuspensionEvent[];
}

export interface ContractProcess {
  readonly id: string;
  readonly service: { readonly id: string; readonly name: string };
  readonly kind: ContractProcessKind;
  readonly reason: string;
  readonly startedOn: string;
  readonly reviewOn: string | null;
  readonly status: 'open' | 'ended';
  readonly endedOn: string | null;
  readonly outcome: string | null;
  readonly startedBy: string | null;
  /** Open and its review date has passed. */
  readonly reviewOverdue: boolean;
}

export interface EscalationOptions {
  /** Today in the UK (yyyy-mm-dd); tests pass a fixed day. */
  readonly today?: () => string;
  /** Every capability's timeline sources, read when a case is opened to link its evidence. */
  readonly timeline?: () => readonly TimelineSource[];
}

function toCase(row: NonNullable<Awaited<ReturnType<typeof repo.findCase>>>, overdueActions = 0): ConcernsCase {
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

function toSuspension(row: repo.SuspensionRow, events: Awaited<ReturnType<typeof repo.suspensionEvents>>, today: string): Suspension {
  return {
    id: row.id,
    service: { id: row.service_id, name: row.service_name, postcode: row.postcode },
    provider: { id: row.provider_id, name: row.provider_name },
    scope: row.scope,
    detail: row.detail,
    reason: row.reason,
    startsOn: row.starts_on,
    reviewOn: row.review_on,
    scopeSince: row.scope_since,
    status: row.status,
    liftedOn: row.lifted_on,
    lastEventOn: (row.last_event_on) ?? row.starts_on,
    updatedAt: row.updated_at,
    reviewOverdue: isSuspensionReviewOverdue({ status: row.status, reviewOn: row.review_on }, today),
    events: events
      .filter((e) => e.suspension_id === row.id)
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        occurredOn: e.occurred_on,
        scopeAfter: e.scope_after,
        detailAfter: e.detail_after,
        reason: e.reason,
        recordedBy: e.recorded_by_name,
      })),
  };
}

function toProcess(row: repo.ProcessRow, today: string): ContractProcess {
  return {
    id: row.id,
    service: { id: row.service_id, name: row.service_name },
    kind: row.kind,
    reason: row.reason,
    startedOn: row.started_on,
    reviewOn: row.review_on,
    status: row.status,
    endedOn: row.ended_on,
    outcome: row.outcome,
    startedBy: row.started_by_name,
    reviewOverdue: isProcessReviewOverdue({ status: row.status, reviewOn: row.review_on }, today),
  };
}

export function escalationService(store: Store, options: EscalationOptions = {}) {
  const today = options.today ?? (() => ukToday());

  async function visibleService(tx: Tx, serviceId: string) {
    const service = await repo.findService(tx, serviceId);
    if (!service) throw new NotFound('Service');
    return service;
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

  async function loadSuspension(tx: Tx, id: string): Promise<Suspension> {
    const row = await repo.findSuspension(tx, id);
    if (!row) throw new NotFound('Suspension');
    return toSuspension(row, await repo.suspensionEvents(tx, [id]), today());
  }

  async function loadProcess(tx: Tx, id: string): Promise<ContractProcess> {
    const row = await repo.findProcess(tx, id);
    if (!row) throw new NotFound('Contractual process');
    return toProcess(row, today());
  }

  /** Case rows as cases, each with the number of its actions now overdue. */
  async function casesWithOverdue(tx: Tx, rows: repo.CaseRow[]): Promise<ConcernsCase[]> {
    const day = today();
    const open = await repo.openActions(tx, rows.filter((r) => r.status === 'open').map((r) => r.id));
    return rows.map((row) => toCase(row, open.filter((a) => a.case_id === row.id && isCaseActionOverdue({ status: a.status, dueOn: a.due_on }, row.status, day)).length));
  }

  /** Timeline entries of the service from the other capabilities, to link as a case's evidence. */
  async function evidenceChoices(actor: Actor, serviceId: string): Promise<TimelineEvent[]> {
    authorise(actor, 'escalation.read');
    const sources = options.timeline?.() ?? [];
    const events = (await Promise.all(sources.map((source) => source(actor, serviceId)))).flat();
    return events.filter((e) => e.kind !== 'escalation').sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
  }

  async function openCase(actor: Actor, target: { serviceId: string } | { providerId: string }, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(openCaseSchema, body);
    const openedOn = input.openedOn ?? today();
    checkEventDate('openedOn', openedOn, today());
    const wanted = input.evidence ?? [];
    // The timeline is read before the unit of work: its sources open their own.
    const timeline = wanted.length && 'serviceId' in target ? await evidenceChoices(actor, target.serviceId) : [];
    const evidence = wanted.map((w, index) => {
      const found = timeline.find((e) => e.kind === w.kind && e.recordId === w.recordId);
      if (!found) throw new Invalid([{ path: `evidence.${index}`, message: 'Select evidence from the service’s timeline' }]);
      return { kind: found.kind, recordId: found.recordId, occurredOn: found.occurredOn, summary: found.summary, href: found.href };
    });
    return store.asUser(actor, async (tx) => {
      let councilId: string;
      if ('serviceId' in target) {
        councilId = (await visibleService(tx, target.serviceId)).council_id;
      } else {
        const provider = await repo.findProvider(tx, target.providerId);
        if (!provider) throw new NotFound('Provider');
        councilId = provider.council_id;
      }
      const serviceId = 'serviceId' in target ? target.serviceId : null;
      const providerId = 'providerId' in target ? target.providerId : null;
      const open = (await (serviceId ? repo.casesCovering(tx, serviceId, []) : repo.casesForProviders(tx, [providerId!]))).find((c) => c.status === 'open');
      if (open) throw new Conflict('A concerns case is already open: escalate or de-escalate it instead', 'stage');
      const { id } = await repo.insertCase(tx, { councilId, serviceId, providerId, stage: input.stage, reason: input.reason, openedOn, openedBy: actor.userId });
      await repo.insertCaseEvent(tx, { councilId, caseId: id, kind: 'opened', fromStage: null, toStage: input.stage, reason: input.reason, occurredOn: openedOn, recordedBy: actor.userId });
      await repo.insertEvidence(tx, councilId, id, evidence);
      return loadCase(tx, id);
    });
  }

  async function changeStage(actor: Actor, id: string, direction: 'escalate' | 'de_escalate', body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(stageChangeSchema, body);
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

  async function closeCase(actor: Actor, id: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(closeCaseSchema, body);
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

  async function addMeeting(actor: Actor, caseId: string, body: unknown) {
    authorise(actor, 'escalation.record');
    const input = parse(meetingSchema, body);
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

  async function addDecision(actor: Actor, caseId: string, body: unknown) {
    authorise(actor, 'escalation.record');
    const input = parse(decisionSchema, body);
    checkEventDate('decidedOn', input.decidedOn, today());
    return store.asUser(actor, async (tx) => {
      await openCaseFor(tx, caseId);
      const meetingId = await checkMeeting(tx, caseId, input.meetingId);
      await repo.insertDecision(tx, { councilId: actor.orgId, caseId, meetingId, decidedOn: input.decidedOn, decision: input.decision, recordedBy: actor.userId });
      return loadCase(tx, caseId);
    });
  }

  async function addAction(actor: Actor, caseId: string, body: unknown) {
    authorise(actor, 'escalation.record');
    const input = parse(actionSchema, body);
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

  async function completeAction(actor: Actor, actionId: string, body: unknown) {
    authorise(actor, 'escalation.record');
    const input = parse(completeActionSchema, body);
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

  async function suspend(actor: Actor, serviceId: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(suspensionSchema, body);
    checkEventDate('startsOn', input.startsOn, today());
    return store.asUser(actor, async (tx) => {
      const service = await visibleService(tx, serviceId);
      const active = (await repo.suspensionsForService(tx, serviceId)).find((s) => s.status === 'active');
      if (active) throw new Conflict('New placements at this service are already suspended: change or lift that suspension instead', 'scope');
      const detail = input.scope === 'partial' ? (input.detail ?? null) : null;
      const { id } = await repo.insertSuspension(tx, {
        councilId: service.council_id,
        serviceId,
        scope: input.scope,
        detail,
        reason: input.reason,
        startsOn: input.startsOn,
        reviewOn: input.reviewOn ?? null,
        createdBy: actor.userId,
      });
      await repo.insertSuspensionEvent(tx, { councilId: service.council_id, suspensionId: id, kind: 'started', occurredOn: input.startsOn, scopeAfter: input.scope, detailAfter: detail, reason: input.reason, recordedBy: actor.userId });
      return loadSuspension(tx, id);
    });
  }

  async function lift(actor: Actor, id: string, body: unknown, from: 'form' | 'api' = 'api') {
    authorise(actor, 'escalation.decide');
    const input = parse(from === 'form' ? liftFormSchema : liftSchema, body);
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      const change = planLift(current, input, today());
      await repo.updateSuspension(tx, id, { status: change.status, scope: change.scope, detail: change.detail, scopeSince: change.scopeSince, liftedOn: change.liftedOn });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: change.kind,
        occurredOn: input.liftedOn,
        scopeAfter: change.status === 'active' ? change.scope : null,
        detailAfter: change.status === 'active' ? change.detail : null,
        reason: input.evidence,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  async function reinstate(actor: Actor, id: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(reinstateSchema, body);
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      const change = planReinstate(current, input, today());
      if (current.status === 'lifted') {
        const ofService = await repo.suspensionsForService(tx, current.service.id);
        if (ofService[0]?.id !== id || ofService.some((s) => s.status === 'active')) {
          throw new Conflict('Only the latest suspension of a service can be reinstated, and only when none is in force');
        }
      }
      await repo.updateSuspension(tx, id, { status: change.status, scope: change.scope, detail: change.detail, scopeSince: change.scopeSince, liftedOn: null });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: 'reinstated',
        occurredOn: input.reinstatedOn,
        scopeAfter: change.scope,
        detailAfter: change.detail,
        reason: input.reason,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  async function changeReviewDate(actor: Actor, id: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(reviewDateSchema, body);
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      if (current.status !== 'active') throw new Conflict('This suspension has been lifted');
      if (input.reviewOn < current.startsOn) throw new Invalid([{ path: 'reviewOn', message: 'The review date must be on or after the start date' }]);
      await repo.updateSuspension(tx, id, { reviewOn: input.reviewOn });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: 'review_date_changed',
        occurredOn: today(),
        scopeAfter: current.scope,
        detailAfter: current.detail,
        reason: input.reason,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  async function startProcess(actor: Actor, serviceId: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(processSchema, body);
    checkEventDate('startedOn', input.startedOn, today());
    return store.asUser(actor, async (tx) => {
      const service = await visibleService(tx, serviceId);
      const open = (await repo.processesForService(tx, serviceId)).find((p) => p.status === 'open' && p.kind === input.kind);
      if (open) throw new Conflict('This process is already open for the service', 'kind');
      const { id } = await repo.insertProcess(tx, {
        councilId: service.council_id,
        serviceId,
        kind: input.kind,
        reason: input.reason,
        startedOn: input.startedOn,
        reviewOn: input.reviewOn ?? null,
        startedBy: actor.userId,
      });
      return loadProcess(tx, id);
    });
  }

  async function endProcess(actor: Actor, id: string, body: unknown) {
    authorise(actor, 'escalation.decide');
    const input = parse(endProcessSchema, body);
    return store.asUser(actor, async (tx) => {
      const current = await loadProcess(tx, id);
      if (current.status !== 'open') throw new Conflict('This process has already ended');
      checkEventDate('endedOn', input.endedOn, today(), { date: current.startedOn, what: 'the date it started' });
      await repo.endProcess(tx, id, { endedOn: input.endedOn, outcome: input.outcome, endedBy: actor.userId });
      return loadProcess(tx, id);
    });
  }

  return {
    today,
    evidenceChoices,
    openCase,
    escalate: (actor: Actor, id: string, body: unknown) => changeStage(actor, id, 'escalate', body),
    deEscalate: (actor: Actor, id: string, body: unknown) => changeStage(actor, id, 'de_escalate', body),
    closeCase,
    addMeeting,
    addDecision,
    addAction,
    completeAction,
    suspend,
    lift,
    reinstate,
    changeReviewDate,
    startProcess,
    endProcess,

    async getCase(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadCase(tx, id));
    },

    async getSuspension(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadSuspension(tx, id));
    },

    async getProcess(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadProcess(tx, id));
    },

    async provider(actor: Actor, providerId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const provider = await repo.findProvider(tx, providerId);
        if (!provider) throw new NotFound('Provider');
        return { id: provider.id, name: provider.name, services: await repo.groupServiceCount(tx, providerId) };
      });
    },

    /** Everything escalated about one service: the cases covering it, its suspensions and contractual processes. */
    async forService(actor: Actor, serviceId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const service = await visibleService(tx, serviceId);
        const ancestors = await repo.providerAncestors(tx, service.provider_id);
        const cases = await casesWithOverdue(tx, await repo.casesCovering(tx, serviceId, ancestors));
        const suspensionRows = await repo.suspensionsForService(tx, serviceId);
        const events = await repo.suspensionEvents(tx, suspensionRows.map((s) => s.id));
        const day = today();
        return {
          service: { id: service.id, name: service.name, provider: { id: service.provider_id, name: service.provider_name } },
          cases,
          suspensions: suspensionRows.map((row) => toSuspension(row, events, day)),
          processes: (await repo.processesForService(tx, serviceId)).map((row) => toProcess(row, day)),
        };
      });
    },

    /** The services of a provider group with their suspensions, in force and lifted. */
    async groupSuspensions(actor: Actor, providerId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const provider = await repo.findProvider(tx, providerId);
        if (!provider) throw new NotFound('Provider');
        const rows = await repo.groupSuspensions(tx, providerId);
        const events = await repo.suspensionEvents(tx, rows.map((r) => r.id));
        const groupCases = await casesWithOverdue(tx, await repo.casesForProviders(tx, [providerId]));
        const day = today();
        return { provider: { id: provider.id, name: provider.name }, suspensions: rows.map((row) => toSuspension(row, events, day)), cases: groupCases };
      });
    },

    /** The council's open cases, suspensions in force and open processes, and the actions of those cases now overdue. */
    async overview(actor: Actor) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const day = today();
        const caseRows = await repo.openCases(tx);
        const cases = caseRows.map((row) => toCase(row));
        const caseById = new Map(cases.map((c) => [c.id, c]));
        const overdueActions: OverdueAction[] = (await repo.openActions(tx, caseRows.map((r) => r.id)))
          .filter((a) => isCaseActionOverdue({ status: a.status, dueOn: a.due_on }, 'open', day))
          .map((a) => ({
            id: a.id,
            caseId: a.case_id,
            subject: caseById.get(a.case_id)!.subject,
            description: a.description,
            ownerName: a.owner_name,
            ownerOrganisationType: a.owner_organisation_type,
            dueOn: a.due_on,
          }));
        return {
          today: day,
          cases: cases.map((c) => ({ ...c, overdueActions: overdueActions.filter((a) => a.caseId === c.id).length })),
          suspensions: (await repo.activeSuspensions(tx)).map((row) => toSuspension(row, [], day)),
          processes: (await repo.openProcesses(tx)).map((row) => toProcess(row, day)),
          overdueActions,
        };
      });
    },

    /** The timeline lines for one service: case steps and meetings, suspension steps, processes. */
    async timelineEvents(actor: Actor, serviceId: string): Promise<TimelineEvent[]> {
      return store.asUser(actor, async (tx) => {
        const service = await repo.findService(tx, serviceId);
        if (!service) return [];
        const ancestors = await repo.providerAncestors(tx, service.provider_id);
        const cases = await repo.casesCovering(tx, serviceId, ancestors);
        const ids = cases.map((c) => c.id);
        const caseById = new Map(cases.map((c) => [c.id, c]));
        const [events, meetings] = [await repo.caseEvents(tx, ids), await repo.meetings(tx, ids)];
        const suspensions = await repo.suspensionsForService(tx, serviceId);
        const suspensionEvents = await repo.suspensionEvents(tx, suspensions.map((s) => s.id));
        const processes = await repo.processesForService(tx, serviceId);
        return timelineLines({ caseById, events, meetings, suspensionEvents, processes });
      });
    },
  };
}

export type EscalationService = ReturnType<typeof escalationService>;


function timelineLines(input: {
  caseById: Map<string, { id: string; service_id: string | null; provider_name: string | null }>;
  events: Awaited<ReturnType<typeof repo.caseEvents>>;
  meetings: Awaited<ReturnType<typeof repo.meetings>>;
  suspensionEvents: Awaited<ReturnType<typeof repo.suspensionEvents>>;
  processes: repo.ProcessRow[];
}): TimelineEvent[] {
  const lines: TimelineEvent[] = [];
  for (const e of input.events) {
    const owner = input.caseById.get(e.case_id);
    const group = owner && !owner.service_id ? (owner.provider_name ?? 'the provider group') : undefined;
    lines.push({ occurredOn: e.occurred_on, kind: 'escalation', source: 'concerns', sourceLabel: 'Concerns procedure', summary: caseEventLine(e, group), href: paths.escalation.case(e.case_id), recordId: e.id });
  }
  for (const m of input.meetings) {
    lines.push({ occurredOn: m.held_on, kind: 'escalation', source: 'concerns', sourceLabel: 'Concerns procedure', summary: meetingLine(m.attendees as Attendee[]), href: paths.escalation.case(m.case_id), recordId: m.id });
  }
  for (const e of input.suspensionEvents) {
    lines.push({ occurredOn: e.occurred_on, kind: 'escalation', source: 'suspension', sourceLabel: 'Suspension of placements', summary: suspensionEventLine(e), href: paths.escalation.suspension(e.suspension_id), recordId: e.id });
  }
  for (const p of input.processes) lines.push(...processLines(p));
  return lines.sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
}

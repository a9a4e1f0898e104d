import { paths } from '../core/http/paths.ts';
import type { Router } from '../core/http/route.ts';
import type { CaseDetail } from './cases.service.ts';
import {
  actionSchema,
  closeCaseSchema,
  completeActionSchema,
  decisionSchema,
  endProcessSchema,
  liftSchema,
  meetingSchema,
  openCaseSchema,
  processSchema,
  reinstateSchema,
  reviewDateSchema,
  stageChangeSchema,
  suspensionSchema,
} from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';
import type { ContractProcess } from './processes.service.ts';
import type { Suspension } from './suspensions.service.ts';

/** The JSON API of escalation (API.md plus the steps it leaves to us): the owning council only. */

function caseToApi(c: CaseDetail) {
  return {
    id: c.id,
    serviceId: c.subject.kind === 'service' ? c.subject.id : null,
    providerId: c.subject.kind === 'provider_group' ? c.subject.id : null,
    subject: c.subject,
    stage: c.stage,
    status: c.status,
    reason: c.reason,
    openedOn: c.openedOn,
    openedBy: c.openedBy,
    closedOn: c.closedOn,
    overdue: c.overdueActions > 0,
    history: c.events,
    evidence: c.evidence,
    meetings: c.meetings,
    decisions: c.decisions,
    actions: c.actions,
    updatedAt: c.updatedAt.toISOString(),
  };
}

function suspensionToApi(s: Suspension) {
  return {
    id: s.id,
    serviceId: s.service.id,
    service: s.service,
    provider: s.provider,
    scope: s.scope,
    detail: s.detail,
    reason: s.reason,
    startsOn: s.startsOn,
    reviewOn: s.reviewOn,
    scopeSince: s.scopeSince,
    status: s.status,
    liftedOn: s.liftedOn,
    reviewOverdue: s.reviewOverdue,
    history: s.events,
    updatedAt: s.updatedAt.toISOString(),
  };
}

function processToApi(p: ContractProcess) {
  return {
    id: p.id,
    serviceId: p.service.id,
    kind: p.kind,
    reason: p.reason,
    startedOn: p.startedOn,
    reviewOn: p.reviewOn,
    status: p.status,
    endedOn: p.endedOn,
    outcome: p.outcome,
    startedBy: p.startedBy,
    reviewOverdue: p.reviewOverdue,
  };
}

export function escalationApi(route: Router, escalation: EscalationService) {
  const api = paths.escalation.api;
  const read = { access: 'escalation.read', ids: ['id'] } as const;
  const decide = { access: 'escalation.decide', ids: ['id'] } as const;
  const record = { access: 'escalation.record', ids: ['id'] } as const;

  route.post(api.serviceConcerns(':id'), { ...decide, body: openCaseSchema }, async ({ actor, ids, body, reply }) => {
    const c = await escalation.openCase(actor, { serviceId: ids.id }, body);
    return reply.code(201).header('location', api.case(c.id)).send(caseToApi(c));
  });
  route.get(api.serviceConcerns(':id'), read, async ({ actor, ids }) => {
    const { cases } = await escalation.forService(actor, ids.id);
    return { items: cases.map(({ overdueActions, ...c }) => ({ ...c, overdue: overdueActions > 0, updatedAt: c.updatedAt.toISOString() })) };
  });
  route.post(api.providerConcerns(':id'), { ...decide, body: openCaseSchema }, async ({ actor, ids, body, reply }) => {
    const c = await escalation.openCase(actor, { providerId: ids.id }, body);
    return reply.code(201).header('location', api.case(c.id)).send(caseToApi(c));
  });
  route.get(api.case(':id'), read, async ({ actor, ids }) => caseToApi(await escalation.getCase(actor, ids.id)));
  route.post(api.escalate(':id'), { ...decide, body: stageChangeSchema }, async ({ actor, ids, body }) => caseToApi(await escalation.escalate(actor, ids.id, body)));
  route.post(api.deEscalate(':id'), { ...decide, body: stageChangeSchema }, async ({ actor, ids, body }) => caseToApi(await escalation.deEscalate(actor, ids.id, body)));
  route.post(api.close(':id'), { ...decide, body: closeCaseSchema }, async ({ actor, ids, body }) => caseToApi(await escalation.closeCase(actor, ids.id, body)));
  route.post(api.meetings(':id'), { ...record, body: meetingSchema }, async ({ actor, ids, body, reply }) => reply.code(201).send(caseToApi(await escalation.addMeeting(actor, ids.id, body))));
  route.post(api.decisions(':id'), { ...record, body: decisionSchema }, async ({ actor, ids, body, reply }) => reply.code(201).send(caseToApi(await escalation.addDecision(actor, ids.id, body))));
  route.post(api.actions(':id'), { ...record, body: actionSchema }, async ({ actor, ids, body, reply }) => reply.code(201).send(caseToApi(await escalation.addAction(actor, ids.id, body))));
  route.post(api.completeAction(':id'), { ...record, body: completeActionSchema }, async ({ actor, ids, body }) => caseToApi(await escalation.completeAction(actor, ids.id, body)));

  route.post(api.serviceSuspensions(':id'), { ...decide, body: suspensionSchema }, async ({ actor, ids, body, reply }) => {
    const s = await escalation.suspend(actor, ids.id, body);
    return reply.code(201).header('location', api.suspension(s.id)).send(suspensionToApi(s));
  });
  route.get(api.serviceSuspensions(':id'), read, async ({ actor, ids }) => {
    const { suspensions } = await escalation.forService(actor, ids.id);
    return { items: suspensions.map(suspensionToApi) };
  });
  route.get(api.suspension(':id'), read, async ({ actor, ids }) => suspensionToApi(await escalation.getSuspension(actor, ids.id)));
  route.post(api.lift(':id'), { ...decide, body: liftSchema }, async ({ actor, ids, body }) => suspensionToApi(await escalation.lift(actor, ids.id, body)));
  route.post(api.reinstate(':id'), { ...decide, body: reinstateSchema }, async ({ actor, ids, body }) => suspensionToApi(await escalation.reinstate(actor, ids.id, body)));
  route.post(api.reviewDate(':id'), { ...decide, body: reviewDateSchema }, async ({ actor, ids, body }) => suspensionToApi(await escalation.changeReviewDate(actor, ids.id, body)));
  route.get(api.groupSuspensions(':id'), read, async ({ actor, ids }) => {
    const group = await escalation.groupSuspensions(actor, ids.id);
    return { provider: group.provider, items: group.suspensions.filter((s) => s.status === 'active').map(suspensionToApi) };
  });

  route.post(api.serviceProcesses(':id'), { ...decide, body: processSchema }, async ({ actor, ids, body, reply }) => {
    const p = await escalation.startProcess(actor, ids.id, body);
    return reply.code(201).header('location', api.process(p.id)).send(processToApi(p));
  });
  route.get(api.serviceProcesses(':id'), read, async ({ actor, ids }) => {
    const { processes } = await escalation.forService(actor, ids.id);
    return { items: processes.map(processToApi) };
  });
  route.get(api.process(':id'), read, async ({ actor, ids }) => processToApi(await escalation.getProcess(actor, ids.id)));
  route.post(api.endProcess(':id'), { ...decide, body: endProcessSchema }, async ({ actor, ids, body }) => processToApi(await escalation.endProcess(actor, ids.id, body)));
}

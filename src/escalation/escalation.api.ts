import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../core/errors.ts';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { CaseDetail, ContractProcess, EscalationService, Suspension } from './escalation.service.ts';

/** The JSON API of escalation (API.md plus the steps it leaves to us): the owning council only. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function idOf(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new NotFound();
  return value;
}

export function caseToApi(c: CaseDetail) {
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

export function suspensionToApi(s: Suspension) {
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

export function processToApi(p: ContractProcess) {
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

export function escalationApi(app: FastifyInstance, escalation: EscalationService) {
  const api = paths.escalation.api;

  app.post(api.serviceConcerns(':id'), async (request, reply) => {
    const c = await escalation.openCase(requireActor(request), { serviceId: idOf(request) }, request.body);
    return reply.code(201).header('location', api.case(c.id)).send(caseToApi(c));
  });
  app.get(api.serviceConcerns(':id'), async (request) => {
    const { cases } = await escalation.forService(requireActor(request), idOf(request));
    return { items: cases.map(({ overdueActions, ...c }) => ({ ...c, overdue: overdueActions > 0, updatedAt: c.updatedAt.toISOString() })) };
  });
  app.post(api.providerConcerns(':id'), async (request, reply) => {
    const c = await escalation.openCase(requireActor(request), { providerId: idOf(request) }, request.body);
    return reply.code(201).header('location', api.case(c.id)).send(caseToApi(c));
  });
  app.get(api.case(':id'), async (request) => caseToApi(await escalation.getCase(requireActor(request), idOf(request))));
  app.post(api.escalate(':id'), async (request) => caseToApi(await escalation.escalate(requireActor(request), idOf(request), request.body)));
  app.post(api.deEscalate(':id'), async (request) => caseToApi(await escalation.deEscalate(requireActor(request), idOf(request), request.body)));
  app.post(api.close(':id'), async (request) => caseToApi(await escalation.closeCase(requireActor(request), idOf(request), request.body)));
  app.post(api.meetings(':id'), async (request, reply) => reply.code(201).send(caseToApi(await escalation.addMeeting(requireActor(request), idOf(request), request.body))));
  app.post(api.decisions(':id'), async (request, reply) => reply.code(201).send(caseToApi(await escalation.addDecision(requireActor(request), idOf(request), request.body))));
  app.post(api.actions(':id'), async (request, reply) => reply.code(201).send(caseToApi(await escalation.addAction(requireActor(request), idOf(request), request.body))));
  app.post(api.completeAction(':id'), async (request) => caseToApi(await escalation.completeAction(requireActor(request), idOf(request), request.body ?? {})));

  app.post(api.serviceSuspensions(':id'), async (request, reply) => {
    const s = await escalation.suspend(requireActor(request), idOf(request), request.body);
    return reply.code(201).header('location', api.suspension(s.id)).send(suspensionToApi(s));
  });
  app.get(api.serviceSuspensions(':id'), async (request) => {
    const { suspensions } = await escalation.forService(requireActor(request), idOf(request));
    return { items: suspensions.map(suspensionToApi) };
  });
  app.get(api.suspension(':id'), async (request) => suspensionToApi(await escalation.getSuspension(requireActor(request), idOf(request))));
  app.post(api.lift(':id'), async (request) => suspensionToApi(await escalation.lift(requireActor(request), idOf(request), request.body)));
  app.post(api.reinstate(':id'), async (request) => suspensionToApi(await escalation.reinstate(requireActor(request), idOf(request), request.body)));
  app.post(api.reviewDate(':id'), async (request) => suspensionToApi(await escalation.changeReviewDate(requireActor(request), idOf(request), request.body)));
  app.get(api.groupSuspensions(':id'), async (request) => {
    const group = await escalation.groupSuspensions(requireActor(request), idOf(request));
    return { provider: group.provider, items: group.suspensions.filter((s) => s.status === 'active').map(suspensionToApi) };
  });

  app.post(api.serviceProcesses(':id'), async (request, reply) => {
    const p = await escalation.startProcess(requireActor(request), idOf(request), request.body);
    return reply.code(201).header('location', api.process(p.id)).send(processToApi(p));
  });
  app.get(api.serviceProcesses(':id'), async (request) => {
    const { processes } = await escalation.forService(requireActor(request), idOf(request));
    return { items: processes.map(processToApi) };
  });
  app.get(api.process(':id'), async (request) => processToApi(await escalation.getProcess(requireActor(request), idOf(request))));
  app.post(api.endProcess(':id'), async (request) => processToApi(await escalation.endProcess(requireActor(request), idOf(request), request.body)));
}

import { isActionOverdue, openActions } from '../../actions/index.ts';
import { publishedFullAssessments } from '../../assessments/index.ts';
import type { Tx } from '../../core/db/database.ts';
import { cqcOverallHistory } from '../../cqc/index.ts';
import { serviceEscalations, suspensionsAndProcesses } from '../../escalation/index.ts';
import { concernTriages } from '../../intelligence/index.ts';
import { riskBands, serviceRisks } from '../../risk/index.ts';
import { visitsMadeToServices } from '../../visits/index.ts';
import * as repo from './dashboards.repository.ts';
import { DEFAULT_VISITS_TARGET, type CareHomesRecords, type PerformanceRecords } from './dashboards.rules.ts';
import type { Period } from '../quarter.ts';

/**
 * The records behind each dashboard, read at request time in the caller's unit of work through the read
 * models the owning capabilities publish (row-level security confines them to the reader's council).
 */

export type ServiceFilter = repo.ServiceFilter;

export async function careHomesRecords(tx: Tx, filter: ServiceFilter, today: string): Promise<CareHomesRecords> {
  const services = await repo.servicesInScope(tx, filter);
  const ids = services.map((s) => s.id);
  const cqc = await cqcOverallHistory(tx, ids);
  const bands = await riskBands(tx, filter.councilId);
  const risks = await serviceRisks(tx, filter.councilId, ids, today);
  const escalations = await serviceEscalations(tx, ids);
  const { suspensions, processes } = await suspensionsAndProcesses(tx, ids);
  const assessments = await publishedFullAssessments(tx, ids);
  return {
    services,
    cqc,
    riskBands: bands,
    riskBandOf: new Map([...risks].map(([id, r]) => [id, r.band.key])),
    inConcerns: new Set([...escalations].filter(([, e]) => e.openConcernsStage !== null).map(([id]) => id)),
    suspensions,
    contractProcesses: processes,
    assessments,
  };
}

export async function visitsTargetPerYear(tx: Tx, councilId: string): Promise<number> {
  return (await repo.visitsTarget(tx, councilId)) ?? DEFAULT_VISITS_TARGET;
}

export async function performanceRecords(tx: Tx, filter: ServiceFilter, period: Period, today: string): Promise<PerformanceRecords> {
  const services = await repo.servicesInScope(tx, filter);
  // Visits against the target, the assessment regime, action plans, suspensions and contract processes concern the
  // services the council commissions; reports from the public are intelligence, about any service in scope.
  const ids = services.filter((s) => !s.notCommissioned).map((s) => s.id);
  const names = new Map(services.map((s) => [s.id, s.name]));
  const officers = await repo.officers(tx, filter);
  const made = await visitsMadeToServices(tx, ids, period);
  const madeBy = await repo.userNames(
    tx,
    made.flatMap((v) => (v.officerId ? [v.officerId] : [])),
  );
  const risks = await serviceRisks(tx, filter.councilId, ids, today);
  const actions = await openActions(tx, ids);
  const { suspensions, processes } = await suspensionsAndProcesses(tx, ids);
  // Every report from the public counts when no filter narrows the services; otherwise those naming one in scope.
  const narrowed = filter.team !== undefined || filter.leadOfficerId !== undefined || filter.narrowedByCategory === true;
  const concerns = (await concernTriages(tx, filter.councilId, period)).filter((c) => !narrowed || (c.serviceId !== null && names.has(c.serviceId)));
  return {
    officers,
    visitsByOfficer: made.map((v) => ({ officerId: v.officerId, officerName: v.officerId ? (madeBy.get(v.officerId) ?? null) : null, count: v.count })),
    visitsTargetPerYear: await visitsTargetPerYear(tx, filter.councilId),
    fullAssessmentsDue: [...risks].flatMap(([id, r]) => (r.schedule.fullAssessment ? [{ serviceId: id, name: names.get(id) ?? '', dueOn: r.schedule.fullAssessment.dueOn }] : [])),
    openActions: actions.map((a) => ({ planId: a.planId, serviceId: a.serviceId, dueOn: a.dueOn, overdue: isActionOverdue(a, a.planStatus, today) })),
    suspensionReviews: suspensions.map((s) => ({ serviceId: s.serviceId, reviewOn: s.reviewOn })),
    processReviews: processes.map((p) => ({ serviceId: p.serviceId, reviewOn: p.reviewOn })),
    concerns,
  };
}

import { paths } from '../../core/http/paths.ts';
import type { Router } from '../../core/http/route.ts';
import type { Ratio } from '../quarterly.rules.ts';
import { careHomesSections, performanceSections } from './dashboards.document.ts';
import type { CareHomesFigures, PerformanceFigures } from './dashboards.rules.ts';
import { sendExport } from './dashboards.routes.ts';
import { dashboardQuery } from './dashboards.schemas.ts';
import type { Dashboard, DashboardsService } from './dashboards.service.ts';

/** GET /api/v1/dashboards/care-homes and /performance: the figures as JSON, or `?format=csv|xlsx|pdf`. */

const ratio = (r: Ratio | null) => (r ? { count: r.numerator, of: r.denominator } : null);

function about(d: Dashboard<unknown>) {
  return {
    council: d.council,
    madeOn: d.madeOn,
    period: { key: d.period.key, label: d.period.label, from: d.period.from, to: d.period.to },
    filters: { category: d.filters.category ?? null, team: d.filters.team ?? null, leadOfficer: d.filters.leadOfficer ?? null },
  };
}

export function careHomesToApi(d: Dashboard<CareHomesFigures>) {
  const f = d.figures;
  return {
    ...about(d),
    services: f.services,
    notCommissioned: { services: f.notCommissioned.services, beds: f.notCommissioned.beds, byCqcRating: f.notCommissioned.byCqcRating },
    byCqcRating: f.byCqcRating,
    byRiskBand: f.byRiskBand,
    suspended: f.suspended,
    inConcernsProcedure: f.inConcerns,
    underContractRemedies: f.underContractRemedies,
    goodOrBetterByQuarter: f.goodOrBetterByQuarter.map((q) => ({
      quarter: q.label,
      ours: ratio(q.ours),
      oursPercent: q.oursPercent,
      cqc: ratio(q.cqc),
      cqcPercent: q.cqcPercent,
    })),
    cqcChanges: f.cqcChanges,
  };
}

export function performanceToApi(d: Dashboard<PerformanceFigures>) {
  const f = d.figures;
  return {
    ...about(d),
    visitsTargetPerYear: f.visitsTargetPerYear,
    targetPerOfficer: f.targetPerOfficer,
    visitsMade: f.visitsMade,
    visits: f.visits,
    fullAssessmentsOverdue: f.fullAssessmentsOverdue,
    actionPlansOverdue: f.actionPlansOverdue,
    actionsOverdue: f.actionsOverdue,
    suspensionReviewsOverdue: f.suspensionReviewsOverdue,
    processReviewsOverdue: f.processReviewsOverdue,
    triage: f.triage,
  };
}

export function dashboardsApi(route: Router, dashboards: DashboardsService) {
  route.get(paths.dashboards.apiCareHomes, { access: 'dashboards.read', query: dashboardQuery }, async ({ actor, query, reply }) => {
    const d = await dashboards.careHomes(actor, query);
    if (query.format) return sendExport(reply, query.format, d, 'careHomes', careHomesSections(d.figures));
    return careHomesToApi(d);
  });

  route.get(paths.dashboards.apiPerformance, { access: 'dashboards.read', query: dashboardQuery }, async ({ actor, query, reply }) => {
    const d = await dashboards.performance(actor, query);
    if (query.format) return sendExport(reply, query.format, d, 'performance', performanceSections(d.figures));
    return performanceToApi(d);
  });
}

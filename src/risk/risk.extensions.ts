import { can } from '../core/auth/permissions.ts';
import type { ServiceDetailSource, ServicePanelSource, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { formatPrr } from './prr.ts';
import { riskSummaryToApi } from './risk.json.ts';
import type { RiskServiceApi } from './risk.service.ts';
import { serviceRiskView } from './risk.view.ts';

/**
 * What risk adds to pages and documents other capabilities own: a panel on the service page, `risk` on
 * GET /api/v1/services/{id}, and each confirmed rating on the service timeline. Providers and partners
 * get nothing: they never see ratings.
 */
export function riskExtensions(risk: RiskServiceApi) {
  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'risk.read')) return undefined;
    const view = await risk.serviceRisk(actor, serviceId);
    return { id: 'risk', title: 'Provider Risk Rating', template: 'risk/views/panel.njk', model: { ...serviceRiskView(view), canRate: can(actor, 'risk.rate') } };
  };

  const detail: ServiceDetailSource = async (actor, serviceId) => {
    if (!can(actor, 'risk.read')) return {};
    const [latest] = await risk.history(actor, serviceId);
    return { risk: riskSummaryToApi(latest ?? null) };
  };

  const timeline: TimelineSource = async (actor, serviceId) => {
    if (!can(actor, 'risk.read')) return [];
    const history = await risk.history(actor, serviceId);
    return history.map((r) => ({
      occurredOn: r.ratedOn,
      kind: 'risk',
      summary: `Risk rating confirmed: ${formatPrr(r.prr)} (${r.band.label.toLowerCase()}) by ${r.ratedBy.name ?? 'a former user'}`,
      href: paths.risk.service(serviceId),
      recordId: r.id,
    }));
  };

  return { panel, detail, timeline };
}

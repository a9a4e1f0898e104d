import { can } from '../core/auth/permissions.ts';
import type { ServiceDetailSource, ServiceExtensions, ServicePanelSource } from '../core/http/extensions.ts';
import type { LiveStatusService } from './status.service.ts';
import { entryToApi, entryView } from './status.view.ts';

/**
 * What the live status adds to the service page (a panel, first of all) and to GET /api/v1/services/{id}
 * (`status` and `liveStatus`): the same derivation as the list, so they cannot disagree.
 */
export function statusExtensions(liveStatus: LiveStatusService): Partial<ServiceExtensions> {
  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'status.read') && actor.role !== 'provider') return undefined;
    const found = await liveStatus.entry(actor, serviceId);
    if (!found) return undefined;
    return { id: 'live-status', title: 'Live status', template: 'status/views/service-panel.njk', model: { view: entryView(found), canSeeList: can(actor, 'status.read') } };
  };

  const detail: ServiceDetailSource = async (actor, serviceId) => {
    const found = await liveStatus.entry(actor, serviceId);
    if (!found) return {};
    const item = entryToApi(found);
    return { status: item.status, liveStatus: item };
  };

  return { panels: [panel], details: [detail] };
}

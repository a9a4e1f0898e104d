import { can } from '../core/auth/permissions.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource, HomeTask } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import * as registerRepo from './register.repository.ts';
import type { WorkListServiceApi } from './work-list.service.ts';

/** The dashboards the headline figures lead to (another capability's pages). */
const CARE_HOMES_DASHBOARD = '/dashboards/care-homes';

/**
 * Risk's lines on the home page: an officer's (or commissioner's) rating work on the services they lead, as
 * the work list counts it; for a commissioner, ratings waiting for approval and the council's risk figures.
 */
export function riskHome(store: Store, work: WorkListServiceApi): HomeSource {
  return async (actor) => {
    const tasks: HomeTask[] = [];
    if (actor.orgKind !== 'council') return tasks;
    if (can(actor, 'risk.rate')) {
      const { summary } = await work.workList(actor);
      tasks.push(
        { group: 'Your work', text: 'Services you lead with no risk rating', count: summary.notRated, href: paths.work, urgent: true },
        { group: 'Your work', text: 'Services with rating work overdue', count: summary.overdue, href: paths.work, urgent: true },
        { group: 'Your work', text: 'Services with rating work due soon', count: summary.dueSoon, href: paths.work },
        { group: 'Your work', text: 'Ratings due again: the facts have changed', count: summary.needsRerating, href: paths.work },
      );
    }
    if (can(actor, 'risk.approve')) {
      const rows = await store.asUser(actor, (tx) => registerRepo.servicesWithLatestRating(tx, actor.orgId));
      const rated = rows.filter((r) => r.rating_id !== null);
      tasks.push(
        { group: 'Waiting for your approval', text: 'Risk ratings to approve', count: rated.filter((r) => !r.approved).length, href: paths.risk.audit, urgent: true },
        { group: 'The council’s figures', text: 'Services in the register', count: rows.length, href: CARE_HOMES_DASHBOARD },
        { group: 'The council’s figures', text: 'Services rated high or very high risk', count: rated.filter((r) => r.band_key === 'high' || r.band_key === 'very_high').length, href: CARE_HOMES_DASHBOARD },
        { group: 'The council’s figures', text: 'Services with no risk rating', count: rows.length - rated.length, href: paths.risk.register },
      );
    }
    return tasks;
  };
}
